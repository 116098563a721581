package dev.margintopup.venue.binance;

import dev.margintopup.venue.VenueCredentials;
import java.util.regex.Pattern;

/**
 * Scrubs anything Binance (or a proxy in front of it) sends back before it reaches an exception
 * message: messages end up in logs and alerts, and a misbehaving answer could echo our request.
 */
final class BinanceRedaction {

    /** A run of 64 hex digits has the shape of an HMAC-SHA256 signature (and of a Binance key). */
    private static final Pattern SECRET_SHAPE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int SNIPPET_LENGTH = 80;

    private final VenueCredentials credentials;

    BinanceRedaction(VenueCredentials credentials) {
        this.credentials = credentials;
    }

    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String scrubbed = replace(text, credentials.apiSecret(), "***");
        scrubbed = replace(scrubbed, credentials.passphrase(), "***");
        scrubbed = replace(scrubbed, credentials.apiKey(), VenueCredentials.redact(credentials.apiKey()));
        return SECRET_SHAPE.matcher(scrubbed).replaceAll("***");
    }

    /** The start of a body we could not read, enough to tell an HTML page from a proxy's text. */
    String snippet(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        String cut = oneLine.length() > SNIPPET_LENGTH ? oneLine.substring(0, SNIPPET_LENGTH) + "..." : oneLine;
        return scrub(cut);
    }

    private static String replace(String text, String secret, String mask) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, mask);
    }
}
