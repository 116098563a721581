package dev.margintopup.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance USDⓈ-M futures, with the wallet (SAPI) endpoints that move collateral into it.
 *
 * <p>Cross: one User Universal Transfer from the source wallet into the USDⓈ-M wallet
 * ({@code MAIN_UMFUTURE} / {@code FUNDING_UMFUTURE}). Isolated: that transfer (the wallet leg),
 * then {@code POST /fapi/v1/positionMargin type=1} (the margin leg). Neither call takes a client
 * id, so each leg is identified by its type, asset, exact amount and a time window starting just
 * before the intent was created; the product keeps at most one open intent per account, which
 * makes that match unique. The adapter sends and reports; {@code findTransfer} tells a retry
 * whether a leg already happened, and the transfer service decides what to send:
 * see docs/decisions/0005-binance-usdm-reconciliation.md.
 */
public final class BinanceUsdmVenue implements MarginVenue {

    public static final String NAME = "binance-usdm";

    /** Long enough for Binance under load, short enough that a Lambda never waits on a dead venue. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How far before the intent's creation a leg's venue timestamp may fall: the clock error a
     * signed request can carry (one receive window plus Binance's 1 s "ahead" allowance), with room
     * for an offset learnt by a re-sync. Anything earlier belonged to an earlier intent.
     */
    static final Duration MATCH_LOOKBACK = Duration.ofSeconds(60);

    /**
     * Binance publishes no lag for its transfer or position-margin history; in practice rows appear
     * with the answer. Two minutes covers a slow booking many times over and costs a retry of a
     * top-up at most two minutes, which is cheaper than ever moving money twice.
     */
    static final Duration RECONCILE_GRACE = Duration.ofMinutes(2);

    static final String API_RESTRICTIONS = "/sapi/v1/account/apiRestrictions";
    static final String POSITION_MODE = "/fapi/v1/positionSide/dual";
    static final String MULTI_ASSETS_MODE = "/fapi/v1/multiAssetsMargin";
    static final String ACCOUNT = "/fapi/v3/account";
    static final String POSITION_RISK = "/fapi/v3/positionRisk";
    static final String FUNDING_ASSETS = "/sapi/v1/asset/get-funding-asset";
    static final String SPOT_ASSETS = "/sapi/v3/asset/getUserAsset";
    static final String TRANSFER = "/sapi/v1/asset/transfer";
    static final String POSITION_MARGIN = "/fapi/v1/positionMargin";
    static final String POSITION_MARGIN_HISTORY = "/fapi/v1/positionMargin/history";
    /** {@code positionMargin}'s types: margin added to an isolated position, and margin taken out of it. */
    static final int ADD = 1;
    static final int REDUCE = 2;
    static final String FORCE_ORDERS = "/fapi/v1/forceOrders";
    /** The user's force orders come at most this many to a page; a full page may hide older ones. */
    static final int FORCE_ORDERS_LIMIT = 100;
    /** Binance names the order that liquidates a position {@code autoclose-…}, an auto-deleveraging {@code adl_autoclose}. */
    static final String LIQUIDATION_ORDER_PREFIX = "autoclose-";

    /** Pages of transfer history read before giving up with "cannot tell" (100 rows each). */
    private static final int MAX_HISTORY_PAGES = 10;
    private static final int HISTORY_PAGE_SIZE = 100;
    private static final int MARGIN_HISTORY_LIMIT = 500;

    /**
     * Binance publishes no transfer precision for the universal transfer; USDⓈ-M collateral in
     * stablecoins is accounted to 8 decimals, and a cent is a step every path accepts and no
     * top-up notices. Other assets are not supported yet rather than guessed.
     */
    private static final Map<String, BigDecimal> TRANSFER_STEP = Map.of(
            "USDT", new BigDecimal("0.01"),
            "USDC", new BigDecimal("0.01"));

    private static final Logger LOG = LoggerFactory.getLogger(BinanceUsdmVenue.class);

    private final BinanceHttp http;
    private final Redaction redaction;
    private final Clock clock;

    // Checked at first use and kept for this adapter instance: a key or mode does not change mid-invocation.
    private volatile KeyRestrictions restrictions;
    private volatile Boolean hedgeMode;
    private volatile Boolean multiAssetsMode;
    private final AtomicBoolean used = new AtomicBoolean();

