package dev.margintopup.venue.paper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs paper venue requests: lowercase hex HMAC-SHA256, keyed by the API secret, over
 * {@code timestamp + METHOD + pathWithQuery + body} (the body is empty for a GET).
 */
public final class PaperSigner {

    private static final HexFormat LOWER_HEX = HexFormat.of();

    private PaperSigner() {}

    public static String sign(String apiSecret, long timestampMillis, String method, String pathWithQuery, String body) {
        String payload = timestampMillis + method + pathWithQuery + (body == null ? "" : body);
        return hmacSha256Hex(apiSecret, payload);
    }

    static String hmacSha256Hex(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return LOWER_HEX.formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
