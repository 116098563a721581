package dev.margintopup.venue.bybit;

import dev.margintopup.venue.VenueCredentials;
import java.util.regex.Pattern;

/**
 * Scrubs what Bybit (or a proxy in front of it) sends back before it reaches an exception
 * message: messages end up in logs and alerts, and an echoed header must not carry our secrets.
 */
final class Redaction {

    /** A run of 64 hex digits has the shape of an HMAC-SHA256 signature. */
    private static final Pattern SIGNATURE_SHAPE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int SNIPPET_LENGTH = 80;

    private final VenueCredentials credentials;

    Redaction(VenueCredentials credentials) {
        this.credentials = credentials;
    }

    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String scrubbed = replace(text, credentials.apiSecret(), "***");
        scrubbed = replace(scrubbed, credentials.passphrase(), "***");
        scrubbed = replace(scrubbed, credentials.apiKey(), VenueCredentials.redact(credentials.apiKey()));
        return SIGNATURE_SHAPE.matcher(scrubbed).replaceAll("***");
    }

    private static String replace(String text, String secret, String mask) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, mask);
    }

    String snippet(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        String cut = oneLine.length() > SNIPPET_LENGTH ? oneLine.substring(0, SNIPPET_LENGTH) + "..." : oneLine;
        return scrub(cut);
    }
}
