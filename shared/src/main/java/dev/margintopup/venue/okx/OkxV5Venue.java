package dev.margintopup.venue.okx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.PositionEnd;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The OKX v5 adapter. Collateral moves from the funding account ({@code 6}) into the trading
 * account ({@code 18}), which is the cross margin in Futures mode; an isolated position is then
 * topped up with a margin add. A sweep goes the other way: a margin reduce for an isolated
 * position, and trading → funding. See docs/venues/okx-v5.md and decisions 0007 and 0028.
 */
public final class OkxV5Venue implements MarginVenue {

    public static final String NAME = "okx-v5";
    public static final String PRODUCTION_URL = OkxHttp.PRODUCTION_URL;
    /** A {@code venueEndpoint} ending in {@code ?} and this asks for OKX's demo trading. */
    public static final String DEMO_QUERY = OkxHttp.DEMO_QUERY;
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static final String CONFIG_PATH = "/api/v5/account/config";
    static final String BALANCE_PATH = "/api/v5/account/balance";
    static final String POSITIONS_PATH = "/api/v5/account/positions";
    static final String FUNDING_BALANCES_PATH = "/api/v5/asset/balances";
    static final String TRANSFER_PATH = "/api/v5/asset/transfer";
    static final String TRANSFER_STATE_PATH = "/api/v5/asset/transfer-state";
    static final String MARGIN_BALANCE_PATH = "/api/v5/account/position/margin-balance";
    static final String BILLS_PATH = "/api/v5/account/bills";
    static final String POSITIONS_HISTORY_PATH = "/api/v5/account/positions-history";

    static final String FUNDING_ACCOUNT = "6";
    static final String TRADING_ACCOUNT = "18";

    /** Bill type "margin transfer" and sub-type "manual margin increase" (UNCONFIRMED, see the decision record). */
    static final String BILL_TYPE_MARGIN_TRANSFER = "6";
    static final String BILL_SUBTYPE_MANUAL_INCREASE = "160";
    /** Bill sub-type "manual margin decrease": a reduce of an isolated position's margin (as ccxt reads it). */
    static final String BILL_SUBTYPE_MANUAL_DECREASE = "161";
    /**
     * Refusals of a sweep's requests that OKX gives before anything moves: a transfer out of the trading
     * account that would put its positions at risk, and a reduce beyond what the position may release.
     */
    static final Set<String> SWEEP_REFUSALS = Set.of("58121", "59301", "59300");
    /** How a closed position ended, in positions-history's {@code type}: liquidated in full or in part. */
    static final Set<String> CLOSED_BY_LIQUIDATION = Set.of("3", "4");
    /** Closed by its owner, in part or in full. */
    static final Set<String> CLOSED_BY_OWNER = Set.of("1", "2");
    /** Auto-deleveraged: the venue closed it, but not as a liquidation of this account. */
    static final String CLOSED_BY_ADL = "5";
    /** positions-history returns at most this many rows; a full page may hide older ones. */
    static final int POSITIONS_HISTORY_PAGE = 100;

    /** OKX returns at most this many bills per page; a full page without a match proves nothing. */
    static final int BILLS_PAGE = 100;

    /** transfer-state looks back two weeks; a day less leaves room for clocks and slow retries. */
    static final Duration TRANSFER_STATE_HISTORY = Duration.ofDays(13);
    /** Bills look back seven days. */
    static final Duration BILLS_HISTORY = Duration.ofDays(6);
    /** A margin add is looked for from this long before the intent was created, for clock drift. */
    static final Duration BILLS_LOOKBACK = Duration.ofSeconds(60);

