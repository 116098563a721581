package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.BareStatus;
import dev.margintopup.venue.http.Redaction;
import java.util.Locale;

/**
 * Turns a Hyperliquid refusal into a typed {@link VenueException}. Hyperliquid has no error
 * codes: {@code {"status":"err","response":"<text>"}} carries a sentence, so the kind is read from
 * its words (the exact wording is not published; see docs/decisions/0025).
 */
final class HyperliquidErrors {

    private HyperliquidErrors() {}

    /** True for a 2xx answer whose envelope says {@code ok}. */
    static boolean ok(HyperliquidReply reply) {
        JsonNode envelope = HyperliquidReader.envelope(reply.body());
        return reply.status() >= 200 && reply.status() < 300 && envelope != null
                && "ok".equals(envelope.get("status").asText());
    }

    /** True when the venue refused the action's nonce: already used, or outside the signer's window. */
    static boolean nonceRefused(HyperliquidReply reply) {
        return refusal(reply).contains("nonce");
    }

    /**
     * True when the venue refused the nonce as one the signer already used: the very action signed
     * under it was taken before (the wording is UNCONFIRMED, see docs/decisions/0028).
     */
    static boolean duplicateNonce(HyperliquidReply reply) {
        String text = refusal(reply);
        return text.contains("nonce") && text.contains("duplicate");
    }

    /**
     * @param moving true for a request that moves money: a refusal we cannot place, or one of its
     *     nonce (the same signed action may have been applied before), is OUTCOME_UNKNOWN, to be
     *     reconciled rather than closed as failed
     */
    static VenueException failure(String endpoint, HyperliquidReply reply, Redaction redaction, boolean moving) {
        JsonNode envelope = HyperliquidReader.envelope(reply.body());
        if (envelope == null || !envelope.get("response").isTextual()) {
            Kind kind = reply.status() == 422 ? Kind.BAD_RESPONSE : BareStatus.kind(reply.status());
            String body = reply.body() == null || reply.body().isBlank() ? "an empty body"
                    : "a body that is not Hyperliquid's answer (starts with \"" + redaction.snippet(reply.body()) + "\")";
            return new VenueException(kind, HyperliquidVenue.NAME, endpoint, null, "HTTP " + reply.status() + " with "
                    + body + (kind == Kind.RATE_LIMITED ? "; Hyperliquid allows 1200 request weight per minute per IP:"
                    + " wait and retry" : ""));
        }
        String text = refusal(reply);
        Kind kind = kind(reply.status(), text, moving);
        String message = redaction.snippet(envelope.get("response").asText()) + " (HTTP " + reply.status() + ")";
        if (text.contains("nonce") && moving) {
            message += "; a refused nonce may mean this very action was applied before: reconcile, never resend"
                    + " under a new nonce";
        }
        return new VenueException(kind, HyperliquidVenue.NAME, endpoint, null, message);
    }

    private static Kind kind(int status, String text, boolean moving) {
        if (status == 429 || text.contains("rate limit") || text.contains("too many")) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.OUTCOME_UNKNOWN;
        }
        if (text.contains("nonce")) {
            return moving ? Kind.OUTCOME_UNKNOWN : Kind.REJECTED;
        }
        if (text.contains("insufficient")) {
            return Kind.INSUFFICIENT_BALANCE;
        }
        if (text.contains("does not exist") || text.contains("signature") || text.contains("signer")) {
            return Kind.AUTH;
        }
        return moving ? Kind.OUTCOME_UNKNOWN : Kind.REJECTED;
    }

    private static String refusal(HyperliquidReply reply) {
        JsonNode envelope = HyperliquidReader.envelope(reply.body());
        if (envelope == null || !"err".equals(envelope.get("status").asText())) {
            return "";
        }
        return envelope.get("response").asText("").toLowerCase(Locale.ROOT);
    }
}
