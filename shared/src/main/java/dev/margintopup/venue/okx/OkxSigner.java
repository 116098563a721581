package dev.margintopup.venue.okx;

import dev.margintopup.venue.http.Hmac;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
        return Hmac.sha256Base64(apiSecret, prehash);
    }
}
