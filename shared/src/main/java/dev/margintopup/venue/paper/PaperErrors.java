package dev.margintopup.venue.paper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.BareStatus;
import dev.margintopup.venue.http.Redaction;

/** Turns a paper venue error answer into a typed {@link VenueException}. */
final class PaperErrors {

    static final int UNKNOWN_KEY = 1001;
    static final int TIMESTAMP_OUTSIDE_WINDOW = 1002;
    static final int BAD_SIGNATURE = 1003;
    static final int DUPLICATE_CLIENT_ID = 2001;
    static final int INSUFFICIENT_BALANCE = 2002;

    private PaperErrors() {}

    /** The venue's error code, when the body is the venue's {@code {"code":..,"msg":..}} shape. */
    static Integer venueCode(PaperReply reply) {
        JsonNode error = errorBody(reply.body());
        return error == null ? null : error.get("code").asInt();
    }

    static VenueException failure(String endpoint, PaperReply reply, Redaction redaction) {
        JsonNode error = errorBody(reply.body());
        if (error == null) {
            return new VenueException(BareStatus.kind(reply.status()), PaperVenue.NAME, endpoint, null,
                    "HTTP " + reply.status() + " without the venue's error body (starts with \""
                            + redaction.snippet(reply.body()) + "\")" + retryHint(reply));
        }
        int code = error.get("code").asInt();
        String message = redaction.scrub(error.path("msg").asText("")) + " (HTTP " + reply.status() + ")"
                + retryHint(reply);
        return new VenueException(kind(reply.status(), code), PaperVenue.NAME, endpoint, String.valueOf(code), message);
    }

    private static Kind kind(int status, int code) {
        return switch (code) {
            case UNKNOWN_KEY, BAD_SIGNATURE -> Kind.AUTH;
            case TIMESTAMP_OUTSIDE_WINDOW -> Kind.TIMESTAMP;
            case INSUFFICIENT_BALANCE -> Kind.INSUFFICIENT_BALANCE;
            default -> {
                if (status == 401 || status == 403) {
                    yield Kind.AUTH;
                }
                if (status == 429) {
                    yield Kind.RATE_LIMITED;
                }
                if (status >= 500) {
                    yield Kind.OUTCOME_UNKNOWN;
                }
                yield status >= 400 ? Kind.REJECTED : Kind.BAD_RESPONSE;
            }
        };
    }

    private static String retryHint(PaperReply reply) {
        // Only a number of seconds is repeated: the header is the venue's text, not ours.
        String retryAfter = reply.retryAfter();
        return retryAfter == null || !retryAfter.matches("\\d{1,6}") ? "" : "; retry after " + retryAfter + " s";
    }

    private static JsonNode errorBody(String body) {
        JsonNode node = AnswerReader.leadingObjectOrNull(body);
        return node != null && node.path("code").isInt() ? node : null;
    }
}
