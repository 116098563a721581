package dev.margintopup.venue.binance;

import dev.margintopup.venue.http.Hmac;

/**
 * Signs Binance SIGNED requests: lowercase hex HMAC-SHA256, keyed by the API secret, over
 * {@code totalParams} — the query string followed directly by the form body, with no {@code &}
 * between them. The {@code signature} parameter goes last and is not part of what is signed.
 */
public final class BinanceSigner {

    private BinanceSigner() {}

    public static String sign(String apiSecret, String totalParams) {
        return Hmac.sha256Hex(apiSecret, totalParams);
    }

    /** The string Binance signs: query then body, concatenated as they are (either may be empty). */
    public static String totalParams(String query, String body) {
        return (query == null ? "" : query) + (body == null ? "" : body);
    }
}
