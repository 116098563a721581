package dev.margintopup.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.BareStatus;
import dev.margintopup.venue.http.Redaction;
import java.util.Map;
import java.util.Set;

/** Turns an OKX error answer into a typed {@link VenueException}. */
final class OkxErrors {

    static final String TIMESTAMP_EXPIRED = "50102";
    /** Listed by OKX for fiat only; whether a repeated transfer clientId gives it is UNCONFIRMED. */
    static final String CLIENT_ID_EXISTS = "58404";

    private static final Set<String> AUTH = Set.of(
            "50100", "50101", "50103", "50104", "50105", "50106", "50107", "50108", "50109", "50110", "50111",
            "50112", "50113", "50114", "50120", "50121");
    private static final Set<String> INSUFFICIENT = Set.of("58116", "58350", "59200", "51008");
    private static final Set<String> RATE_LIMITED = Set.of("50011", "50061", "58102");
    /** Busy, unavailable, system error, endpoint timeout, "transfer is being processed": it may have happened. */
    private static final Set<String> UNKNOWN = Set.of("50001", "50004", "50013", "50026", "58124");
    /**
     * 50072 isolated margin in a multi-currency or portfolio account; 58115 and 59510 the named
     * sub-account is not the owner's (funds transfer, sub-account balances): refused, nothing moved.
     */
    private static final Set<String> CONFIG = Set.of("50072", "58115", "59510");

    /** The per-endpoint limits OKX publishes; it sends no retry header, so the message says the limit instead. */
    private static final Map<String, String> LIMITS = Map.of(
            OkxV5Venue.CONFIG_PATH, "5 requests per 2 s per user",
            OkxV5Venue.BALANCE_PATH, "10 requests per 2 s per user",
            OkxV5Venue.POSITIONS_PATH, "10 requests per 2 s per user",
            OkxV5Venue.FUNDING_BALANCES_PATH, "6 requests per s per user",
            OkxV5Venue.TRANSFER_PATH, "2 requests per s per user and currency",
            OkxV5Venue.TRANSFER_STATE_PATH, "10 requests per s per user",
            OkxV5Venue.MARGIN_BALANCE_PATH, "20 requests per 2 s per user",
            OkxV5Venue.BILLS_PATH, "5 requests per s per user");

    private OkxErrors() {}

    /** The venue's code when the body is OKX's envelope, else {@code null}. */
    static String code(OkxReply reply) {
        JsonNode envelope = OkxReader.envelope(reply.body());
        return envelope == null ? null : envelope.get("code").asText();
    }

    /** True when the answer is OKX's envelope with code "0". */
    static boolean ok(OkxReply reply) {
        return reply.status() >= 200 && reply.status() < 300 && "0".equals(code(reply));
    }

    /**
     * @param moving true for a request that moves money: an unrecognised refusal there is not proof
     *     that nothing moved (OKX says a transfer's answer need not be its result), so it is
     *     OUTCOME_UNKNOWN and gets reconciled rather than closed as failed.
     */
    static VenueException failure(String endpoint, OkxReply reply, Redaction redaction, boolean moving) {
        JsonNode envelope = OkxReader.envelope(reply.body());
        if (envelope == null) {
            Kind kind = BareStatus.kind(reply.status());
            String body = reply.body() == null || reply.body().isBlank()
                    ? "an empty body" : "a body that is not OKX's JSON (starts with \"" + redaction.snippet(reply.body()) + "\")";
            return new VenueException(kind, OkxV5Venue.NAME, endpoint, null,
                    "HTTP " + reply.status() + " with " + body + hint(kind, endpoint, reply));
        }
        String code = envelope.get("code").asText();
        Kind kind = kind(reply.status(), code, moving);
        String message = redaction.scrub(envelope.path("msg").asText("")) + " (HTTP " + reply.status() + ")"
                + hint(kind, endpoint, reply);
        return new VenueException(kind, OkxV5Venue.NAME, endpoint, code, message);
    }

    private static Kind kind(int status, String code, boolean moving) {
        if (TIMESTAMP_EXPIRED.equals(code)) {
            return Kind.TIMESTAMP;
        }
        if (AUTH.contains(code)) {
            return Kind.AUTH;
        }
        if (INSUFFICIENT.contains(code)) {
            return Kind.INSUFFICIENT_BALANCE;
        }
        if (RATE_LIMITED.contains(code)) {
            return Kind.RATE_LIMITED;
        }
        if (UNKNOWN.contains(code) || status >= 500) {
            return Kind.OUTCOME_UNKNOWN;
        }
        if (CONFIG.contains(code)) {
            return Kind.CONFIG;
        }
        if (status == 401) {
            return Kind.AUTH;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        return moving ? Kind.OUTCOME_UNKNOWN : Kind.REJECTED;
    }

    private static String hint(Kind kind, String endpoint, OkxReply reply) {
        if (kind != Kind.RATE_LIMITED) {
            return "";
        }
        String retryAfter = reply.retryAfter();
        String header = retryAfter != null && retryAfter.matches("\\d{1,6}") ? "; Retry-After " + retryAfter + " s" : "";
        return "; OKX allows " + LIMITS.getOrDefault(endpoint, "a per-endpoint number of requests per user")
                + " on this endpoint and sends no retry header: wait and retry" + header;
    }
}
