package dev.margintopup.venue.bybit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Bybit v5 requests with an HMAC key: lowercase hex HMAC-SHA256, keyed by the API secret,
 * over {@code timestamp + apiKey + recvWindow + payload}. The payload is the query string exactly
 * as sent for a GET, and the exact JSON body for a POST.
 */
public final class BybitSigner {

    private static final HexFormat LOWER_HEX = HexFormat.of();

    private BybitSigner() {}

    public static String stringToSign(long timestampMillis, String apiKey, long recvWindowMillis, String payload) {
        return timestampMillis + apiKey + recvWindowMillis + (payload == null ? "" : payload);
    }

    public static String sign(String apiSecret, long timestampMillis, String apiKey, long recvWindowMillis,
            String payload) {
        return hmacSha256Hex(apiSecret, stringToSign(timestampMillis, apiKey, recvWindowMillis, payload));
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
