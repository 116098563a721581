package dev.margintopup.dialect.okx;

import java.util.Objects;

/**
 * A failure the OKX dialect server plays on the next {@code remaining} requests to exactly
 * {@code path} (no query).
 *
 * @param field for {@link Type#MISSING_FIELD} and {@link Type#NON_NUMERIC}: the field to break
 *     (its first occurrence in the answer); {@code null} otherwise
 */
public record OkxFault(Type type, String path, int remaining, String field) {

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
        MAINTENANCE_PAGE,
        /** HTTP 200 with an HTML error page, as a captive proxy or CDN serves one, unapplied. */
        HTML_PAGE,
        /** HTTP 200 with an empty body, unapplied. */
        EMPTY_BODY,
        /** HTTP 200 whose answer lacks {@code field}, unapplied. */
        MISSING_FIELD,
        /** HTTP 200 whose answer carries {@code "abc"} in {@code field}, unapplied. */
        NON_NUMERIC,
        /** Apply the request, then answer HTTP 200 with an HTML page: money moved, the answer unreadable. */
        APPLIED_HTML_PAGE,
        /** Apply the request, then answer without {@code field}: money moved, the answer partial. */
        APPLIED_MISSING_FIELD,
        /**
         * Apply the request, then answer with {@code field} of another JSON type (a decimal string
         * as a number, a number as a string): money moved, the answer differently typed.
         */
        APPLIED_RETYPED
    }

    public OkxFault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        if (remaining < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, was " + remaining);
        }
        if ((type == Type.MISSING_FIELD || type == Type.NON_NUMERIC || type == Type.APPLIED_MISSING_FIELD
                || type == Type.APPLIED_RETYPED) && field == null) {
            throw new IllegalArgumentException(type + " needs the field to break");
        }
    }

    public static OkxFault of(Type type, String path) {
        return new OkxFault(type, path, 1, null);
    }

    public static OkxFault missingField(String path, String field) {
        return new OkxFault(Type.MISSING_FIELD, path, 1, field);
    }

    /** An {@code APPLIED_*} fault: the request moves money, then its answer is spoiled ({@code field} where needed). */
    public static OkxFault appliedThen(Type type, String path, String field) {
        return new OkxFault(type, path, 1, field);
    }

    public static OkxFault nonNumeric(String path, String field) {
        return new OkxFault(Type.NON_NUMERIC, path, 1, field);
    }

    public OkxFault times(int count) {
        return new OkxFault(type, path, count, field);
    }
}
