package dev.margintopup.paper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The venue's side of request signing, written apart from the client's signer so that a mistake
 * in either one shows up as a rejected request instead of two bugs agreeing with each other.
 */
final class SignatureCheck {

    static final String API_KEY_HEADER = "X-PAPER-APIKEY";
    static final String TIMESTAMP_HEADER = "X-PAPER-TIMESTAMP";
    static final String SIGNATURE_HEADER = "X-PAPER-SIGNATURE";

    /** How far the caller's clock may drift from ours, either way, as on the real venues. */
    static final long RECEIVE_WINDOW_MS = 5_000;

    private final Clock clock;

    SignatureCheck(Clock clock) {
        this.clock = clock;
    }

    /** Returns the caller's API key once key, timestamp and signature all check out. */
    String verify(ApiRequest request, Function<String, Optional<String>> secretOf) {
        String apiKey = request.header(API_KEY_HEADER);
        if (apiKey == null || apiKey.isEmpty()) {
            throw new ApiError(401, ApiError.UNKNOWN_KEY, "missing " + API_KEY_HEADER + " header");
        }
        Optional<String> secret = secretOf.apply(apiKey);
        if (secret.isEmpty()) {
            throw new ApiError(401, ApiError.UNKNOWN_KEY, "unknown API key");
        }
        long timestamp = timestamp(request.header(TIMESTAMP_HEADER));
        long skew = timestamp - clock.millis();
        if (Math.abs(skew) > RECEIVE_WINDOW_MS) {
            throw new ApiError(400, ApiError.TIMESTAMP_OUTSIDE_WINDOW,
                    "timestamp is " + skew + " ms from server time, outside the " + RECEIVE_WINDOW_MS + " ms window");
        }
        String signature = request.header(SIGNATURE_HEADER);
        String expected = hmacHex(secret.get(), request.header(TIMESTAMP_HEADER) + request.method()
                + request.pathWithQuery() + request.body());
        if (signature == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiError(401, ApiError.BAD_SIGNATURE, "signature does not match the request");
        }
        return apiKey;
    }

    static String hmacHex(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static long timestamp(String header) {
        if (header == null) {
            throw new ApiError(400, ApiError.TIMESTAMP_OUTSIDE_WINDOW, "missing " + TIMESTAMP_HEADER + " header");
        }
        try {
            return Long.parseLong(header);
        } catch (NumberFormatException e) {
            throw new ApiError(400, ApiError.TIMESTAMP_OUTSIDE_WINDOW, TIMESTAMP_HEADER + " must be epoch milliseconds");
        }
    }
}
