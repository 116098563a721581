package dev.margintopup.venue.bybit;

import dev.margintopup.venue.http.Hmac;

/**
 * Signs Bybit v5 requests with an HMAC key: lowercase hex HMAC-SHA256, keyed by the API secret,
 * over {@code timestamp + apiKey + recvWindow + payload}. The payload is the query string exactly
 * as sent for a GET, and the exact JSON body for a POST.
 */
public final class BybitSigner {

    private BybitSigner() {}

    public static String stringToSign(long timestampMillis, String apiKey, long recvWindowMillis, String payload) {
        return timestampMillis + apiKey + recvWindowMillis + (payload == null ? "" : payload);
    }

    public static String sign(String apiSecret, long timestampMillis, String apiKey, long recvWindowMillis,
            String payload) {
        return Hmac.sha256Hex(apiSecret, stringToSign(timestampMillis, apiKey, recvWindowMillis, payload));
    }
}
