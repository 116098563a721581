package dev.margintopup.venue.binance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Binance SIGNED requests: lowercase hex HMAC-SHA256, keyed by the API secret, over
 * {@code totalParams} — the query string followed directly by the form body, with no {@code &}
 * between them. The {@code signature} parameter goes last and is not part of what is signed.
 */
public final class BinanceSigner {

    private static final HexFormat LOWER_HEX = HexFormat.of();

    private BinanceSigner() {}

    public static String sign(String apiSecret, String totalParams) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return LOWER_HEX.formatHex(mac.doFinal(totalParams.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The string Binance signs: query then body, concatenated as they are (either may be empty). */
    public static String totalParams(String query, String body) {
        return (query == null ? "" : query) + (body == null ? "" : body);
    }
}
