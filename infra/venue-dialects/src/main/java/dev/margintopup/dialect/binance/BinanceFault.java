package dev.margintopup.dialect.binance;

import java.util.Objects;

/**
 * A failure the dialect server plays on the next {@code remaining} requests for one exact path
 * (and method, when given), so that tests can prove exactly-once over a wire that misbehaves the
 * way Binance's does.
 *
 * @param method {@code GET} or {@code POST}, or {@code null} for either
 * @param field the field a {@link Type#MISSING_FIELD} or {@link Type#NON_NUMERIC} fault spoils
 */
public record BinanceFault(Type type, String method, String path, int remaining, String field) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public enum Type {
        /** Apply the request, then drop the connection without an answer. */
        LOSE_RESPONSE,
        /** HTTP 500 with {@code -1001 DISCONNECTED}, not applied. */
        HTTP_500,
        /** HTTP 503 "Unknown error, please check your request or try again later.", not applied. */
        HTTP_503_UNKNOWN,
        /** HTTP 503 with an HTML maintenance page from the load balancer, not applied. */
        MAINTENANCE_PAGE,
        /** HTTP 429 {@code -1003} with Retry-After and the used-weight header, not applied. */
        RATE_LIMIT,
        /** HTTP 400 {@code -1021} whatever the timestamp: a clock no re-sync can fix. Not applied. */
        REJECT_TIMESTAMP,
        /** HTTP 200 whose JSON lacks {@code field}; not applied. */
        MISSING_FIELD,
        /** HTTP 200 whose {@code field} is a non-numeric string; not applied. */
        NON_NUMERIC,
        /** HTTP 200 with an HTML page instead of JSON; not applied. */
        HTML_PAGE,
        /** HTTP 200 with an empty body; not applied. */
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

    public BinanceFault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        if (remaining < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, was " + remaining);
        }
        if ((type == Type.MISSING_FIELD || type == Type.NON_NUMERIC || type == Type.APPLIED_MISSING_FIELD
                || type == Type.APPLIED_RETYPED) && (field == null || field.isBlank())) {
            throw new IllegalArgumentException(type + " needs the field it spoils");
        }
    }

    public static BinanceFault of(Type type, String method, String path) {
        return new BinanceFault(type, method, path, 1, null);
    }

    public static BinanceFault missingField(String method, String path, String field) {
        return new BinanceFault(Type.MISSING_FIELD, method, path, 1, field);
    }

    /** An {@code APPLIED_*} fault: the request moves money, then its answer is spoiled ({@code field} where needed). */
    public static BinanceFault appliedThen(Type type, String method, String path, String field) {
        return new BinanceFault(type, method, path, 1, field);
    }

    public static BinanceFault nonNumeric(String method, String path, String field) {
        return new BinanceFault(Type.NON_NUMERIC, method, path, 1, field);
    }

    public BinanceFault times(int count) {
        return new BinanceFault(type, method, path, count, field);
    }

    public BinanceFault unlimited() {
        return times(UNLIMITED);
    }

    boolean matches(String requestMethod, String requestPath) {
        return path.equals(requestPath) && (method == null || method.equals(requestMethod));
    }

    /** True when the fault replaces the answer and leaves the books untouched. */
    boolean appliesNothing() {
        return type != Type.LOSE_RESPONSE && !type.name().startsWith("APPLIED_");
    }

    BinanceFault consumeOne() {
        if (remaining == UNLIMITED) {
            return this;
        }
        return remaining == 1 ? null : new BinanceFault(type, method, path, remaining - 1, field);
    }
}
