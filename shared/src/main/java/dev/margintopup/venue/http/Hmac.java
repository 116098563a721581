package dev.margintopup.venue.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 keyed by an API secret's UTF-8 bytes over a UTF-8 payload: what every venue's signature is made of. */
public final class Hmac {

    private static final HexFormat LOWER_HEX = HexFormat.of();

    private Hmac() {}

    /** Lowercase hex, as Binance, Bybit and the paper venue send it. */
    public static String sha256Hex(String secret, String payload) {
        return LOWER_HEX.formatHex(sha256(secret, payload));
    }

    /** Base64, as OKX sends it. */
    public static String sha256Base64(String secret, String payload) {
        return Base64.getEncoder().encodeToString(sha256(secret, payload));
    }

    private static byte[] sha256(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