    /**
     * OKX publishes no transfer precision per currency; these steps are coarser than any precision
     * OKX uses for them, so every amount the policy builds is one OKX accepts as is.
     */
    static final Map<String, BigDecimal> TRANSFER_STEPS = Map.of(
            "USDT", new BigDecimal("0.01"),
            "USDC", new BigDecimal("0.01"),
            "BTC", new BigDecimal("0.0001"),
            "ETH", new BigDecimal("0.001"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which way a wallet transfer goes: funding → trading for a top-up, trading → funding for a sweep. */
    private record Direction(String from, String to, String words) {}

    private static final Direction INTO_MARGIN = new Direction(FUNDING_ACCOUNT, TRADING_ACCOUNT, "funding→trading");
    private static final Direction OUT_OF_MARGIN = new Direction(TRADING_ACCOUNT, FUNDING_ACCOUNT, "trading→funding");

    private final Clock clock;
    private final Redaction redaction;
    private final OkxSubAccounts subAccounts;
    private final OkxHttp http;
    private final OkxPositions positions;

    private volatile OkxAccountSetup setup;

    public OkxV5Venue(String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock) {
        this(baseUrl, credentials, http, clock, REQUEST_TIMEOUT);
    }

    /** With a custom request timeout, so that fault tests need not wait five seconds. */
    public OkxV5Venue(
            String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout) {
        this(new Connection(baseUrl, credentials, http, clock, requestTimeout));
    }

    private OkxV5Venue(Connection connection) {
        this.clock = connection.clock();
        this.redaction = connection.redaction();
        this.http = new OkxHttp(connection);
        this.positions = new OkxPositions(http, redaction);
        this.subAccounts = new OkxSubAccounts(http, redaction);
    }

    @Override
    public String name() {
        return NAME;
    }

    // ---- reading margin ----

    @Override
    public MarginSnapshot readMargin(MarginQuery query) {
        MarginMode mode = Objects.requireNonNull(query.mode(), "mode");
        BigDecimal step = transferStep(query.asset(), BALANCE_PATH);
        OkxAccountSetup account = setup();
        account.requireUsable(mode);
        return mode == MarginMode.CROSS
                ? crossSnapshot(query, account, step)
                : isolatedSnapshot(query, step);
    }

    /**
     * Cross margin as OKX rates it: its margin ratio is equity ÷ maintenance (liquidation at 1 and
     * below), the inverse of ours. Maintenance stays the venue's {@code mmr} and the balance is
     * {@code mmr × mgnRatio}, the equity OKX itself counts, so our ratio is exactly {@code 1 / mgnRatio}.
     */
    private MarginSnapshot crossSnapshot(MarginQuery query, OkxAccountSetup account, BigDecimal step) {
        String path = BALANCE_PATH + "?ccy=" + encode(query.asset());
        OkxReader reader = new OkxReader(BALANCE_PATH, redaction);
        JsonNode balance = reader.only(get(BALANCE_PATH, path));
        Instant asOf = Instant.ofEpochMilli(reader.epochMillis(balance, "uTime"));
        // Futures mode rates each margin currency on its own row, its account-level fields empty;
        // multi-currency and portfolio margin rate the whole account in USD.
        JsonNode rated = account.futuresMode() ? detailRow(reader, balance, query.asset()) : balance;
        BigDecimal equity = reader.amount(rated, account.futuresMode() ? "eq" : "adjEq");
        BigDecimal mmr = reader.optionalAmount(rated, "mmr");
        BigDecimal maintenance;
        BigDecimal marginBalance;
        if (mmr == null || mmr.signum() == 0) {
            maintenance = BigDecimal.ZERO;
            marginBalance = equity;
        } else {
            maintenance = mmr;
            marginBalance = mmr.multiply(okxRatio(reader, rated, mmr));
        }
        return snapshot(reader, asOf, query.asset(), marginBalance, maintenance, step, null, null,
                query.withPositions() ? positions.cross(query.asset()) : List.of());
    }

    /**
     * One isolated position as OKX rates it. Its {@code mgnRatio} counts terms that {@code margin +
     * upl} over {@code mmr} leaves out (on a recorded position it reads about a tenth worse). When it
     * reads worse than {@code margin + upl} by more than its own printed precision, the balance is
     * {@code mmr × mgnRatio}, the equity OKX counts: our ratio is {@code 1 / mgnRatio}, liquidation
     * where OKX's is. We never read the position healthier than either. Without maintenance OKX
     * leaves {@code mgnRatio} empty. A closed position has nothing to protect: zero maintenance.
     */
    private MarginSnapshot isolatedSnapshot(MarginQuery query, BigDecimal step) {
        OkxReader reader = new OkxReader(POSITIONS_PATH, redaction);
        Optional<JsonNode> found = positions.isolated(query.symbol(), query.asset());
        if (found.isEmpty()) {
            return snapshot(reader, clock.instant(), query.asset(), BigDecimal.ZERO, BigDecimal.ZERO, step,
                    null, null, List.of());
        }
        JsonNode position = found.get();
        Instant asOf = Instant.ofEpochMilli(reader.epochMillis(position, "uTime"));
        BigDecimal mmr = reader.amount(position, "mmr");
        BigDecimal marginBalance = reader.amount(position, "margin").add(reader.amount(position, "upl"));
        if (mmr.signum() != 0) {
            BigDecimal mgnRatio = okxRatio(reader, position, mmr);
            BigDecimal okxEquity = mmr.multiply(mgnRatio);
            // Half a unit in mgnRatio's last printed digit, in money: a gap within it is OKX's rounding.
            BigDecimal printing = mmr.multiply(BigDecimal.ONE.movePointLeft(Math.max(mgnRatio.scale(), 0) + 1)
                    .multiply(BigDecimal.valueOf(5)));
            if (okxEquity.compareTo(marginBalance.subtract(printing)) < 0) {
                marginBalance = okxEquity;
            }
        }
        BigDecimal markPx = reader.amount(position, "markPx");
        BigDecimal liqPx = reader.optionalAmount(position, "liqPx");
        if (liqPx != null && liqPx.signum() <= 0) {
            liqPx = null; // OKX sends 0 or "" when there is no liquidation price
        }
        return snapshot(reader, asOf, query.asset(), marginBalance, mmr, step, markPx, liqPx,
                List.of(OkxPositions.position(reader, position))).withMarginToKeep(marginToKeep(reader, position));
    }

    /**
     * The least margin an isolated position keeps when a sweep reduces it: the initial margin at its
     * leverage ({@code notionalUsd ÷ lever}), with any unrealised profit left in it. OKX publishes no
     * formula for the most a reduce may take; this never asks for more than a position at its leverage
     * may release (decision 0028).
     */
    private static BigDecimal marginToKeep(OkxReader reader, JsonNode position) {
        BigDecimal lever = reader.amount(position, "lever");
        if (lever.signum() <= 0) {
            throw reader.bad("field lever is " + lever.toPlainString());
        }
        return reader.amount(position, "notionalUsd").abs().divide(lever, 8, java.math.RoundingMode.UP)
                .add(reader.amount(position, "upl").max(BigDecimal.ZERO));
    }

    /** OKX's own margin ratio of a row with maintenance {@code mmr}: equity ÷ maintenance, liquidation at 1. */
    private static BigDecimal okxRatio(OkxReader reader, JsonNode row, BigDecimal mmr) {
        BigDecimal mgnRatio = reader.optionalAmount(row, "mgnRatio");
        if (mgnRatio == null) {
            throw reader.bad("field mgnRatio is empty while mmr is " + mmr.toPlainString());
        }
        return mgnRatio;
    }

    private static MarginSnapshot snapshot(OkxReader reader, Instant asOf, String asset, BigDecimal marginBalance,
            BigDecimal maintenance, BigDecimal step, BigDecimal markPx, BigDecimal liqPx,
            List<Position> positions) {
        try {
            return new MarginSnapshot(NAME, asOf, asset, marginBalance, maintenance, null, step, markPx, liqPx,
                    positions);
        } catch (IllegalArgumentException e) {
            throw reader.bad(e.getMessage());
        }
    }

    private static JsonNode detailRow(OkxReader reader, JsonNode balance, String asset) {
        for (JsonNode row : reader.array(balance, "details")) {
            if (asset.equals(reader.text(row, "ccy"))) {
                return row;
            }
        }
        throw reader.bad("field details has no row for " + asset);
    }

    /**
     * The source's free balance: the funding account's, or for SPOT (isolated only) the trading
     * account's, what a margin add draws on.
     */
    @Override
    public BigDecimal sourceFree(SourceQuery query) {
        if (query.subAccount() != null) {
            OkxSubAccounts.require(query.wallet(), query.mode(), OkxSubAccounts.SUB_BALANCES_PATH);
            transferStep(query.asset(), OkxSubAccounts.SUB_BALANCES_PATH);
            return subAccounts.free(query.subAccount(), query.asset());
        }
        Source source = source(query.wallet(), Objects.requireNonNull(query.mode(), "mode"), FUNDING_BALANCES_PATH);
        transferStep(query.asset(), FUNDING_BALANCES_PATH);
        return source == Source.FUNDING ? fundingFree(query.asset()) : tradingFree(query.asset());
    }

    /** The funding account's free balance; no row means none of the asset. */
    private BigDecimal fundingFree(String asset) {
        OkxReader reader = new OkxReader(FUNDING_BALANCES_PATH, redaction);
        JsonNode rows = reader.data(get(FUNDING_BALANCES_PATH, FUNDING_BALANCES_PATH + "?ccy=" + encode(asset)));
        for (JsonNode row : rows) {
            if (asset.equals(reader.text(row, "ccy"))) {
                return reader.amount(row, "availBal");
            }
        }
        return BigDecimal.ZERO;
    }

    /** The trading account's free balance of the asset, what a margin add can draw on. */
    private BigDecimal tradingFree(String asset) {
        OkxReader reader = new OkxReader(BALANCE_PATH, redaction);
        JsonNode balance = reader.only(get(BALANCE_PATH, BALANCE_PATH + "?ccy=" + encode(asset)));
        for (JsonNode row : reader.array(balance, "details")) {
            if (asset.equals(reader.text(row, "ccy"))) {
                return reader.amount(row, "availBal");
            }
        }
        return BigDecimal.ZERO;
    }

    // ---- moving collateral ----

    /**
     * Cross: one funding → trading transfer under the derived client id. Isolated: that transfer,
     * then a margin add on the position. Nothing is looked up first: whether sending is safe is the
     * transfer service's decision, and {@link #finishTransfer} sends the add alone when
     * {@link #findTransfer} reports the transfer done and no add.
     */
    @Override
    public TransferReceipt transferToMargin(TransferInstruction instruction) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        if (instruction.fromSubAccount()) {
            return fromSubAccount(instruction, mode);
        }
        Source source = checkedBeforeMoving(instruction);
        String clientId = OkxClientId.of(instruction.clientId());
        if (mode == MarginMode.CROSS) {
            return walletTransfer(instruction, clientId, INTO_MARGIN);
        }
        String posSide = isolatedPosSide(instruction, "add margin to");
        if (source != Source.FUNDING) {
            changeMargin(instruction, posSide, "add");
            return new TransferReceipt("margin-add-" + clientId, true);
        }
        TransferReceipt moved = walletTransfer(instruction, clientId, INTO_MARGIN);
        if (!moved.applied()) {
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, TRANSFER_STATE_PATH, null, "wallet transfer "
                    + moved.venueTransferId() + " is still pending; reconciling finds it and the add follows");
        }
        return addAfterTransfer(instruction, posSide, moved.venueTransferId());
    }

