package dev.margintopup.dialect.bybit;

import java.util.Objects;

/**
 * A failure the Bybit dialect server plays on the next {@code remaining} requests whose path
 * starts with {@code pathPrefix}. Only {@link Type#LOSE_RESPONSE} and the {@code APPLIED_*} faults
 * apply the request; every other fault answers (or hangs up) without touching the books.
 *
 * @param field the field a {@link Type#MISSING_FIELD} or {@link Type#NON_NUMERIC} fault spoils
 */
public record BybitFault(Type type, String pathPrefix, int remaining, String field) {

    public enum Type {
        /** Apply the request, then drop the connection without a response. */
        LOSE_RESPONSE,
        /** Drop the connection without applying the request: a crash before the venue acted. */
        DROP,
        /** HTTP 500 with a plain-text body, not applied. */
        HTTP_500,
        /** HTTP 503 with an HTML maintenance page, not applied. */
        MAINTENANCE_503,
        /** retCode 10006 with the X-Bapi-Limit headers, not applied. */
        RATE_LIMIT,
        /** HTTP 403 with an empty body: Bybit's IP rate limit, not applied. */
        IP_RATE_LIMIT,
        /** The real answer with {@code field} removed (the first one found); a POST is not applied. */
        MISSING_FIELD,
        /** The real answer with {@code field} set to a non-numeric string; a POST is not applied. */
        NON_NUMERIC,
        /** HTTP 200 with an HTML page instead of JSON, not applied. */
        HTML_PAGE,
        /** HTTP 200 with an empty body, not applied. */
        EMPTY_BODY,
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

    public BybitFault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        if (remaining < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, was " + remaining);
        }
        if ((type == Type.MISSING_FIELD || type == Type.NON_NUMERIC || type == Type.APPLIED_MISSING_FIELD
                || type == Type.APPLIED_RETYPED) && (field == null || field.isBlank())) {
            throw new IllegalArgumentException(type + " needs the field it spoils");
        }
    }

    public static BybitFault of(Type type, String pathPrefix) {
        return new BybitFault(type, pathPrefix, 1, null);
    }

    public static BybitFault missingField(String pathPrefix, String field) {
        return new BybitFault(Type.MISSING_FIELD, pathPrefix, 1, field);
    }

    /** An {@code APPLIED_*} fault: the request moves money, then its answer is spoiled ({@code field} where needed). */
    public static BybitFault appliedThen(Type type, String pathPrefix, String field) {
        return new BybitFault(type, pathPrefix, 1, field);
    }

    public static BybitFault nonNumeric(String pathPrefix, String field) {
        return new BybitFault(Type.NON_NUMERIC, pathPrefix, 1, field);
    }

    /** The same fault, played on the next {@code count} matching requests. */
    public BybitFault times(int count) {
        return new BybitFault(type, pathPrefix, count, field);
    }
}
