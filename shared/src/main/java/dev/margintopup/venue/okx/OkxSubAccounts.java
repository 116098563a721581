package dev.margintopup.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.Source;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.MoneyMovingAnswer;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A top-up drawn from one of the owner's sub-accounts (decision 0033): the main account's key moves
 * the sub-account's funding account ({@code 6}) into its own trading account ({@code 18}), funds
 * transfer type {@code 2}, under the client id derived from the intent like every other transfer, and
 * finds it again in transfer-state by that client id and type. Cross accounts only: an isolated
 * position would need a margin add after it, not built for a sub-account.
 */
final class OkxSubAccounts {

    static final String SUB_BALANCES_PATH = "/api/v5/asset/subaccount/balances";
    /** Funds transfer from a sub-account to the main account, sent with the main account's key. */
    static final String SUB_TO_MAIN = "2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkxHttp http;
    private final Redaction redaction;

    OkxSubAccounts(OkxHttp http, Redaction redaction) {
        this.http = http;
        this.redaction = redaction;
    }

    /** Refuses, before any request, a source this class cannot draw from; nothing moved. */
    static void require(String wallet, MarginMode mode, String endpoint) {
        if (!Source.SUB_ACCOUNT.equals(wallet)) {
            throw new VenueException(Kind.CONFIG, OkxV5Venue.NAME, endpoint, null, "a sub-account is named only by a"
                    + " SUBACCOUNT source, not by " + wallet + "; nothing moved");
        }
        if (mode != MarginMode.CROSS) {
            throw new VenueException(Kind.CONFIG, OkxV5Venue.NAME, endpoint, null, "a sub-account source tops up a"
                    + " cross account only; list FUNDING or SPOT for an isolated position; nothing moved");
        }
    }

    /** The sub-account's funding balance available to move; no row means none of the asset. */
    BigDecimal free(String subAccount, String asset) {
        OkxReader reader = new OkxReader(SUB_BALANCES_PATH, redaction);
        JsonNode rows = reader.data(http.get(SUB_BALANCES_PATH, SUB_BALANCES_PATH + "?subAcct=" + OkxV5Venue.encode(subAccount)
                + "&ccy=" + OkxV5Venue.encode(asset)));
        for (JsonNode row : rows) {
            if (asset.equals(reader.text(row, "ccy"))) {
                return reader.amount(row, "availBal");
            }
        }
        return BigDecimal.ZERO;
    }

    /**
     * Sends the transfer and reads its state back, as for the account's own funding wallet: once the
     * request may have been taken, nothing that goes wrong is a refusal.
     */
    TransferReceipt transfer(TransferInstruction instruction, String clientId) {
        String what = "transfer from sub-account " + instruction.subAccount() + " to trading";
        String transId = MoneyMovingAnswer.read(OkxV5Venue.NAME, OkxV5Venue.TRANSFER_PATH, what,
                () -> send(instruction, clientId));
        String state;
        try {
            Optional<JsonNode> row = state(clientId);
            if (row.isEmpty()) {
                throw new VenueException(Kind.OUTCOME_UNKNOWN, OkxV5Venue.NAME, OkxV5Venue.TRANSFER_STATE_PATH, null,
                        "transfer " + transId + " was accepted but is not in transfer-state under client id "
                                + clientId + " yet");
            }
            OkxReader reader = new OkxReader(OkxV5Venue.TRANSFER_STATE_PATH, redaction);
            requireSameTransfer(reader, instruction, clientId, row.get());
            state = reader.text(row.get(), "state");
        } catch (VenueException e) {
            if (e.outcomeUnknown()) {
                throw e;
            }
            throw new VenueException(Kind.OUTCOME_UNKNOWN, OkxV5Venue.NAME, e.endpoint(), e.venueCode(),
                    "transfer " + transId + " was accepted; confirming it failed: " + e.getMessage(), e);
        }
        return switch (state) {
            case "success" -> new TransferReceipt(transId, true);
            case "pending" -> new TransferReceipt(transId, false);
            // The venue's own word, read in full: nothing moved.
            case "failed" -> throw new VenueException(Kind.REJECTED, OkxV5Venue.NAME, OkxV5Venue.TRANSFER_STATE_PATH,
                    null, "transfer " + transId + " under client id " + clientId + " failed at the venue; nothing moved");
            default -> throw new VenueException(Kind.OUTCOME_UNKNOWN, OkxV5Venue.NAME, OkxV5Venue.TRANSFER_STATE_PATH,
                    null, "transfer " + transId + " was accepted; transfer-state reports it as " + state);
        };
    }