    /** @param baseUrl {@code null} for Binance production; otherwise one URL serving /fapi, /sapi and /api */
    public BinanceUsdmVenue(String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock) {
        this(baseUrl, credentials, http, clock, REQUEST_TIMEOUT);
    }

    /** With a custom request timeout, so that fault tests need not wait five seconds. */
    public BinanceUsdmVenue(
            String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout) {
        this(new Connection(baseUrl, credentials, http, clock, requestTimeout));
    }

    private BinanceUsdmVenue(Connection connection) {
        this.redaction = connection.redaction();
        this.clock = connection.clock();
        this.http = new BinanceHttp(connection);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration reconcileGrace() {
        return RECONCILE_GRACE;
    }

    // ---- reading margin ----

    @Override
    public MarginSnapshot readMargin(MarginQuery query) {
        Objects.requireNonNull(query.mode(), "mode");
        BigDecimal step = transferStep(query.asset(), ACCOUNT);
        boolean firstUse = used.compareAndSet(false, true);
        KeyRestrictions key = keyRestrictions();
        if (!key.reading()) {
            throw config(API_RESTRICTIONS, "the API key cannot read; enable \"Enable Reading\" on the key");
        }
        if (firstUse && key.canTransfer()) {
            // Only when reading is this adapter's first job: the checker's key. The transfer
            // function re-reads margin with its own key, which may transfer.
            LOG.warn("{}: the key used to read margin can also transfer (per {}); give the checker a read-only key",
                    NAME, API_RESTRICTIONS);
        }
        Instant asOf = Instant.ofEpochMilli(http.venueMillis());
        return query.mode() == MarginMode.CROSS
                ? crossSnapshot(query, asOf, step)
                : isolatedSnapshot(query, asOf, step);
    }

    private MarginSnapshot crossSnapshot(MarginQuery query, Instant asOf, BigDecimal step) {
        if (multiAssetsMode()) {
            throw config(MULTI_ASSETS_MODE, "not supported yet: the USDⓈ-M account is in multi-assets mode, where"
                    + " the account totals are USD sums; switch it to single-asset mode");
        }
        if (!"USDT".equals(query.asset())) {
            throw config(ACCOUNT, "not supported yet: cross margin in " + query.asset() + "; in single-asset mode"
                    + " the account totals cover USDT only, so set asset USDT on the account item");
        }
        BinanceReader reader = new BinanceReader(ACCOUNT, redaction);
        JsonNode account = reader.object(http.signed("GET", ACCOUNT, Map.of()).body());
        BigDecimal maintenance = reader.amount(account, "totalMaintMargin");
        BigDecimal marginBalance = reader.amount(account, "totalMarginBalance");
        return snapshot(reader, asOf, query.asset(), marginBalance, maintenance, step, null, null,
                BinancePositions.cross(reader, account, query.asset()));
    }

    private MarginSnapshot isolatedSnapshot(MarginQuery query, Instant asOf, BigDecimal step) {
        BinanceReader reader = new BinanceReader(POSITION_RISK, redaction);
        JsonNode position = openIsolatedRow(reader, query.symbol());
        if (position == null) {
            // Binance lists only symbols with a position or open orders: nothing open, nothing at risk.
            return snapshot(reader, asOf, query.asset(), BigDecimal.ZERO, BigDecimal.ZERO, step, null, null,
                    List.of());
        }
        String marginAsset = reader.text(position, "marginAsset");
        if (!marginAsset.equals(query.asset())) {
            throw config(POSITION_RISK, "the " + query.symbol() + " position is margined in " + marginAsset
                    + ", not " + query.asset() + "; set asset " + marginAsset + " on the account item");
        }
        BigDecimal isolatedWallet = reader.amount(position, "isolatedWallet");
        if (isolatedWallet.signum() == 0) {
            throw config(POSITION_RISK, "the " + query.symbol() + " position is cross-margined (isolatedWallet 0);"
                    + " set marginMode cross on the account item, or switch the symbol to isolated on Binance");
        }
        BigDecimal unrealised = reader.amount(position, "unRealizedProfit");
        BigDecimal marginBalance = isolatedWallet.add(unrealised);
        BigDecimal maintenance = reader.amount(position, "maintMargin");
        BigDecimal mark = reader.amount(position, "markPrice");
        BigDecimal liquidation = reader.amount(position, "liquidationPrice");
        // Binance removes at most min(isolatedWallet − maintenance, isolatedWallet + PnL − initial margin at
        // the position's leverage): as a margin balance, the position keeps the larger of the two floors.
        BigDecimal marginToKeep = reader.amount(position, "positionInitialMargin").max(maintenance.add(unrealised))
                .max(BigDecimal.ZERO);
        return snapshot(reader, asOf, query.asset(), marginBalance, maintenance, step, mark,
                liquidation.signum() == 0 ? null : liquidation, List.of(BinancePositions.isolated(reader, position)))
                .withMarginToKeep(marginToKeep);
    }

    /**
     * The symbol's open position row, or {@code null} when nothing is open. One-way mode has one
     * row ({@code BOTH}); hedge mode a LONG and a SHORT, of which an isolated account item can
     * protect one: with both open it is refused, naming what to change, and nothing moves.
     */
    private JsonNode openIsolatedRow(BinanceReader reader, String symbol) {
        boolean hedge = hedgeMode();
        JsonNode rows = reader.array(http.signed("GET", POSITION_RISK, params("symbol", symbol)).body());
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode row : rows) {
            String side = reader.text(row, "positionSide");
            if (symbol.equals(reader.text(row, "symbol")) && hedge != "BOTH".equals(side)
                    && reader.amount(row, "positionAmt").signum() != 0) {
                open.add(row);
            }
        }
        if (open.size() > 1) {
            throw config(POSITION_RISK, "the account is in hedge mode and both the LONG and the SHORT " + symbol
                    + " positions are open; an isolated account item protects one position: close one side, or"
                    + " switch USDⓈ-M to one-way mode");
        }
        return open.isEmpty() ? null : open.getFirst();
    }

