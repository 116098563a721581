package dev.margintopup.venue.http;

import dev.margintopup.venue.VenueCredentials;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scrubs anything a venue (or a proxy in front of it) sends back before it reaches an exception
 * message: messages end up in logs and alerts, and a misbehaving answer could echo our headers.
 * Every venue's signature shape is removed whatever the venue, so an adapter never depends on
 * knowing which shape its own proxy might echo.
 */
public final class Redaction {

    private static final String MASK = "***";
    private static final List<Pattern> SECRET_SHAPES = List.of(
            // 64 hex digits: a hex HMAC-SHA256 signature (paper, Bybit, Binance) and a Binance key.
            Pattern.compile("[0-9a-fA-F]{64}"),
            // 43 Base64 characters and one pad: a Base64 HMAC-SHA256 signature (OKX).
            Pattern.compile("[A-Za-z0-9+/]{43}="));
    private static final int SNIPPET_LENGTH = 80;

    private final VenueCredentials credentials;

    public Redaction(VenueCredentials credentials) {
        this.credentials = credentials;
    }

    /** For public market data, sent without a key: only signature-shaped runs are removed. */
    public static Redaction withoutKey() {
        return new Redaction(null);
    }

    /** The text without our secret, passphrase or signature-shaped runs, and with the key cut to its start. */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        String scrubbed = text;
        if (credentials != null) {
            scrubbed = replace(scrubbed, credentials.apiSecret(), MASK);
            scrubbed = replace(scrubbed, credentials.passphrase(), MASK);
            scrubbed = replace(scrubbed, credentials.apiKey(), VenueCredentials.redact(credentials.apiKey()));
        }
        for (Pattern shape : SECRET_SHAPES) {
            scrubbed = shape.matcher(scrubbed).replaceAll(MASK);
        }
        return scrubbed;
    }

    /** The start of a body we could not read, enough to tell an HTML error page from a proxy's text. */
    public String snippet(String body) {
        if (body == null) {
            return "";
        }
        // Scrub before cutting: a secret that crossed the cut would otherwise leave its first
        // characters behind, unrecognised.
        String oneLine = scrub(body.strip().replaceAll("\\s+", " "));
        return oneLine.length() > SNIPPET_LENGTH ? oneLine.substring(0, SNIPPET_LENGTH) + "..." : oneLine;
    }

    private static String replace(String text, String secret, String mask) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, mask);
    }
}
