package dev.margintopup.venue.okx;

import dev.margintopup.venue.VenueCredentials;
import java.util.regex.Pattern;

/**
 * Scrubs what OKX (or a proxy in front of it) sends back before it reaches an exception message:
 * echoed headers would otherwise carry the key, passphrase or signature into logs and alerts.
 */
final class OkxRedaction {

    /** 43 Base64 characters and one pad: the shape of a Base64 HMAC-SHA256 signature. */
    private static final Pattern SIGNATURE_SHAPE = Pattern.compile("[A-Za-z0-9+/]{43}=");
    private static final int SNIPPET_LENGTH = 80;

    private final VenueCredentials credentials;

    OkxRedaction(VenueCredentials credentials) {
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

    String snippet(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        String cut = oneLine.length() > SNIPPET_LENGTH ? oneLine.substring(0, SNIPPET_LENGTH) + "..." : oneLine;
        return scrub(cut);
    }

    private static String replace(String text, String secret, String mask) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, mask);
    }
}
