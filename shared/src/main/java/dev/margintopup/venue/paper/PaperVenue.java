package dev.margintopup.venue.paper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.PositionEnd;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.MoneyMovingAnswer;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The paper venue adapter: the local exchange in {@code infra/paper-venue}, spoken to over HTTP
 * exactly as a real venue would be, so that everything above this class runs unchanged.
 */
public final class PaperVenue implements MarginVenue {

    public static final String NAME = "paper";

    /** Long enough for a loaded local machine, short enough that a Lambda never waits on a dead venue. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static final String MARGIN_PATH = "/api/v1/margin";
    static final String TRANSFERS_PATH = "/api/v1/transfers";
    static final String LIQUIDATIONS_PATH = "/api/v1/liquidations";
    static final String WALLETS_PATH = "/api/v1/wallets";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redaction redaction;
    private final PaperHttp http;

    public PaperVenue(String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock) {
        this(baseUrl, credentials, http, clock, REQUEST_TIMEOUT);
    }

    /** With a custom request timeout, so that fault tests need not wait five seconds. */
    public PaperVenue(
            String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout) {
        this(new Connection(baseUrl, credentials, http, clock, requestTimeout));
    }

    private PaperVenue(Connection connection) {
        this.redaction = connection.redaction();
        this.http = new PaperHttp(connection);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MarginSnapshot readMargin(MarginQuery query) {
        Objects.requireNonNull(query.mode(), "mode");
        StringBuilder pathWithQuery = new StringBuilder(MARGIN_PATH).append("?mode=").append(query.mode().itemValue());
        if (query.mode() == MarginMode.ISOLATED) {
            pathWithQuery.append("&symbol=").append(encode(query.symbol()));
        }
        pathWithQuery.append("&asset=").append(encode(query.asset()));
        PaperReply reply = send("GET", MARGIN_PATH, pathWithQuery.toString(), "");
        if (!reply.ok()) {
            throw PaperErrors.failure(MARGIN_PATH, reply, redaction);
        }
        return snapshot(query, new PaperReader(MARGIN_PATH, redaction), reply.body());
    }

    @Override
    public BigDecimal sourceFree(SourceQuery query) {
        String path = WALLETS_PATH + "?wallet=" + encode(query.wallet()) + "&asset=" + encode(query.asset());
        PaperReply reply = send("GET", WALLETS_PATH, path, "");
        if (!reply.ok()) {
            throw PaperErrors.failure(WALLETS_PATH, reply, redaction);
        }
        PaperReader reader = new PaperReader(WALLETS_PATH, redaction);
        JsonNode body = reader.object(reply.body());
        if (!query.asset().equals(reader.text(body, "asset"))) {
            throw reader.bad("field asset is " + reader.text(body, "asset") + " but " + query.asset() + " was asked for");
        }
        return reader.amount(body, "free");
    }

    @Override
    public TransferReceipt transferToMargin(TransferInstruction instruction) {
        String body = transferBody(instruction);
        return MoneyMovingAnswer.read(NAME, TRANSFERS_PATH, "transfer", () -> sendTransfer(body));
    }

    /**
     * Margin back to the owner's wallet: the same transfer endpoint, from FUTURES (cross) or from the
     * isolated position, whose margin the venue reduces in the same request, under the same client id.
     */
    @Override
    public TransferReceipt transferFromMargin(TransferInstruction instruction) {
        Objects.requireNonNull(instruction.mode(), "mode");
        ObjectNode body = JSON.createObjectNode();
        body.put("clientId", instruction.clientId());
        body.put("asset", instruction.asset());
        body.put("amount", instruction.amount().toPlainString());
        if (instruction.mode() == MarginMode.ISOLATED) {
            body.put("from", "ISOLATED");
            body.put("symbol", instruction.symbol());
        } else {
            body.put("from", "FUTURES");
        }
        body.put("to", instruction.fromWallet());
        String json = body.toString();
        return MoneyMovingAnswer.read(NAME, TRANSFERS_PATH, "transfer", () -> sendTransfer(json));
    }

    /** The paper venue keeps one history of transfers in both directions, by client id. */
    @Override
    public TransferLookup findSweep(TransferInstruction instruction) {
        return findTransfer(instruction);
    }

    private TransferReceipt sendTransfer(String transferBody) {
        PaperReply reply = send("POST", TRANSFERS_PATH, TRANSFERS_PATH, transferBody);
        PaperReader reader = new PaperReader(TRANSFERS_PATH, redaction);
        if (reply.ok()) {
            JsonNode body = reader.object(reply.body());
            return new TransferReceipt(reader.text(body, "transferId"), "APPLIED".equals(reader.text(body, "status")));
        }
        Integer code = PaperErrors.venueCode(reply);
        if (reply.status() == 409 && code != null && code == PaperErrors.DUPLICATE_CLIENT_ID) {
            // The client id was used before: the transfer already happened, under this id.
            return new TransferReceipt(reader.text(reader.object(reply.body()), "transferId"), true);
        }
        throw PaperErrors.failure(TRANSFERS_PATH, reply, redaction);
    }

    @Override
    public TransferLookup findTransfer(TransferInstruction instruction) {
        try {
            PaperReply reply = send("GET", TRANSFERS_PATH,
                    TRANSFERS_PATH + "?clientId=" + encode(instruction.clientId()), "");
            if (!reply.ok()) {
                throw PaperErrors.failure(TRANSFERS_PATH, reply, redaction);
            }
            PaperReader reader = new PaperReader(TRANSFERS_PATH, redaction);
            for (JsonNode transfer : reader.array(reader.object(reply.body()), "transfers")) {
                if (instruction.clientId().equals(reader.text(transfer, "clientId"))) {
                    return found(instruction, reader, transfer);
                }
            }
            return new TransferLookup.NotFound();
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /** The paper venue writes its history as it applies a transfer, so a lookup is never behind. */
    @Override
    public Duration reconcileGrace() {
        return Duration.ZERO;
    }

    /**
     * The paper exchange records every liquidation its engine makes: one found since
     * {@code since} (of the isolated symbol, or of any symbol for a cross account) means
     * liquidated, none means the owner closed the position. An unreadable answer is a
     * {@link VenueException} like any other; the caller then reports the cause as unknown.
     */
    @Override
    public PositionEnd positionEnd(MarginQuery query, Instant since) {
        StringBuilder pathWithQuery = new StringBuilder(LIQUIDATIONS_PATH).append("?since=").append(since.toEpochMilli());
        if (query.mode() == MarginMode.ISOLATED) {
            pathWithQuery.append("&symbol=").append(encode(query.symbol()));
        }
        PaperReply reply = send("GET", LIQUIDATIONS_PATH, pathWithQuery.toString(), "");
        if (!reply.ok()) {
            throw PaperErrors.failure(LIQUIDATIONS_PATH, reply, redaction);
        }
        PaperReader reader = new PaperReader(LIQUIDATIONS_PATH, redaction);
        PositionEnd end = new PositionEnd(PositionEnd.How.CLOSED, query.symbol(), null, null);
        for (JsonNode liquidation : reader.array(reader.object(reply.body()), "liquidations")) {
            Instant at = Instant.ofEpochMilli(reader.epochMillis(liquidation, "time"));
            if (end.at() == null || at.isAfter(end.at())) {
                end = new PositionEnd(PositionEnd.How.LIQUIDATED, reader.text(liquidation, "symbol"),
                        reader.amount(liquidation, "markPrice"), at);
            }
        }
        return end;
    }

    /**
     * A transfer under our client id that moved a different amount or asset means the id was
     * reused somewhere; calling that "found" would close an intent on someone else's transfer.
     */
    private static TransferLookup found(TransferInstruction instruction, PaperReader reader, JsonNode transfer) {
        String transferId = reader.text(transfer, "transferId");
        BigDecimal amount = reader.amount(transfer, "amount");
        String asset = reader.text(transfer, "asset");
        if (amount.compareTo(instruction.amount()) != 0 || !asset.equals(instruction.asset())) {
            return new TransferLookup.Unknown("transfer " + transferId + " under client id " + instruction.clientId()
                    + " moved " + amount.toPlainString() + " " + asset + ", not the instructed "
                    + instruction.amount().toPlainString() + " " + instruction.asset());
        }
        return new TransferLookup.Found(transferId);
    }

    private static MarginSnapshot snapshot(MarginQuery query, PaperReader reader, String replyBody) {
        JsonNode body = reader.object(replyBody);
        Instant asOf = Instant.ofEpochMilli(reader.epochMillis(body, "asOf"));
        String asset = reader.text(body, "asset");
        if (!asset.equals(query.asset())) {
            throw reader.bad("field asset is " + asset + " but " + query.asset() + " was asked for");
        }
        BigDecimal marginBalance = reader.amount(body, "marginBalance");
        BigDecimal maintenanceMargin = reader.amount(body, "maintenanceMargin");
        BigDecimal transferStep = reader.amount(body, "transferStep");
        BigDecimal markPrice = reader.optionalAmount(body, "markPrice");
        BigDecimal liquidationPrice = reader.optionalAmount(body, "liquidationPrice");
        // What an isolated position keeps when margin is taken out of it; the venue refuses a reduce below it.
        BigDecimal marginToKeep = query.mode() == MarginMode.ISOLATED ? reader.optionalAmount(body, "marginToKeep") : null;
        try {
            return new MarginSnapshot(NAME, asOf, asset, marginBalance, maintenanceMargin, null, transferStep,
                    markPrice, liquidationPrice, reader.positions(body), marginToKeep);
        } catch (IllegalArgumentException e) {
            throw reader.bad(e.getMessage());
        }
    }

    private static String transferBody(TransferInstruction instruction) {
        Objects.requireNonNull(instruction.mode(), "mode");
        ObjectNode body = JSON.createObjectNode();
        body.put("clientId", instruction.clientId());
        body.put("asset", instruction.asset());
        body.put("amount", instruction.amount().toPlainString());
        body.put("from", instruction.fromWallet());
        if (instruction.mode() == MarginMode.ISOLATED) {
            body.put("to", "ISOLATED");
            body.put("symbol", instruction.symbol());
        } else {
            body.put("to", "FUTURES");
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private PaperReply send(String method, String endpoint, String pathWithQuery, String body) {
        return http.send(method, endpoint, pathWithQuery, body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "query value"), StandardCharsets.UTF_8);
    }
}