    private static MarginSnapshot snapshot(BinanceReader reader, Instant asOf, String asset, BigDecimal marginBalance,
            BigDecimal maintenance, BigDecimal step, BigDecimal mark, BigDecimal liquidation,
            List<Position> positions) {
        try {
            return new MarginSnapshot(NAME, asOf, asset, marginBalance, maintenance, null, step, mark, liquidation,
                    positions);
        } catch (IllegalArgumentException e) {
            throw reader.bad(e.getMessage());
        }
    }

    /** Free balance of the asset in the source wallet; Binance leaves out assets with nothing in them. */
    @Override
    public BigDecimal sourceFree(SourceQuery query) {
        String asset = query.asset();
        String path = switch (SourceWallet.of(query.wallet())) {
            case FUNDING -> FUNDING_ASSETS;
            case SPOT -> SPOT_ASSETS;
        };
        BinanceReader reader = new BinanceReader(path, redaction);
        JsonNode rows = reader.array(http.signed("POST", path, params("asset", asset)).body());
        for (JsonNode row : rows) {
            if (asset.equals(reader.text(row, "asset"))) {
                return reader.amount(row, "free");
            }
        }
        return BigDecimal.ZERO;
    }

    // ---- moving collateral ----

    @Override
    public TransferReceipt transferToMargin(TransferInstruction instruction) {
        Objects.requireNonNull(instruction.mode(), "mode");
        used.set(true);
        SourceWallet source = SourceWallet.of(instruction.fromWallet());
        requireAmountOnStep(instruction);
        KeyRestrictions key = keyRestrictions();
        if (!key.universalTransfer()) {
            throw config(API_RESTRICTIONS, "the transfer key does not permit universal transfer; enable \"Permits"
                    + " Universal Transfer\" on it (nothing else: never withdrawals)");
        }
        if (instruction.mode() != MarginMode.ISOLATED) {
            return new TransferReceipt(sendWalletLeg(instruction, source), true);
        }
        // Which position the margin leg adds to is settled before the wallet leg moves money.
        String positionSide = isolatedPositionSide(key, instruction.symbol());
        return addToPosition(instruction, positionSide, sendWalletLeg(instruction, source));
    }

    /**
     * Sends the margin leg alone, after the transfer service found the wallet leg done and no add in
     * the position-margin history.
     */
    @Override
    public TransferReceipt finishTransfer(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        requireTwoLegs(instruction, POSITION_MARGIN, "a cross top-up is one transfer; there is no margin leg to finish");
        String positionSide = MoneyMovingAnswer.read(NAME, POSITION_RISK, "transfer "
                + unfinished.walletTransferId(), () -> isolatedPositionSide(keyRestrictions(), instruction.symbol()));
        return addToPosition(instruction, positionSide, unfinished.walletTransferId());
    }

