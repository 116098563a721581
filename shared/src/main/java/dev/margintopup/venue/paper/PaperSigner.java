package dev.margintopup.venue.paper;

import dev.margintopup.venue.http.Hmac;

/**
 * Signs paper venue requests: lowercase hex HMAC-SHA256, keyed by the API secret, over
 * {@code timestamp + METHOD + pathWithQuery + body} (the body is empty for a GET).
 */
public final class PaperSigner {

    private PaperSigner() {}

    public static String sign(String apiSecret, long timestampMillis, String method, String pathWithQuery, String body) {
        String payload = timestampMillis + method + pathWithQuery + (body == null ? "" : body);
        return Hmac.sha256Hex(apiSecret, payload);
    }
}