    /** From the owner's sub-account, with the main account's key: checked like any transfer before it is sent. */
    private TransferReceipt fromSubAccount(TransferInstruction instruction, MarginMode mode) {
        requirePositiveAmount(instruction);
        OkxSubAccounts.require(instruction.fromWallet(), mode, TRANSFER_PATH);
        transferStep(instruction.asset(), TRANSFER_PATH);
        OkxAccountSetup account = setup();
        account.requireUsable(mode);
        account.requireTransferKey();
        return subAccounts.transfer(instruction, OkxClientId.of(instruction.clientId()));
    }

    /** The margin add alone, after the funding → trading transfer {@code unfinished} names succeeded. */
    @Override
    public TransferReceipt finishTransfer(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        requirePositiveAmount(instruction);
        if (mode != MarginMode.ISOLATED) {
            throw new VenueException(Kind.REJECTED, NAME, MARGIN_BALANCE_PATH, null, "a cross top-up is one"
                    + " transfer; there is no margin add to finish, nothing was sent");
        }
        OkxAccountSetup account = setup();
        account.requireUsable(mode);
        account.requireTransferKey();
        return addAfterTransfer(instruction, isolatedPosSide(instruction, "add margin to"),
                unfinished.walletTransferId());
    }

    /**
     * Sweep-back (decisions 0027, 0028). Cross: one trading → funding transfer under the derived client
     * id, the top-up's transfer reversed. Isolated: a margin reduce on the position, which OKX pays into
     * the trading account; with FUNDING as the source, then the trading → funding transfer under the
     * client id. Nothing is looked up first, as for a top-up.
     */
    @Override
    public TransferReceipt transferFromMargin(TransferInstruction instruction) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        Source source = checkedBeforeMoving(instruction);
        String clientId = OkxClientId.of(instruction.clientId());
        if (mode == MarginMode.CROSS) {
            return walletTransfer(instruction, clientId, OUT_OF_MARGIN);
        }
        changeMargin(instruction, isolatedPosSide(instruction, "reduce margin of"), "reduce");
        if (source != Source.FUNDING) {
            return new TransferReceipt("margin-reduce-" + clientId, true);
        }
        return transferAfterReduce(instruction, clientId);
    }

    /**
     * The trading → funding transfer alone, after the reduce {@code unfinished} names paid the margin
     * into the trading account.
     */
    @Override
    public TransferReceipt finishSweep(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        requirePositiveAmount(instruction);
        if (mode != MarginMode.ISOLATED || source(instruction.fromWallet(), mode, TRANSFER_PATH) != Source.FUNDING) {
            throw new VenueException(Kind.REJECTED, NAME, TRANSFER_PATH, null, "only an isolated sweep back to"
                    + " FUNDING has a second leg; there is nothing to finish, nothing was sent");
        }
        OkxAccountSetup account = setup();
        account.requireUsable(mode);
        account.requireTransferKey();
        return transferAfterReduce(instruction, OkxClientId.of(instruction.clientId()));
    }

    /** Once the reduce paid the margin into the trading account, any failure to move it on is OUTCOME_UNKNOWN. */
    private TransferReceipt transferAfterReduce(TransferInstruction instruction, String clientId) {
        try {
            TransferReceipt moved = walletTransfer(instruction, clientId, OUT_OF_MARGIN);
            if (!moved.applied()) {
                throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, TRANSFER_STATE_PATH, null, "transfer "
                        + moved.venueTransferId() + " to funding is still pending; reconciling finds it");
            }
            return moved;
        } catch (VenueException e) {
            if (e.outcomeUnknown()) {
                throw e;
            }
            // The reduce went through: the sweep must not close as failed and reduce the position again.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(), "the margin reduce"
                    + " paid the amount into the trading account, but the transfer to funding did not go: "
                    + e.getMessage(), e);
        }
    }

    /** Every check that comes before money moves either way: amount, wallet, asset, account and key. */
    private Source checkedBeforeMoving(TransferInstruction instruction) {
        MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
        requirePositiveAmount(instruction);
        Source source = source(instruction.fromWallet(), mode, TRANSFER_PATH);
        transferStep(instruction.asset(), TRANSFER_PATH);
        OkxAccountSetup account = setup();
        account.requireUsable(mode);
        account.requireTransferKey();
        return source;
    }

    private static void requirePositiveAmount(TransferInstruction instruction) {
        if (instruction.amount() == null || instruction.amount().signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + instruction.amount());
        }
    }

    /** The open isolated position's side, refusing (nothing moved) when there is none to {@code act} on. */
    private String isolatedPosSide(TransferInstruction instruction, String act) {
        Optional<JsonNode> position = positions.isolated(instruction.symbol(), instruction.asset());
        if (position.isEmpty()) {
            throw new VenueException(Kind.REJECTED, NAME, POSITIONS_PATH, null, "no open isolated position on "
                    + instruction.symbol() + " to " + act + "; nothing moved");
        }
        return new OkxReader(POSITIONS_PATH, redaction).text(position.get(), "posSide");
    }

    private TransferReceipt addAfterTransfer(TransferInstruction instruction, String posSide, String transferId) {
        try {
            changeMargin(instruction, posSide, "add");
            return new TransferReceipt(transferId, true);
        } catch (VenueException e) {
            if (e.outcomeUnknown()) {
                throw e;
            }
            // The wallet transfer went through: this intent must not close as failed and have a
            // new one move the same money again. Reconciling finds it unfinished and sends the add.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(),
                    "wallet transfer " + transferId + " succeeded but the margin add did not: " + e.getMessage(), e);
        }
    }

    /**
     * One wallet transfer under the client id. A refused repeat of the client id may be an earlier
     * attempt of ours that moved money: outcome unknown, for the transfer service to reconcile.
     */
    private TransferReceipt walletTransfer(TransferInstruction instruction, String clientId, Direction direction) {
        String body = transferBody(instruction, clientId, direction);
        String transId = MoneyMovingAnswer.read(NAME, TRANSFER_PATH, "transfer " + direction.words(),
                () -> sendWalletTransfer(instruction, clientId, body));
        return confirmSent(instruction, clientId, transId, direction);
    }

    /** The transfer's id as OKX accepted it; a refusal is thrown as its kind. */
    private String sendWalletTransfer(TransferInstruction instruction, String clientId, String body) {
        OkxReply reply = send("POST", TRANSFER_PATH, TRANSFER_PATH, body);
        if (!OkxErrors.ok(reply)) {
            if (OkxErrors.CLIENT_ID_EXISTS.equals(OkxErrors.code(reply))) {
                throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, TRANSFER_PATH, OkxErrors.CLIENT_ID_EXISTS,
                        "OKX already has a transfer under client id " + clientId + ": an earlier attempt may have"
                                + " moved the money; reconcile");
            }
            throw OkxErrors.failure(TRANSFER_PATH, reply, redaction, !refusedBeforeMoving(reply));
        }
        OkxReader reader = new OkxReader(TRANSFER_PATH, redaction);
        JsonNode sent = reader.only(reply.body());
        String transId = reader.text(sent, "transId");
        BigDecimal amt = reader.amount(sent, "amt");
        if (amt.compareTo(instruction.amount()) != 0 || !instruction.asset().equals(reader.text(sent, "ccy"))) {
            throw reader.bad("the transfer answer echoes " + amt.toPlainString() + " " + reader.text(sent, "ccy")
                    + ", not the instructed " + instruction.amount().toPlainString() + " " + instruction.asset());
        }
        return transId;
    }

    /**
     * OKX says a transfer request's answer is not necessarily the transfer's result, so the state
     * is read back. Anything going wrong now goes wrong after the request was accepted: it is
     * OUTCOME_UNKNOWN, never a refusal that would let a new intent move the money again.
     */
    private TransferReceipt confirmSent(
            TransferInstruction instruction, String clientId, String transId, Direction direction) {
        try {
            Optional<JsonNode> state = transferState(clientId);
            if (state.isEmpty()) {
                throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, TRANSFER_STATE_PATH, null, "transfer "
                        + transId + " was accepted but is not in transfer-state under client id " + clientId + " yet");
            }
            return receiptFor(instruction, clientId, state.get(), direction);
        } catch (VenueException e) {
            if (e.outcomeUnknown()) {
                throw e;
            }
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(),
                    "transfer " + transId + " was accepted; confirming it failed: " + e.getMessage(), e);
        }
    }

    private TransferReceipt receiptFor(
            TransferInstruction instruction, String clientId, JsonNode state, Direction direction) {
        OkxReader reader = new OkxReader(TRANSFER_STATE_PATH, redaction);
        String transId = reader.text(state, "transId");
        requireSameTransfer(reader, instruction, clientId, state, direction);
        return switch (reader.text(state, "state")) {
            case "success" -> new TransferReceipt(transId, true);
            case "pending" -> new TransferReceipt(transId, false);
            case "failed" -> throw new VenueException(Kind.REJECTED, NAME, TRANSFER_STATE_PATH, null, "transfer "
                    + transId + " under client id " + clientId + " failed at the venue; nothing moved");
            default -> throw reader.bad("field state is " + reader.text(state, "state"));
        };
    }

    /** A transfer under our client id that moved something else means the id was reused: never "found". */
    private static void requireSameTransfer(OkxReader reader, TransferInstruction instruction, String clientId,
            JsonNode state, Direction direction) {
        BigDecimal amt = reader.amount(state, "amt");
        String ccy = reader.text(state, "ccy");
        if (amt.compareTo(instruction.amount()) != 0 || !ccy.equals(instruction.asset())
                || !direction.from().equals(reader.text(state, "from"))
                || !direction.to().equals(reader.text(state, "to"))) {
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, TRANSFER_STATE_PATH, null, "transfer "
                    + reader.text(state, "transId") + " under client id " + clientId + " moved "
                    + amt.toPlainString() + " " + ccy + " " + reader.text(state, "from") + "→"
                    + reader.text(state, "to") + ", not the instructed " + instruction.amount().toPlainString() + " "
                    + instruction.asset() + " " + direction.words());
        }
    }

    /** The transfer under the client id, or empty when the venue's two-week history has none. */
    private Optional<JsonNode> transferState(String clientId) {
        return OkxSubAccounts.transferState(http, redaction, clientId, "");
    }

    /** Whether OKX's answer is one of the sweep refusals it gives before anything moves. */
    private static boolean refusedBeforeMoving(OkxReply reply) {
        String code = OkxErrors.code(reply);
        return code != null && SWEEP_REFUSALS.contains(code);
    }

    /**
     * Adds margin to the isolated position ({@code type} add) or reduces it ({@code reduce}, a sweep).
     * A reduce OKX refuses before moving anything (beyond what the position may release, or no position)
     * is a refusal; anything else unreadable is OUTCOME_UNKNOWN.
     */
    private void changeMargin(TransferInstruction instruction, String posSide, String type) {
        ObjectNode body = JSON.createObjectNode();
        body.put("instId", instruction.symbol());
        body.put("posSide", posSide);
        body.put("type", type);
        body.put("amt", instruction.amount().toPlainString());
        boolean reduce = "reduce".equals(type);
        MoneyMovingAnswer.read(NAME, MARGIN_BALANCE_PATH, "isolated margin " + type, () -> {
            OkxReply reply = send("POST", MARGIN_BALANCE_PATH, MARGIN_BALANCE_PATH, json(body));
            if (!OkxErrors.ok(reply)) {
                throw OkxErrors.failure(MARGIN_BALANCE_PATH, reply, redaction, !(reduce && refusedBeforeMoving(reply)));
            }
            OkxReader reader = new OkxReader(MARGIN_BALANCE_PATH, redaction);
            JsonNode changed = reader.only(reply.body());
            BigDecimal amt = reader.amount(changed, "amt");
            if (amt.compareTo(instruction.amount()) != 0
                    || !instruction.symbol().equals(reader.text(changed, "instId"))) {
                throw reader.bad("the margin " + type + " answer echoes " + amt.toPlainString() + " on "
                        + reader.text(changed, "instId") + ", not the instructed "
                        + instruction.amount().toPlainString() + " on " + instruction.symbol());
            }
            return changed;
        });
    }

    /**
     * Looks for the margin add of this instruction in the account's bills: a manual margin increase
     * on the instrument, of exactly the amount, since shortly before the intent was created. The
     * product keeps at most one open intent per account, so nothing else of ours can match.
     */
    private TransferLookup marginAdd(TransferInstruction instruction) {
        return marginBill(instruction, BILL_SUBTYPE_MANUAL_INCREASE, instruction.amount(), "add");
    }

    /**
     * The reduce of an isolated sweep in the bills, as {@link #marginAdd} finds an add: a manual margin
     * decrease on the instrument whose position balance fell by exactly the amount.
     */
    private TransferLookup marginReduce(TransferInstruction instruction) {
        return marginBill(instruction, BILL_SUBTYPE_MANUAL_DECREASE, instruction.amount().negate(), "reduce");
    }

    private TransferLookup marginBill(TransferInstruction instruction, String subType, BigDecimal posBalChg,
            String what) {
        Instant begin = instruction.createdAt().minus(BILLS_LOOKBACK);
        if (begin.isBefore(venueNow().minus(BILLS_HISTORY))) {
            return new TransferLookup.Unknown("the margin " + what + " would be older than OKX's seven days of bills");
        }
        String path = BILLS_PATH + "?ccy=" + encode(instruction.asset()) + "&mgnMode=isolated&type="
                + BILL_TYPE_MARGIN_TRANSFER + "&begin=" + begin.toEpochMilli() + "&limit=" + BILLS_PAGE;
        OkxReader reader = new OkxReader(BILLS_PATH, redaction);
        JsonNode bills = reader.data(get(BILLS_PATH, path));
        for (JsonNode bill : bills) {
            if (!instruction.symbol().equals(reader.optionalText(bill, "instId"))
                    || !subType.equals(reader.text(bill, "subType"))
                    || reader.epochMillis(bill, "ts") < begin.toEpochMilli()) {
                continue;
            }
            BigDecimal change = reader.amount(bill, "posBalChg");
            if (change.compareTo(posBalChg) == 0) {
                return new TransferLookup.Found("bill-" + reader.text(bill, "billId"));
            }
        }
        if (bills.size() >= BILLS_PAGE) {
            return new TransferLookup.Unknown("a full page of margin bills since " + begin + " holds no match;"
                    + " older pages are not read");
        }
        return new TransferLookup.NotFound();
    }

    // ---- reconciling ----

    @Override
    public TransferLookup findTransfer(TransferInstruction instruction) {
        try {
            MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
            if (instruction.fromSubAccount()) {
                if (instruction.createdAt().isBefore(venueNow().minus(TRANSFER_STATE_HISTORY))) {
                    return new TransferLookup.Unknown("the transfer would be older than OKX's two weeks of"
                            + " transfer-state history");
                }
                return subAccounts.find(instruction, OkxClientId.of(instruction.clientId()));
            }
            Source source = source(instruction.fromWallet(), mode, TRANSFER_STATE_PATH);
            String transId = null;
            if (source == Source.FUNDING) {
                TransferLookup wallet = walletLeg(instruction, INTO_MARGIN);
                if (!(wallet instanceof TransferLookup.Found found) || mode == MarginMode.CROSS) {
                    return wallet;
                }
                transId = found.venueTransferId();
            }
            // Isolated: the wallet transfer (if any) is done; the add decides. Without the add, a
            // done transfer is unfinished: only the add may be sent, never the transfer again.
            TransferLookup add = marginAdd(instruction);
            if (transId != null && add instanceof TransferLookup.Found) {
                return new TransferLookup.Found(transId);
            }
            if (transId != null && add instanceof TransferLookup.NotFound) {
                return new TransferLookup.Unfinished(transId, null);
            }
            return add;
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /**
     * A sweep from the instruction alone. Cross: the trading → funding transfer under the client id,
     * read as a top-up's transfer is. Isolated back to SPOT (the trading account): the reduce's bill
     * decides. Isolated back to FUNDING: the transfer, sent only after the reduce, is the whole sweep
     * found; without it, a reduce in the bills is {@link TransferLookup.Unfinished} (only the transfer
     * is missing, {@link #finishSweep}), and no reduce is NotFound.
     */
    @Override
    public TransferLookup findSweep(TransferInstruction instruction) {
        try {
            MarginMode mode = Objects.requireNonNull(instruction.mode(), "mode");
            Source source = source(instruction.fromWallet(), mode, TRANSFER_STATE_PATH);
            if (source == Source.SPOT) {
                return marginReduce(instruction);
            }
            TransferLookup wallet = walletLeg(instruction, OUT_OF_MARGIN);
            if (mode == MarginMode.CROSS || !(wallet instanceof TransferLookup.NotFound)) {
                return wallet;
            }
            return switch (marginReduce(instruction)) {
                case TransferLookup.Found reduce -> new TransferLookup.Unfinished(reduce.venueTransferId(), null);
                case TransferLookup other -> other;
            };
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /**
     * The wallet transfer under the instruction's client id, in {@code direction}: none → NotFound;
     * {@code pending} → Unknown; {@code failed} → NotFound (nothing moved; sending again meets the
     * failed state and is refused, so a new intent follows); {@code success} → Found. Older than OKX's
     * two weeks of transfer-state → Unknown.
     */
    private TransferLookup walletLeg(TransferInstruction instruction, Direction direction) {
        if (instruction.createdAt().isBefore(venueNow().minus(TRANSFER_STATE_HISTORY))) {
            return new TransferLookup.Unknown("the transfer would be older than OKX's two weeks of"
                    + " transfer-state history");
        }
        String clientId = OkxClientId.of(instruction.clientId());
        Optional<JsonNode> state = transferState(clientId);
        if (state.isEmpty()) {
            return new TransferLookup.NotFound();
        }
        OkxReader reader = new OkxReader(TRANSFER_STATE_PATH, redaction);
        requireSameTransfer(reader, instruction, clientId, state.get(), direction);
        return lookupOf(reader, state.get());
    }

    /**
     * What a transfer-state row of our client id says: found when it succeeded, unknown while pending,
     * not found when it failed (nothing moved). Any other state is an answer we cannot read.
     */
    static TransferLookup lookupOf(OkxReader reader, JsonNode state) {
        String transId = reader.text(state, "transId");
        return switch (reader.text(state, "state")) {
            case "success" -> new TransferLookup.Found(transId);
            case "pending" -> new TransferLookup.Unknown("transfer " + transId + " is still pending at the venue");
            case "failed" -> new TransferLookup.NotFound();
            default -> throw reader.bad("field state is " + reader.text(state, "state"));
        };
    }

    /**
     * OKX records a transfer's state as it processes it and reports {@code pending} meanwhile, so
     * transfer-state is not behind; bills are written after the fact, and how far they may trail
     * is not published. Two minutes covers the lag we allow for and is still far below the
     * transfer function's retry interval, so it delays nothing in practice.
     */
    @Override
    public Duration reconcileGrace() {
        return Duration.ofMinutes(2);
    }

    // ---- how a position ended ----

    /**
     * One read of positions-history updated since {@code since} (for an isolated account, of its
     * instrument): a liquidation, full or partial, among them means liquidated; only closes by the
     * owner mean closed. An auto-deleveraging, no record yet (the history may trail the close) or a
     * full page that may hide older rows is "unknown": the record does not say.
     */
    @Override
    public PositionEnd positionEnd(MarginQuery query, Instant since) {
        MarginMode mode = Objects.requireNonNull(query.mode(), "mode");
        StringBuilder path = new StringBuilder(POSITIONS_HISTORY_PATH).append("?instType=SWAP&mgnMode=")
                .append(mode == MarginMode.CROSS ? "cross" : "isolated");
        if (mode == MarginMode.ISOLATED) {
            path.append("&instId=").append(encode(query.symbol()));
        }
        path.append("&before=").append(since.toEpochMilli()).append("&limit=").append(POSITIONS_HISTORY_PAGE);
        OkxReader reader = new OkxReader(POSITIONS_HISTORY_PATH, redaction);
        JsonNode rows = reader.data(get(POSITIONS_HISTORY_PATH, path.toString()));
        PositionEnd liquidated = null;
        boolean closedByOwner = false;
        boolean deleveraged = false;
        for (JsonNode row : rows) {
            String instId = reader.text(row, "instId");
            Instant at = Instant.ofEpochMilli(reader.epochMillis(row, "uTime"));
            if (at.isBefore(since) || (mode == MarginMode.ISOLATED && !instId.equals(query.symbol()))) {
                continue;
            }
            String type = reader.text(row, "type");
            if (CLOSED_BY_LIQUIDATION.contains(type)) {
                if (liquidated == null || at.isAfter(liquidated.at())) {
                    liquidated = new PositionEnd(PositionEnd.How.LIQUIDATED, instId,
                            reader.optionalAmount(row, "closeAvgPx"), at);
                }
            } else if (CLOSED_BY_ADL.equals(type)) {
                deleveraged = true;
            } else if (CLOSED_BY_OWNER.contains(type)) {
                closedByOwner = true;
            } else {
                throw reader.bad("field type is \"" + type + "\", not a close type 1 to 5");
            }
        }
        if (liquidated != null) {
            return liquidated;
        }
        if (deleveraged || !closedByOwner || rows.size() >= POSITIONS_HISTORY_PAGE) {
            return PositionEnd.unknown();
        }
        return new PositionEnd(PositionEnd.How.CLOSED, mode == MarginMode.ISOLATED ? query.symbol() : null, null, null);
    }

    // ---- account checks ----

    /** Account level, position mode and key permissions, read once per adapter and checked before anything moves. */
    private OkxAccountSetup setup() {
        OkxAccountSetup known = setup;
        if (known != null) {
            return known;
        }
        OkxReader reader = new OkxReader(CONFIG_PATH, redaction);
        JsonNode config = reader.only(get(CONFIG_PATH, CONFIG_PATH));
        known = OkxAccountSetup.of(reader.text(config, "acctLv"), reader.text(config, "posMode"),
                reader.optionalText(config, "perm"));
        setup = known;
        return known;
    }

    private enum Source { FUNDING, SPOT }

    /**
     * FUNDING is OKX's funding account. OKX keeps spot balances in the trading account, which in
     * cross mode is already the margin: there is nothing to move, so SPOT serves isolated only.
     */
    private static Source source(String wallet, MarginMode mode, String endpoint) {
        String name = wallet == null ? "" : wallet.toUpperCase(Locale.ROOT);
        return switch (name) {
            case "FUNDING" -> Source.FUNDING;
            case "SPOT" -> {
                if (mode == MarginMode.CROSS) {
                    throw new VenueException(Kind.CONFIG, NAME, endpoint, null, "OKX keeps spot balances in the"
                            + " trading account, which already is the cross margin; set sourceWallet to FUNDING");
                }
                yield Source.SPOT;
            }
            default -> throw new VenueException(Kind.CONFIG, NAME, endpoint, null,
                    "sourceWallet must be FUNDING or SPOT, was " + wallet);
        };
    }

    private static BigDecimal transferStep(String asset, String endpoint) {
        BigDecimal step = TRANSFER_STEPS.get(asset);
        if (step == null) {
            throw new VenueException(Kind.CONFIG, NAME, endpoint, null, "not supported yet: asset " + asset
                    + " (supported: " + String.join(", ", TRANSFER_STEPS.keySet().stream().sorted().toList()) + ")");
        }
        return step;
    }

    private String get(String endpoint, String requestPath) {
        return http.get(endpoint, requestPath);
    }

    private OkxReply send(String method, String endpoint, String requestPath, String body) {
        return http.send(method, endpoint, requestPath, body);
    }

    private Instant venueNow() {
        return http.venueNow();
    }

    private static String transferBody(TransferInstruction instruction, String clientId, Direction direction) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ccy", instruction.asset());
        body.put("amt", instruction.amount().toPlainString());
        body.put("from", direction.from());
        body.put("to", direction.to());
        body.put("type", "0");
        body.put("clientId", clientId);
        return json(body);
    }

    static String json(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "query value"), StandardCharsets.UTF_8);
    }
}
