package dev.margintopup.dialect.okx;

import java.util.Objects;

/**
 * A failure the OKX dialect server plays on the next {@code remaining} requests whose path starts
 * with {@code pathPrefix}.
 *
 * @param field for {@link Type#MISSING_FIELD} and {@link Type#NON_NUMERIC}: the field to break
 *     (its first occurrence in the answer); {@code null} otherwise
 */
public record OkxFault(Type type, String pathPrefix, int remaining, String field) {

    public enum Type {
        /** Apply the request, then drop the connection without an answer. */
        LOSE_RESPONSE,
        /** HTTP 500 with OKX's code 50026 "System error", unapplied. */
        HTTP_500,
        /** HTTP 503 with OKX's code 50001 "Service temporarily unavailable", unapplied. */
        SERVICE_UNAVAILABLE,
        /** HTTP 429 with OKX's code 50011 "Too Many Requests", unapplied. OKX sends no retry header. */
        RATE_LIMIT,
        /** HTTP 503 with an HTML maintenance page from the load balancer, unapplied. */
        HTML_PAGE,
        /** HTTP 200 with an empty body, unapplied. */
        EMPTY_BODY,
        /** HTTP 200 whose answer lacks {@code field}, unapplied. */
        MISSING_FIELD,
        /** HTTP 200 whose answer carries {@code "abc"} in {@code field}, unapplied. */
        NON_NUMERIC
    }

    public OkxFault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        if (remaining < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, was " + remaining);
        }
        if ((type == Type.MISSING_FIELD || type == Type.NON_NUMERIC) && field == null) {
            throw new IllegalArgumentException(type + " needs the field to break");
        }
    }

    public static OkxFault of(Type type, String pathPrefix) {
        return new OkxFault(type, pathPrefix, 1, null);
    }

    public static OkxFault missingField(String pathPrefix, String field) {
        return new OkxFault(Type.MISSING_FIELD, pathPrefix, 1, field);
    }

    public static OkxFault nonNumeric(String pathPrefix, String field) {
        return new OkxFault(Type.NON_NUMERIC, pathPrefix, 1, field);
    }

    public OkxFault times(int count) {
        return new OkxFault(type, pathPrefix, count, field);
    }
}
