package dev.margintopup.venue.bybit;

import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.Redaction;

/** Bybit v5 {@code retCode}s and HTTP statuses, turned into typed {@link VenueException}s. */
final class BybitErrors {

    static final int OK = 0;
    static final int SERVER_TIMEOUT = 10000;
    static final int TIMESTAMP_OUTSIDE_WINDOW = 10002;
    static final int INVALID_KEY = 10003;
    static final int BAD_SIGNATURE = 10004;
    static final int PERMISSION_DENIED = 10005;
    static final int TOO_MANY_VISITS = 10006;
    static final int IP_NOT_BOUND = 10010;
    static final int SERVICE_RESTARTING = 10016;
    static final int TRANSFER_INSUFFICIENT = 131212;
    static final int TRANSFER_ID_EXISTS = 131214;
    static final int TRANSFER_SAFE_AMOUNT = 131228;
    static final int SYSTEM_BUSY = 131230;
    static final int ADD_MARGIN_INSUFFICIENT = 110014;
    static final int POSITION_IS_CROSS = 110015;
    static final int NO_OPEN_POSITION = 110033;
    /** Available margin is insufficient: the answer to taking more out of an isolated position than it may release. */
    static final int AVAILABLE_MARGIN_INSUFFICIENT = 110044;

    private BybitErrors() {}

    static Kind kind(int retCode) {
        return switch (retCode) {
            case INVALID_KEY, BAD_SIGNATURE, PERMISSION_DENIED, IP_NOT_BOUND -> Kind.AUTH;
            case TIMESTAMP_OUTSIDE_WINDOW -> Kind.TIMESTAMP;
            case TOO_MANY_VISITS -> Kind.RATE_LIMITED;
            case SERVER_TIMEOUT, SERVICE_RESTARTING, SYSTEM_BUSY -> Kind.OUTCOME_UNKNOWN;
            case TRANSFER_INSUFFICIENT, TRANSFER_SAFE_AMOUNT, ADD_MARGIN_INSUFFICIENT, AVAILABLE_MARGIN_INSUFFICIENT ->
                    Kind.INSUFFICIENT_BALANCE;
            case POSITION_IS_CROSS -> Kind.CONFIG;
            default -> Kind.REJECTED;
        };
    }

    /** A refusal Bybit reported in its envelope. */
    static VenueException refusal(String endpoint, int retCode, String retMsg, BybitReply reply, Redaction redaction) {
        String message = redaction.scrub(retMsg) + " (HTTP " + reply.status() + ")" + hint(retCode, reply);
        return new VenueException(kind(retCode), BybitV5Venue.NAME, endpoint, String.valueOf(retCode), message);
    }

    /**
     * An answer without Bybit's envelope. Bybit's edge answers 403 when the IP limit (600
     * requests per 5 s) is breached and 429 under system-level protection; neither applied the
     * request. A bare 4xx of any other kind is not proof that nothing moved.
     */
    static VenueException withoutEnvelope(String endpoint, BybitReply reply, Redaction redaction) {
        int status = reply.status();
        String start = " (body starts with \"" + redaction.snippet(reply.body() == null ? "" : reply.body()) + "\")";
        if (status == 403) {
            return new VenueException(Kind.RATE_LIMITED, BybitV5Venue.NAME, endpoint, "HTTP 403",
                    "HTTP 403: Bybit's IP rate limit (600 requests per 5 s) was breached, or the IP's region is"
                            + " blocked; stop for at least 10 minutes" + start);
        }
        if (status == 429) {
            return new VenueException(Kind.RATE_LIMITED, BybitV5Venue.NAME, endpoint, "HTTP 429",
                    "HTTP 429: Bybit's system-level frequency protection; retry later" + limitHeaders(reply) + start);
        }
        if (status == 401) {
            return new VenueException(Kind.AUTH, BybitV5Venue.NAME, endpoint, "HTTP 401",
                    "HTTP 401: the API key or signature was refused" + start);
        }
        if (status >= 500) {
            return new VenueException(Kind.OUTCOME_UNKNOWN, BybitV5Venue.NAME, endpoint, "HTTP " + status,
                    "HTTP " + status + " (maintenance or a server error); the request may or may not have taken"
                            + " effect" + start);
        }
        return new VenueException(Kind.BAD_RESPONSE, BybitV5Venue.NAME, endpoint, "HTTP " + status,
                "HTTP " + status + " without Bybit's retCode envelope" + start);
    }

    private static String hint(int retCode, BybitReply reply) {
        return switch (retCode) {
            case TOO_MANY_VISITS -> "; Bybit's per-UID limit for this endpoint (rolling 1 s) is exhausted"
                    + limitHeaders(reply);
            case INVALID_KEY -> "; check the key exists and belongs to this environment (mainnet, testnet, demo)";
            case IP_NOT_BOUND -> "; add the caller's IP to the key's IP allow-list";
            case PERMISSION_DENIED -> "; the key lacks the permission this endpoint needs";
            default -> "";
        };
    }

    /** Only digits from the venue's headers are repeated: they are the venue's text, not ours. */
    static String limitHeaders(BybitReply reply) {
        StringBuilder text = new StringBuilder();
        if (reply.limitStatus() != null && reply.limitStatus().matches("\\d{1,9}")) {
            text.append("; X-Bapi-Limit-Status ").append(reply.limitStatus());
        }
        if (reply.limitReset() != null && reply.limitReset().matches("\\d{1,19}")) {
            text.append("; retry after X-Bapi-Limit-Reset-Timestamp ").append(reply.limitReset());
        }
        return text.toString();
    }
}
