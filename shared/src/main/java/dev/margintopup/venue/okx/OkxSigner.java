package dev.margintopup.venue.okx;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs OKX v5 REST requests: Base64 of HMAC-SHA256, keyed by the API secret's UTF-8 bytes, over
 * {@code timestamp + METHOD + requestPath + body}, where the request path carries the query of a
 * GET and the body is the exact JSON sent with a POST (empty for a GET).
 */
public final class OkxSigner {

    /** ISO-8601 UTC with exactly three fraction digits, as OKX expects: {@code 2020-12-08T09:08:57.715Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private OkxSigner() {}

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static String sign(String apiSecret, String timestamp, String method, String requestPath, String body) {
        String prehash = timestamp + method + requestPath + (body == null ? "" : body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
