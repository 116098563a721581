package dev.margintopup.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.BareStatus;
import dev.margintopup.venue.http.Redaction;

/** Turns a Binance error answer ({@code {"code":-1021,"msg":"..."}} or a bare HTTP status) into a typed exception. */
final class BinanceErrors {

    static final int DISCONNECTED = -1001;
    static final int UNAUTHORIZED = -1002;
    static final int TOO_MANY_REQUESTS = -1003;
    static final int UNKNOWN_STATUS = -1006;
    static final int TIMEOUT = -1007;
    static final int SERVICE_SHUTTING_DOWN = -1016;
    static final int INVALID_TIMESTAMP = -1021;
    static final int INVALID_SIGNATURE = -1022;
    static final int BAD_API_KEY_FORMAT = -2014;
    static final int REJECTED_MBX_KEY = -2015;
    static final int BALANCE_NOT_SUFFICIENT = -2018;
    static final int MARGIN_NOT_SUFFICIENT = -2019;
    /** "Order's position side does not match user's setting": positionSide BOTH sent to an account in hedge mode. */
    static final int POSITION_SIDE_NOT_MATCH = -4061;
    static final int ADD_MARGIN_ONLY_ISOLATED = -4049;
    static final int CROSS_BALANCE_INSUFFICIENT = -4050;
    static final int ISOLATED_BALANCE_INSUFFICIENT = -4051;
    /** SAPI "Asset transfer failed: insufficient balance" (from Binance's spot/wallet error list). */
    static final int ASSET_TRANSFER_INSUFFICIENT = -5013;

    private BinanceErrors() {}

    /** The venue's error code when the body has Binance's error shape; 2xx answers carry one too on some endpoints. */
    static Integer venueCode(BinanceReply reply) {
        JsonNode error = errorBody(reply.body());
        if (error == null) {
            return null;
        }
        int code = error.get("code").asInt();
        // positionMargin answers {"code":200,...} on success: only negative codes are errors.
        return code < 0 ? code : null;
    }

    static boolean isError(BinanceReply reply) {
        return !reply.ok() || venueCode(reply) != null;
    }

    static VenueException failure(String endpoint, BinanceReply reply, Redaction redaction) {
        Integer code = venueCode(reply);
        if (code == null) {
            return new VenueException(kindWithoutCode(reply.status()), BinanceUsdmVenue.NAME, endpoint, null,
                    "HTTP " + reply.status() + " without Binance's error body (starts with \""
                            + redaction.snippet(reply.body() == null ? "" : reply.body()) + "\")"
                            + rateHint(reply));
        }
        String msg = redaction.scrub(errorBody(reply.body()).path("msg").asText(""));
        Kind kind = kind(reply.status(), code);
        return new VenueException(kind, BinanceUsdmVenue.NAME, endpoint, String.valueOf(code),
                msg + " (HTTP " + reply.status() + ")" + advice(kind, code) + rateHint(reply));
    }

    static Kind kind(int status, int code) {
        return switch (code) {
            case INVALID_SIGNATURE, BAD_API_KEY_FORMAT, REJECTED_MBX_KEY, UNAUTHORIZED -> Kind.AUTH;
            case INVALID_TIMESTAMP -> Kind.TIMESTAMP;
            case TOO_MANY_REQUESTS -> Kind.RATE_LIMITED;
            case BALANCE_NOT_SUFFICIENT, MARGIN_NOT_SUFFICIENT, CROSS_BALANCE_INSUFFICIENT,
                    ISOLATED_BALANCE_INSUFFICIENT, ASSET_TRANSFER_INSUFFICIENT -> Kind.INSUFFICIENT_BALANCE;
            case ADD_MARGIN_ONLY_ISOLATED, POSITION_SIDE_NOT_MATCH -> Kind.CONFIG;
            case DISCONNECTED, UNKNOWN_STATUS, TIMEOUT, SERVICE_SHUTTING_DOWN -> Kind.OUTCOME_UNKNOWN;
            default -> {
                if (status == 429 || status == 418) {
                    yield Kind.RATE_LIMITED;
                }
                if (status >= 500) {
                    yield Kind.OUTCOME_UNKNOWN;
                }
                if (status == 401 || status == 403) {
                    yield Kind.AUTH;
                }
                yield Kind.REJECTED;
            }
        };
    }

    /** As {@link BareStatus}, and Binance's 418 (the IP auto-banned after repeated 429s) is a rate limit too. */
    private static Kind kindWithoutCode(int status) {
        return status == 418 ? Kind.RATE_LIMITED : BareStatus.kind(status);
    }

    private static String advice(Kind kind, int code) {
        return switch (kind) {
            case AUTH -> "; check the API key and secret in the account's secret, the key's IP allow-list and"
                    + " its permissions (see docs/venues/binance-usdm.md)";
            case CONFIG -> switch (code) {
                case ADD_MARGIN_ONLY_ISOLATED -> "; the position is cross-margined: set marginMode cross on the"
                        + " account item, or switch the symbol to isolated on Binance";
                case POSITION_SIDE_NOT_MATCH -> "; the account is in hedge mode (a LONG and a SHORT per symbol):"
                        + " switch USDⓈ-M to one-way mode for isolated top-ups";
                default -> "";
            };
            default -> "";
        };
    }

    /** Retry-After (seconds) and the used-weight headers, both digits only: the header text is the venue's. */
    private static String rateHint(BinanceReply reply) {
        StringBuilder hint = new StringBuilder();
        String retryAfter = reply.retryAfter();
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            hint.append("; retry after ").append(retryAfter).append(" s (Retry-After)");
        }
        if (reply.usedWeight() != null && !reply.usedWeight().isEmpty()) {
            hint.append("; used weight ").append(reply.usedWeight());
        }
        if (reply.status() == 418) {
            hint.append("; HTTP 418 means the IP is auto-banned for repeated limit breaches");
        }
        return hint.toString();
    }

    private static JsonNode errorBody(String body) {
        JsonNode node = AnswerReader.leadingObjectOrNull(body);
        return node != null && node.path("code").isInt() ? node : null;
    }
}
