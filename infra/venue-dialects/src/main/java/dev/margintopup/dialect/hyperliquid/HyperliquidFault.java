package dev.margintopup.dialect.hyperliquid;

import java.util.Objects;

/**
 * A failure the Hyperliquid dialect server plays on the next {@code remaining} requests of one
 * kind: an action type sent to {@code /exchange} ({@code usdClassTransfer}) or an info request
 * type ({@code clearinghouseState}).
 *
 * @param field for {@link Type#MISSING_FIELD} and {@link Type#NON_NUMERIC}: the field to break
 *     (its first occurrence in the answer); {@code null} otherwise
 */
public record HyperliquidFault(Type type, String request, int remaining, String field) {

    public enum Type {
        /** Apply the request, then drop the connection without an answer. */
        LOSE_RESPONSE,
        /** HTTP 500 with an empty body, unapplied. */
        HTTP_500,
        /** HTTP 429, unapplied: the IP's request weight is spent. */
        RATE_LIMIT,
        /** HTTP 502 with an HTML page from the load balancer, unapplied. */
        GATEWAY_PAGE,
        /** HTTP 200 with an empty body, unapplied. */
        EMPTY_BODY,
        /** HTTP 200 with an HTML page from a proxy, unapplied. */
        HTML_PAGE,
        /** HTTP 200 whose answer lacks {@code field}, unapplied. */
        MISSING_FIELD,
        /** HTTP 200 whose answer carries {@code "abc"} in {@code field}, unapplied. */
        NON_NUMERIC,
        /** Apply the request, then answer HTTP 200 with an HTML page. */
        APPLIED_HTML_PAGE,
        /** Apply the request, then answer without {@code field}. */
        APPLIED_MISSING_FIELD,
        /** Apply the request, then answer with {@code field} of another JSON type. */
        APPLIED_RETYPED
    }

    public HyperliquidFault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        if (remaining < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, was " + remaining);
        }
        if ((type == Type.MISSING_FIELD || type == Type.NON_NUMERIC || type == Type.APPLIED_MISSING_FIELD
                || type == Type.APPLIED_RETYPED) && field == null) {
            throw new IllegalArgumentException(type + " needs the field to break");
        }
    }

    public static HyperliquidFault of(Type type, String request) {
        return new HyperliquidFault(type, request, 1, null);
    }

    public static HyperliquidFault missingField(String request, String field) {
        return new HyperliquidFault(Type.MISSING_FIELD, request, 1, field);
    }

    public static HyperliquidFault nonNumeric(String request, String field) {
        return new HyperliquidFault(Type.NON_NUMERIC, request, 1, field);
    }

    /** An {@code APPLIED_*} fault: the request moves money, then its answer is spoiled ({@code field} where needed). */
    public static HyperliquidFault applied(Type type, String request, String field) {
        return new HyperliquidFault(type, request, 1, field);
    }

    public HyperliquidFault times(int count) {
        return new HyperliquidFault(type, request, count, field);
    }
}