    /** Found, not found (a failed transfer moved nothing either), or unknown while pending. */
    TransferLookup find(TransferInstruction instruction, String clientId) {
        Optional<JsonNode> state = state(clientId);
        if (state.isEmpty()) {
            return new TransferLookup.NotFound();
        }
        OkxReader reader = new OkxReader(OkxV5Venue.TRANSFER_STATE_PATH, redaction);
        requireSameTransfer(reader, instruction, clientId, state.get());
        return OkxV5Venue.lookupOf(reader, state.get());
    }

    /** The transfer's id as OKX accepted it; a refusal is thrown as its kind, a repeated client id as unknown. */
    private String send(TransferInstruction instruction, String clientId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ccy", instruction.asset());
        body.put("amt", instruction.amount().toPlainString());
        body.put("from", OkxV5Venue.FUNDING_ACCOUNT);
        body.put("to", OkxV5Venue.TRADING_ACCOUNT);
        body.put("type", SUB_TO_MAIN);
        body.put("subAcct", instruction.subAccount());
        body.put("clientId", clientId);
        OkxReply reply = http.send("POST", OkxV5Venue.TRANSFER_PATH, OkxV5Venue.TRANSFER_PATH, OkxV5Venue.json(body));
        if (!OkxErrors.ok(reply)) {
            if (OkxErrors.CLIENT_ID_EXISTS.equals(OkxErrors.code(reply))) {
                throw new VenueException(Kind.OUTCOME_UNKNOWN, OkxV5Venue.NAME, OkxV5Venue.TRANSFER_PATH,
                        OkxErrors.CLIENT_ID_EXISTS, "OKX already has a transfer under client id " + clientId
                                + ": an earlier attempt may have moved the money; reconcile");
            }
            throw OkxErrors.failure(OkxV5Venue.TRANSFER_PATH, reply, redaction, true);
        }
        OkxReader reader = new OkxReader(OkxV5Venue.TRANSFER_PATH, redaction);
        JsonNode sent = reader.only(reply.body());
        BigDecimal amt = reader.amount(sent, "amt");
        if (amt.compareTo(instruction.amount()) != 0 || !instruction.asset().equals(reader.text(sent, "ccy"))) {
            throw reader.bad("the transfer answer echoes " + amt.toPlainString() + " " + reader.text(sent, "ccy")
                    + ", not the instructed " + instruction.amount().toPlainString() + " " + instruction.asset());
        }
        return reader.text(sent, "transId");
    }

    private Optional<JsonNode> state(String clientId) {
        return transferState(http, redaction, clientId, "&type=" + SUB_TO_MAIN);
    }

    /**
     * The transfer under the client id in transfer-state, narrowed by {@code typeFilter} (empty, or
     * {@code &type=2}), or empty when the venue's two-week history has none.
     */
    static Optional<JsonNode> transferState(OkxHttp http, Redaction redaction, String clientId, String typeFilter) {
        OkxReader reader = new OkxReader(OkxV5Venue.TRANSFER_STATE_PATH, redaction);
        JsonNode rows = reader.data(http.get(OkxV5Venue.TRANSFER_STATE_PATH, OkxV5Venue.TRANSFER_STATE_PATH
                + "?clientId=" + clientId + typeFilter));
        for (JsonNode row : rows) {
            if (clientId.equals(reader.optionalText(row, "clientId"))) {
                return Optional.of(row);
            }
        }
        if (!rows.isEmpty()) {
            throw reader.bad("transfer-state answered for another client id than " + clientId);
        }
        return Optional.empty();
    }

    /** A transfer under our client id that moved something else, or from another sub-account, is never "found". */
    private static void requireSameTransfer(
            OkxReader reader, TransferInstruction instruction, String clientId, JsonNode state) {
        BigDecimal amt = reader.amount(state, "amt");
        String ccy = reader.text(state, "ccy");
        String subAcct = reader.optionalText(state, "subAcct");
        if (amt.compareTo(instruction.amount()) != 0 || !ccy.equals(instruction.asset())
                || !SUB_TO_MAIN.equals(reader.text(state, "type"))
                || !instruction.subAccount().equals(subAcct)
                || !OkxV5Venue.FUNDING_ACCOUNT.equals(reader.text(state, "from"))
                || !OkxV5Venue.TRADING_ACCOUNT.equals(reader.text(state, "to"))) {
            throw new VenueException(Kind.OUTCOME_UNKNOWN, OkxV5Venue.NAME, OkxV5Venue.TRANSFER_STATE_PATH, null,
                    "transfer " + reader.text(state, "transId") + " under client id " + clientId + " moved "
                            + amt.toPlainString() + " " + ccy + " from sub-account " + subAcct + ", "
                            + reader.text(state, "from") + "→" + reader.text(state, "to") + ", not the instructed "
                            + instruction.amount().toPlainString() + " " + instruction.asset() + " from "
                            + instruction.subAccount() + " funding→trading");
        }
    }
}