    /** Only an isolated instruction has two legs, and so a last leg to finish alone. */
    private void requireTwoLegs(TransferInstruction instruction, String endpoint, String refusal) {
        Objects.requireNonNull(instruction.mode(), "mode");
        used.set(true);
        if (instruction.mode() != MarginMode.ISOLATED) {
            throw new VenueException(Kind.REJECTED, NAME, endpoint, null, refusal + ", nothing was sent");
        }
        requireAmountOnStep(instruction);
    }

    /** The margin leg, once the wallet leg {@code tranId} moved the money into the USDⓈ-M wallet. */
    private TransferReceipt addToPosition(TransferInstruction instruction, String positionSide, String tranId) {
        try {
            sendMarginLeg(instruction, positionSide);
        } catch (VenueException e) {
            // The wallet leg moved money: "nothing moved" would be false, so no refusal here is final.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(),
                    "transfer " + tranId + " moved " + instruction.amount().toPlainString() + " " + instruction.asset()
                            + " into the USDⓈ-M wallet, but adding it to the isolated " + instruction.symbol()
                            + " position failed; reconciling finds the transfer and adds it alone ("
                            + e.getMessage() + ")",
                    e);
        }
        return new TransferReceipt(isolatedId(tranId, instruction.symbol()), true);
    }

    private String sendWalletLeg(TransferInstruction instruction, SourceWallet source) {
        return sendUniversalTransfer(instruction, source.typeIntoFutures, "transfer into the USDⓈ-M wallet");
    }

    private String sendUniversalTransfer(TransferInstruction instruction, String type, String what) {
        Map<String, String> params = params(
                "type", type,
                "asset", instruction.asset(),
                "amount", instruction.amount().stripTrailingZeros().toPlainString());
        BinanceReader reader = new BinanceReader(TRANSFER, redaction);
        return MoneyMovingAnswer.read(NAME, TRANSFER, what,
                () -> Long.toString(reader.whole(reader.object(http.signed("POST", TRANSFER, params).body()), "tranId")));
    }

    private void sendMarginLeg(TransferInstruction instruction, String positionSide) {
        sendMarginChange(instruction, positionSide, ADD, "isolated margin add");
    }

    /** {@code POST /fapi/v1/positionMargin} of {@code type} 1 (add) or 2 (reduce), checked against its echo. */
    private void sendMarginChange(TransferInstruction instruction, String positionSide, int type, String what) {
        Map<String, String> params = params(
                "symbol", instruction.symbol(),
                "positionSide", positionSide,
                "amount", instruction.amount().stripTrailingZeros().toPlainString(),
                "type", Integer.toString(type));
        BinanceReader reader = new BinanceReader(POSITION_MARGIN, redaction);
        MoneyMovingAnswer.read(NAME, POSITION_MARGIN, what, () -> {
            BigDecimal echoed = reader.amount(reader.object(http.signed("POST", POSITION_MARGIN, params).body()),
                    "amount");
            if (echoed.compareTo(instruction.amount()) != 0) {
                throw reader.bad("field amount is " + echoed.toPlainString() + ", not the instructed "
                        + instruction.amount().toPlainString());
            }
            return echoed;
        });
    }

    // ---- reconciliation ----

    /**
     * Sweep-back. Cross: one universal transfer from the USDⓈ-M wallet back to the instruction's wallet
     * ({@code UMFUTURE_FUNDING} / {@code UMFUTURE_MAIN}). Isolated (decision 0029): the reverse of an
     * isolated top-up, in two legs: {@code positionMargin type=2} takes the amount out of the position
     * into the USDⓈ-M wallet (the reduce leg), then that universal transfer carries it back (the wallet
     * leg). Each is found again like a top-up's legs, by type, asset, exact amount and time.
     */
    @Override
    public TransferReceipt transferFromMargin(TransferInstruction instruction) {
        Objects.requireNonNull(instruction.mode(), "mode");
        used.set(true);
        SourceWallet to = SourceWallet.of(instruction.fromWallet());
        requireAmountOnStep(instruction);
        KeyRestrictions key = keyRestrictions();
        if (!key.universalTransfer()) {
            throw config(API_RESTRICTIONS, "the transfer key does not permit universal transfer; enable \"Permits"
                    + " Universal Transfer\" on it (nothing else: never withdrawals)");
        }
        if (instruction.mode() == MarginMode.ISOLATED) {
            // Everything the wallet leg needs is settled before the reduce moves money.
            String positionSide = isolatedPositionSide(key, instruction.symbol());
            sendMarginChange(instruction, positionSide, REDUCE, "isolated margin reduce");
            return returnToWallet(instruction, to, "the reduce just sent");
        }
        return new TransferReceipt(sendUniversalTransfer(instruction, to.typeOutOfFutures,
                "transfer out of the USDⓈ-M wallet"), true);
    }

    /**
     * Sends the wallet leg of an isolated sweep alone, after the transfer service found the reduce done
     * and no transfer back in the history.
     */
    @Override
    public TransferReceipt finishSweep(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        requireTwoLegs(instruction, TRANSFER, "a cross sweep is one transfer; there is no wallet leg to finish");
        return returnToWallet(instruction, SourceWallet.of(instruction.fromWallet()), "the reduce booked at "
                + unfinished.walletLegAt());
    }

    /** The wallet leg of an isolated sweep, once the reduce moved the money into the USDⓈ-M wallet. */
    private TransferReceipt returnToWallet(TransferInstruction instruction, SourceWallet to, String reduce) {
        try {
            String tranId = sendUniversalTransfer(instruction, to.typeOutOfFutures, "transfer out of the USDⓈ-M wallet");
            return new TransferReceipt(sweepId(instruction.symbol(), tranId), true);
        } catch (VenueException e) {
            // The reduce moved money: "nothing moved" would be false, so no refusal here is final.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(),
                    reduce + " took " + instruction.amount().toPlainString()
                            + " " + instruction.asset() + " out of the isolated " + instruction.symbol()
                            + " position into the USDⓈ-M wallet, but the transfer back to " + instruction.fromWallet()
                            + " failed; reconciling finds the reduce and sends the transfer alone ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    @Override
    public TransferLookup findSweep(TransferInstruction instruction) {
        used.set(true);
        try {
            Leg wallet = universalTransfer(instruction, SourceWallet.of(instruction.fromWallet()).typeOutOfFutures);
            if (wallet instanceof Leg.Pending pending) {
                return new TransferLookup.Unknown("transfer " + pending.id() + " is PENDING on Binance");
            }
            if (instruction.mode() != MarginMode.ISOLATED) {
                return wallet instanceof Leg.Done done ? new TransferLookup.Found(done.id())
                        : new TransferLookup.NotFound();
            }
            Leg reduce = marginLeg(instruction, REDUCE);
            if (reduce instanceof Leg.Done reduced) {
                // The reduce without the wallet leg is an unfinished sweep: only the wallet leg may be sent.
                return wallet instanceof Leg.Done done ? new TransferLookup.Found(sweepId(instruction.symbol(), done.id()))
                        : new TransferLookup.Unfinished(reduced.id(), Instant.ofEpochMilli(reduced.at()));
            }
            return wallet instanceof Leg.Done ? new TransferLookup.Unknown("a transfer of "
                    + instruction.amount().toPlainString() + " " + instruction.asset() + " out of the USDⓈ-M wallet is"
                    + " in the history but no matching reduce of the isolated " + instruction.symbol() + " position;"
                    + " check both histories by hand") : new TransferLookup.NotFound();
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    private static String sweepId(String symbol, String tranId) {
        return "positionMargin:" + symbol + "+" + tranId;
    }

    @Override
    public TransferLookup findTransfer(TransferInstruction instruction) {
        used.set(true);
        try {
            SourceWallet source = SourceWallet.of(instruction.fromWallet());
            Leg wallet = walletLeg(instruction, source);
            if (instruction.mode() != MarginMode.ISOLATED) {
                return switch (wallet) {
                    case Leg.Done done -> new TransferLookup.Found(done.id());
                    case Leg.Pending pending -> new TransferLookup.Unknown(
                            "transfer " + pending.id() + " is PENDING on Binance");
                    case Leg.Missing missing -> new TransferLookup.NotFound();
                };
            }
            Leg margin = marginLeg(instruction, ADD);
            return switch (wallet) {
                case Leg.Pending pending -> new TransferLookup.Unknown(
                        "transfer " + pending.id() + " is PENDING on Binance");
                case Leg.Missing missing -> margin instanceof Leg.Missing
                        ? new TransferLookup.NotFound()
                        : new TransferLookup.Unknown("an isolated margin add of " + instruction.amount().toPlainString()
                                + " on " + instruction.symbol() + " is in the history but no matching transfer into"
                                + " the USDⓈ-M wallet; check both histories by hand");
                // The wallet leg without the margin leg is an unfinished instruction: only the
                // margin leg may be sent, never the whole instruction again.
                case Leg.Done done -> margin instanceof Leg.Done
                        ? new TransferLookup.Found(isolatedId(done.id(), instruction.symbol()))
                        : new TransferLookup.Unfinished(done.id(), Instant.ofEpochMilli(done.at()));
            };
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /** The instruction's universal transfer in the history, by type, asset, exact amount and time. */
    private Leg walletLeg(TransferInstruction instruction, SourceWallet source) {
        return universalTransfer(instruction, source.typeIntoFutures);
    }

    /** The instruction's universal transfer of {@code type} in the history, by asset, exact amount and time. */
    private Leg universalTransfer(TransferInstruction instruction, String type) {
        long start = instruction.createdAt().minus(MATCH_LOOKBACK).toEpochMilli();
        long end = Math.max(http.venueMillis(), instruction.createdAt().toEpochMilli()) + MATCH_LOOKBACK.toMillis();
        BinanceReader reader = new BinanceReader(TRANSFER, redaction);
        List<JsonNode> matches = new ArrayList<>();
        for (int page = 1; ; page++) {
            if (page > MAX_HISTORY_PAGES) {
                throw reader.bad("more than " + MAX_HISTORY_PAGES * HISTORY_PAGE_SIZE + " transfers in the window;"
                        + " cannot tell which one is this instruction's");
            }
            JsonNode body = reader.object(http.signed("GET", TRANSFER, params(
                    "type", type,
                    "startTime", Long.toString(start),
                    "endTime", Long.toString(end),
                    "current", Integer.toString(page),
                    "size", Integer.toString(HISTORY_PAGE_SIZE))).body());
            long total = reader.whole(body, "total");
            // Binance leaves "rows" out altogether when there are none.
            JsonNode rows = total == 0 && !body.has("rows") ? JsonNodeFactory.instance.arrayNode() : reader.array(body, "rows");
            for (JsonNode row : rows) {
                if (instruction.asset().equals(reader.text(row, "asset"))
                        && type.equals(reader.text(row, "type"))
                        && reader.amount(row, "amount").compareTo(instruction.amount()) == 0
                        && reader.whole(row, "timestamp") >= start
                        && !"FAILED".equals(reader.text(row, "status"))) {
                    matches.add(row);
                }
            }
            if (rows.size() < HISTORY_PAGE_SIZE || (long) page * HISTORY_PAGE_SIZE >= total) {
                break;
            }
        }
        if (matches.size() > 1) {
            throw reader.bad(matches.size() + " transfers of " + instruction.amount().toPlainString() + " "
                    + instruction.asset() + " in the window; the account is not topped up by one intent at a time");
        }
        if (matches.isEmpty()) {
            return new Leg.Missing();
        }
        JsonNode row = matches.getFirst();
        String tranId = Long.toString(reader.whole(row, "tranId"));
        String status = reader.text(row, "status");
        return switch (status) {
            case "CONFIRMED" -> new Leg.Done(tranId, reader.whole(row, "timestamp"));
            case "PENDING" -> new Leg.Pending(tranId);
            default -> throw reader.bad("field status is " + status + " for transfer " + tranId);
        };
    }

    /**
     * The instruction's isolated add (type 1) or reduce (type 2) in the position-margin history (which keeps
     * 30 days), by amount and time.
     */
    private Leg marginLeg(TransferInstruction instruction, int type) {
        long start = instruction.createdAt().minus(MATCH_LOOKBACK).toEpochMilli();
        long end = Math.max(http.venueMillis(), instruction.createdAt().toEpochMilli()) + MATCH_LOOKBACK.toMillis();
        BinanceReader reader = new BinanceReader(POSITION_MARGIN_HISTORY, redaction);
        JsonNode rows = reader.array(http.signed("GET", POSITION_MARGIN_HISTORY, params(
                "symbol", instruction.symbol(),
                "type", Integer.toString(type),
                "startTime", Long.toString(start),
                "endTime", Long.toString(end),
                "limit", Integer.toString(MARGIN_HISTORY_LIMIT))).body());
        if (rows.size() >= MARGIN_HISTORY_LIMIT) {
            throw reader.bad("the position-margin history is full (" + MARGIN_HISTORY_LIMIT + " rows) for the window");
        }
        int matches = 0;
        long time = 0;
        for (JsonNode row : rows) {
            // Any change of this type and amount counts, whatever its deltaType: taking someone else's add
            // for ours can only leave the position short (the next check tops up again), never add twice; and
            // taking someone else's reduce for ours never reduces the position twice.
            if (instruction.symbol().equals(reader.text(row, "symbol"))
                    && reader.whole(row, "type") == type
                    && instruction.asset().equals(reader.text(row, "asset"))
                    && reader.amount(row, "amount").compareTo(instruction.amount()) == 0
                    && reader.whole(row, "time") >= start) {
                matches++;
                time = reader.whole(row, "time");
            }
        }
        if (matches > 1) {
            throw reader.bad(matches + " isolated " + (type == ADD ? "adds" : "reduces") + " of "
                    + instruction.amount().toPlainString() + " on "
                    + instruction.symbol() + " in the window; the account is not topped up by one intent at a time");
        }
        return matches == 0 ? new Leg.Missing() : new Leg.Done(Long.toString(time), time);
    }

    private static String isolatedId(String tranId, String symbol) {
        return tranId + "+positionMargin:" + symbol;
    }

    /** Where one leg of an instruction got to, as the venue's history shows it. */
    private sealed interface Leg {
        /** @param at the venue's time of the leg, in epoch milliseconds */
        record Done(String id, long at) implements Leg {}

        record Pending(String id) implements Leg {}

        record Missing() implements Leg {}
    }

    // ---- how a position ended ----

    /**
     * One read of the user's force orders since {@code since} (of the isolated symbol, or all for
     * a cross account): a filled liquidation order means liquidated, at its average price. No force
     * order at all means nothing forced the position out: its owner closed it. An auto-deleveraging,
     * or a full page that may hide older orders, is "unknown".
     */
    @Override
    public PositionEnd positionEnd(MarginQuery query, Instant since) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query.mode() == MarginMode.ISOLATED) {
            params.put("symbol", query.symbol());
        }
        params.put("startTime", Long.toString(since.toEpochMilli()));
        params.put("limit", Integer.toString(FORCE_ORDERS_LIMIT));
        BinanceReader reader = new BinanceReader(FORCE_ORDERS, redaction);
        JsonNode orders = reader.array(http.signed("GET", FORCE_ORDERS, params).body());
        PositionEnd liquidated = null;
        boolean other = false;
        for (JsonNode order : orders) {
            Instant at = Instant.ofEpochMilli(reader.whole(order, "updateTime"));
            if (at.isBefore(since)) {
                continue;
            }
            if (reader.text(order, "clientOrderId").startsWith(LIQUIDATION_ORDER_PREFIX)
                    && "FILLED".equals(reader.text(order, "status"))) {
                if (liquidated == null || at.isAfter(liquidated.at())) {
                    liquidated = new PositionEnd(PositionEnd.How.LIQUIDATED, reader.text(order, "symbol"),
                            reader.amount(order, "avgPrice"), at);
                }
            } else {
                other = true;
            }
        }
        if (liquidated != null) {
            return liquidated;
        }
        if (other || orders.size() >= FORCE_ORDERS_LIMIT) {
            return PositionEnd.unknown();
        }
        return new PositionEnd(PositionEnd.How.CLOSED, query.mode() == MarginMode.ISOLATED ? query.symbol() : null,
                null, null);
    }

    // ---- account and key checks, once per adapter ----

    private KeyRestrictions keyRestrictions() {
        KeyRestrictions known = restrictions;
        if (known == null) {
            BinanceReader reader = new BinanceReader(API_RESTRICTIONS, redaction);
            JsonNode body = reader.object(http.signed("GET", API_RESTRICTIONS, Map.of()).body());
            known = new KeyRestrictions(
                    reader.bool(body, "enableReading"),
                    reader.bool(body, "enableWithdrawals"),
                    reader.bool(body, "enableInternalTransfer"),
                    reader.bool(body, "permitsUniversalTransfer"),
                    reader.bool(body, "enableFutures"));
            if (known.withdrawals()) {
                // Not cached: once the key is fixed, the next invocation goes ahead.
                throw config(API_RESTRICTIONS, "the API key can withdraw; this product never withdraws, so create a"
                        + " key without \"Enable Withdrawals\" and put that one in the account's secret");
            }
            restrictions = known;
        }
        return known;
    }

    /**
     * The {@code positionSide} an isolated add names: {@code BOTH} in one-way mode (no request); in
     * hedge mode the side of the one open position, which sending {@code BOTH} would fail with -4061.
     */
    private String isolatedPositionSide(KeyRestrictions key, String symbol) {
        if (!key.futures()) {
            throw config(API_RESTRICTIONS, "adding isolated margin, or taking it out, needs \"Enable Futures\" on the"
                    + " transfer key");
        }
        if (!hedgeMode()) {
            return "BOTH";
        }
        BinanceReader reader = new BinanceReader(POSITION_RISK, redaction);
        JsonNode position = openIsolatedRow(reader, symbol);
        if (position == null) {
            throw new VenueException(Kind.REJECTED, NAME, POSITION_RISK, null, "no open " + symbol + " position to"
                    + " add isolated margin to; nothing was sent");
        }
        return reader.text(position, "positionSide");
    }

    private boolean hedgeMode() {
        Boolean hedge = hedgeMode;
        if (hedge == null) {
            BinanceReader reader = new BinanceReader(POSITION_MODE, redaction);
            hedge = reader.bool(reader.object(http.signed("GET", POSITION_MODE, Map.of()).body()), "dualSidePosition");
            hedgeMode = hedge;
        }
        return hedge;
    }

    private boolean multiAssetsMode() {
        Boolean multi = multiAssetsMode;
        if (multi == null) {
            BinanceReader reader = new BinanceReader(MULTI_ASSETS_MODE, redaction);
            multi = reader.bool(reader.object(http.signed("GET", MULTI_ASSETS_MODE, Map.of()).body()),
                    "multiAssetsMargin");
            multiAssetsMode = multi;
        }
        return multi;
    }

    private static BigDecimal transferStep(String asset, String endpoint) {
        BigDecimal step = TRANSFER_STEP.get(asset);
        if (step == null) {
            throw config(endpoint, "not supported yet: collateral asset " + asset + "; supported are "
                    + TRANSFER_STEP.keySet().stream().sorted().toList());
        }
        return step;
    }

    /** A leg is found again by its exact amount, so the amount must be one the venue keeps as sent. */
    private static void requireAmountOnStep(TransferInstruction instruction) {
        BigDecimal step = transferStep(instruction.asset(), TRANSFER);
        if (instruction.amount().signum() <= 0 || instruction.amount().remainder(step).signum() != 0) {
            throw new VenueException(Kind.REJECTED, NAME, TRANSFER, null, "amount "
                    + instruction.amount().toPlainString() + " is not a positive multiple of " + step.toPlainString()
                    + " " + instruction.asset() + "; nothing was sent");
        }
    }

    private static VenueException config(String endpoint, String message) {
        return new VenueException(Kind.CONFIG, NAME, endpoint, null, message);
    }

    private static Map<String, String> params(String... namesAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put(namesAndValues[i], Objects.requireNonNull(namesAndValues[i + 1], namesAndValues[i]));
        }
        return params;
    }


    /** The account item's source wallet, and the universal-transfer types that move from it into USDⓈ-M and back. */
    enum SourceWallet {
        FUNDING("FUNDING_UMFUTURE", "UMFUTURE_FUNDING"),
        SPOT("MAIN_UMFUTURE", "UMFUTURE_MAIN");

        final String typeIntoFutures;
        final String typeOutOfFutures;

        SourceWallet(String typeIntoFutures, String typeOutOfFutures) {
            this.typeIntoFutures = typeIntoFutures;
            this.typeOutOfFutures = typeOutOfFutures;
        }

        static SourceWallet of(String wallet) {
            for (SourceWallet candidate : values()) {
                if (candidate.name().equals(wallet)) {
                    return candidate;
                }
            }
            throw config("(none)", "source wallet " + wallet + " is not a Binance wallet this product moves from;"
                    + " use FUNDING or SPOT");
        }
    }
}
