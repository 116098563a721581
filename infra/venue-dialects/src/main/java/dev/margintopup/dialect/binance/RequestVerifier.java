package dev.margintopup.dialect.binance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's side of a SIGNED request, written apart from the client's signer so that a mistake in
 * either shows up as a rejected request instead of two bugs agreeing: the {@code signature}
 * parameter is the last one of the query or of the body, and what it signs is the query string
 * followed directly by the body, with the signature parameter taken out.
 */
final class RequestVerifier {

    private static final Pattern TRAILING_SIGNATURE = Pattern.compile("(?:^|&)signature=([^&]*)$");
    private static final long DEFAULT_RECV_WINDOW = 5_000;
    private static final long MAX_RECV_WINDOW = 60_000;
    private static final long AHEAD_ALLOWANCE = 1_000;

    private RequestVerifier() {}

    /** Checks timestamp and signature (the key was looked up by the caller); throws Binance's error otherwise. */
    static void verify(DialectRequest request, String secret, long serverTime) {
        long timestamp = whole(request.required("timestamp"), "timestamp");
        long recvWindow = request.param("recvWindow") == null ? DEFAULT_RECV_WINDOW
                : whole(request.param("recvWindow"), "recvWindow");
        if (recvWindow <= 0 || recvWindow > MAX_RECV_WINDOW) {
            throw new DialectError(400, DialectError.BAD_RECV_WINDOW, "recvWindow must be less than 60000");
        }
        if (timestamp >= serverTime + AHEAD_ALLOWANCE) {
            throw new DialectError(400, DialectError.INVALID_TIMESTAMP,
                    "Timestamp for this request was 1000ms ahead of the server's time.");
        }
        if (serverTime - timestamp > recvWindow) {
            throw new DialectError(400, DialectError.INVALID_TIMESTAMP,
                    "Timestamp for this request is outside of the recvWindow.");
        }
        String query = request.rawQuery();
        String body = request.body();
        String signature;
        Matcher inBody = TRAILING_SIGNATURE.matcher(body);
        Matcher inQuery = TRAILING_SIGNATURE.matcher(query);
        if (inBody.find()) {
            signature = inBody.group(1);
            body = body.substring(0, inBody.start());
        } else if (inQuery.find()) {
            signature = inQuery.group(1);
            query = query.substring(0, inQuery.start());
        } else {
            throw new DialectError(400, DialectError.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
                    "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
        }
        byte[] expected = hmacHex(secret, query + body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new DialectError(400, DialectError.INVALID_SIGNATURE, "Signature for this request is not valid.");
        }
    }

    private static String hmacHex(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static long whole(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new DialectError(400, DialectError.ILLEGAL_CHARS, "Illegal characters found in parameter '"
                    + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
    }
}
