package dev.margintopup.venue.bybit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.Source;
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
import dev.margintopup.venue.bybit.BybitHttp.Answer;
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
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Bybit v5, Unified Trading Account. Collateral moves from the owner's Funding wallet
 * ({@code FUND}) into the Unified wallet ({@code UNIFIED}) with Bybit's client transfer id
 * ({@code transferId}, our intent id); for an isolated position the same transfer is followed by
 * an add-margin on the position. See docs/decisions/0006-bybit-v5-reconciliation.md.
 */
public final class BybitV5Venue implements MarginVenue {

    public static final String NAME = "bybit-v5";
    public static final String PRODUCTION_URL = BybitHttp.PRODUCTION_URL;
    public static final String TESTNET_URL = "https://api-testnet.bybit.com";

    /** Long enough for a slow venue, short enough that a Lambda never waits on a dead one. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Bybit writes an inter-transfer to its history as it answers (or reports it PENDING, which a
     * lookup reads as "cannot tell"); no lag is documented. A minute covers a replica behind the
     * write path with room to spare and is short next to the transfer function's lease.
     */
    public static final Duration RECONCILE_GRACE = Duration.ofSeconds(60);
    /**
     * Transfer increment for the collateral coins this adapter supports. Bybit lists no transfer
     * precision per coin on the endpoints used here; cents are accepted by inter-transfer for
     * USDT and USDC, and add-margin takes up to 4 decimals, so 0.01 is safe for both steps.
     */
    public static final BigDecimal TRANSFER_STEP = new BigDecimal("0.01");
    /** Coins whose USD account totals this adapter reads 1:1 as the coin; others are refused. */
    public static final Set<String> SUPPORTED_ASSETS = Set.of("USDT", "USDC");
    /** The inter-transfer history answers for 7 days; older instructions cannot be ruled out. */
    static final Duration HISTORY_WINDOW = Duration.ofDays(7);
    /**
     * How far before a sweep's creation Bybit's {@code updatedTime} of the position may fall and still be
     * the sweep's reduce: our clock and Bybit's differ by up to a receive window and a re-sync. A position
     * untouched since before that has not been reduced by the sweep.
     */
    static final Duration REDUCE_LOOKBACK = Duration.ofSeconds(60);

    static final String ACCOUNT_INFO = "/v5/account/info";
    static final String QUERY_API = "/v5/user/query-api";
    static final String WALLET_BALANCE = "/v5/account/wallet-balance";
    static final String POSITION_LIST = "/v5/position/list";
    static final String FUND_BALANCE = "/v5/asset/transfer/query-account-coins-balance";
    static final String INTER_TRANSFER = "/v5/asset/transfer/inter-transfer";
    static final String TRANSFER_LIST = "/v5/asset/transfer/query-inter-transfer-list";
    static final String ADD_MARGIN = "/v5/position/add-margin";
    /** Between UIDs of one owner: the main account's key moves a sub-account's Funding wallet into its own Unified wallet. */
    static final String UNIVERSAL_TRANSFER = "/v5/asset/transfer/universal-transfer";
    static final String UNIVERSAL_TRANSFER_LIST = "/v5/asset/transfer/query-universal-transfer-list";
    /** What Bybit calls a UID (memberId): the name a SUBACCOUNT source gives on Bybit. */
    static final Pattern MEMBER_ID = Pattern.compile("[0-9]{1,19}");
    static final String EXECUTION_LIST = "/v5/execution/list";
    /** The execution list's largest page. */
    static final int EXECUTION_PAGE = 100;

    /** Bybit rounds accountMMRate to 4 decimals; a gap larger than that is haircut or order loss. */
    private static final BigDecimal MM_RATE_ROUNDING = new BigDecimal("0.00005");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final Redaction redaction;
    private final BybitHttp http;
    private final BybitAccountSetup setup;
    private final BybitPositions positions;

    public BybitV5Venue(String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock) {
        this(baseUrl, credentials, http, clock, REQUEST_TIMEOUT);
    }

    /** With a custom request timeout, so that fault tests need not wait five seconds. */
    public BybitV5Venue(
            String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout) {
        this(new Connection(baseUrl, credentials, http, clock, requestTimeout));
    }

    private BybitV5Venue(Connection connection) {
        this.clock = connection.clock();
        this.redaction = connection.redaction();
        this.http = new BybitHttp(connection);
        this.setup = new BybitAccountSetup(this.http);
        this.positions = new BybitPositions(this.http);
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
        requireAsset(query.asset(), WALLET_BALANCE);
        setup.requireAccountMode(query.mode());
        setup.requireKey(BybitAccountSetup.Role.READ, query.mode());
        return query.mode() == MarginMode.CROSS
                ? crossSnapshot(query.asset(), query.withPositions())
                : isolatedSnapshot(query.symbol(), query.asset());
    }

    /**
     * Margin ratio from the account totals: totalMaintenanceMargin ÷ totalMarginBalance. Bybit's
     * own accountMMRate also subtracts haircut loss and adds order loss; when it reads worse than
     * our ratio beyond its rounding, the balance it implies is used instead, so we never see the
     * account healthier than Bybit does.
     */
    private MarginSnapshot crossSnapshot(String asset, boolean withPositions) {
        String query = "accountType=UNIFIED&coin=" + encode(asset);
        Answer answer = http.call("GET", WALLET_BALANCE, query, "");
        BybitReader reader = answer.reader();
        JsonNode list = reader.array(answer.result(), "list");
        if (list.isEmpty()) {
            throw reader.bad("field list is empty: no UNIFIED account in the answer");
        }
        JsonNode account = list.get(0);
        BigDecimal marginBalance = reader.amount(account, "totalMarginBalance");
        BigDecimal maintenance = reader.amount(account, "totalMaintenanceMargin");
        BigDecimal mmRate = reader.amount(account, "accountMMRate");
        if (maintenance.signum() > 0 && marginBalance.signum() > 0 && mmRate.signum() > 0) {
            BigDecimal ours = maintenance.divide(marginBalance, MarginSnapshot.RATIO_MATH);
            if (mmRate.subtract(ours).compareTo(MM_RATE_ROUNDING) > 0) {
                marginBalance = maintenance.divide(mmRate, 2, java.math.RoundingMode.DOWN);
            }
        }
        return snapshot(answer, reader, asset, marginBalance, maintenance, null, null,
                withPositions ? positions.settledIn(asset) : List.of());
    }

    /**
     * One isolated position: positionMM ÷ (positionIM + unrealisedPnl), with its mark and
     * liquidation prices; the liquidation price is the venue's real trigger for isolated margin.
     */
    private MarginSnapshot isolatedSnapshot(String symbol, String asset) {
        BybitPositions.Open position = positions.in(symbol);
        BybitReader reader = position.reader();
        if (position.row() == null) {
            return snapshot(position.answer(), reader, asset, BigDecimal.ZERO, BigDecimal.ZERO, null, null, List.of());
        }
        JsonNode row = position.row();
        BigDecimal marginBalance = reader.amount(row, "positionIM").add(reader.amount(row, "unrealisedPnl"));
        return snapshot(position.answer(), reader, asset, marginBalance, reader.amount(row, "positionMM"),
                reader.amount(row, "markPrice"), reader.optionalAmount(row, "liqPrice"),
                List.of(BybitPositions.position(reader, row)))
                .withMarginToKeep(BybitPositions.marginToKeep(reader, row));
    }

    private static MarginSnapshot snapshot(Answer answer, BybitReader reader, String asset, BigDecimal balance,
            BigDecimal maintenance, BigDecimal mark, BigDecimal liquidation,
            List<Position> positions) {
        try {
            return new MarginSnapshot(NAME, answer.venueTime(), asset, balance, maintenance, null, TRANSFER_STEP,
                    mark, liquidation, positions);
        } catch (IllegalArgumentException e) {
            throw reader.bad(e.getMessage());
        }
    }

    /**
     * The Funding wallet's transferable balance of the asset: the only wallet a Unified account draws
     * from. For a sub-account source, the sub-account's Funding wallet, read with the main account's
     * key by its UID ({@code memberId}).
     */
    @Override
    public BigDecimal sourceFree(SourceQuery query) {
        String asset = query.asset();
        requireAsset(asset, FUND_BALANCE);
        String member = "";
        if (query.subAccount() != null) {
            requireSubAccountSource(query.wallet(), query.subAccount(), query.mode(), FUND_BALANCE);
            member = "memberId=" + query.subAccount() + "&";
        } else {
            requireFundingSource(query.wallet(), FUND_BALANCE);
        }
        Answer answer = http.call("GET", FUND_BALANCE, member + "accountType=FUND&coin=" + encode(asset), "");
        BybitReader reader = answer.reader();
        for (JsonNode coin : reader.array(answer.result(), "balance")) {
            if (asset.equals(reader.text(coin, "coin"))) {
                return reader.amount(coin, "transferBalance");
            }
        }
        return BigDecimal.ZERO;
    }

    // ---- moving collateral ----

    @Override
    public TransferReceipt transferToMargin(TransferInstruction instruction) {
        validate(instruction);
        setup.requireAccountMode(instruction.mode());
        setup.requireKey(BybitAccountSetup.Role.TRANSFER, instruction.mode());
        if (instruction.fromSubAccount()) {
            Transfer transfer = sendSubAccountTransfer(instruction, setup.requireSubAccountTransferKey());
            return new TransferReceipt(transfer.transferId(), transfer.succeeded());
        }
        if (instruction.mode() == MarginMode.CROSS) {
            Transfer transfer = sendTransfer(instruction);
            return new TransferReceipt(transfer.transferId(), transfer.succeeded());
        }
        return addIsolated(instruction);
    }

    /**
     * Step 1 moves the amount FUND → UNIFIED under our transferId; step 2 adds it to the position.
     * Nothing is looked up first: a retry is the transfer service's to decide, and when
     * {@link #findTransfer} reports step 1 done and step 2 provably not, {@link #finishTransfer}
     * sends step 2 alone.
     */
    private TransferReceipt addIsolated(TransferInstruction instruction) {
        BybitPositions.Open position = positions.in(instruction.symbol());
        if (position.row() == null) {
            throw new VenueException(Kind.REJECTED, NAME, POSITION_LIST, null, "no open position in "
                    + instruction.symbol() + " to add margin to; nothing moved");
        }
        // Everything step 2 needs is read before step 1 moves money: afterwards nothing may be refused as unreadable.
        int positionIdx = BybitPositions.positionIdx(position);
        Transfer transfer = sendTransfer(instruction);
        if (!transfer.succeeded()) {
            // Step 2 waits for step 1 to land: reconciling finds the transfer, then the add alone follows.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, INTER_TRANSFER, null, "wallet transfer "
                    + transfer.transferId() + " is " + transfer.statusInWords() + "; reconciling finds it and"
                    + " adds the margin once it has landed");
        }
        addMargin(instruction, positionIdx, transfer.transferId());
        return new TransferReceipt(transfer.transferId(), true);
    }

    /**
     * Step 2 alone. add-margin carries no client id, so it is sent only while the position
     * provably has not changed since step 1 landed (its updatedTime is older than the transfer);
     * otherwise a second add could move the money twice, and the answer is "cannot tell".
     */
    @Override
    public TransferReceipt finishTransfer(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        validate(instruction);
        if (instruction.mode() != MarginMode.ISOLATED) {
            throw new VenueException(Kind.REJECTED, NAME, ADD_MARGIN, null, "a cross top-up is one transfer;"
                    + " there is no add-margin step to finish, nothing was sent");
        }
        setup.requireAccountMode(instruction.mode());
        setup.requireKey(BybitAccountSetup.Role.TRANSFER, instruction.mode());
        // Step 1 moved money already: an answer read now that cannot be read is "cannot tell", never a refusal.
        int positionIdx = MoneyMovingAnswer.read(NAME, POSITION_LIST, "wallet transfer "
                + unfinished.walletTransferId(), () -> {
                    BybitPositions.Open position = positions.in(instruction.symbol());
                    if (position.row() == null
                            || !addStillPending(position, unfinished.walletLegAt().toEpochMilli())) {
                        throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, ADD_MARGIN, null, "wallet transfer "
                                + unfinished.walletTransferId() + " is done, but the " + instruction.symbol()
                                + " position has changed or closed since, so whether its margin was already added"
                                + " cannot be told; not adding");
                    }
                    return BybitPositions.positionIdx(position);
                });
        addMargin(instruction, positionIdx, unfinished.walletTransferId());
        return new TransferReceipt(unfinished.walletTransferId(), true);
    }

    /** add-margin of {@code margin} on the instruction's position: positive adds, negative reduces. */
    private Answer changeMargin(TransferInstruction instruction, BigDecimal margin, int positionIdx, String what) {
        ObjectNode body = JSON.createObjectNode();
        body.put("category", "linear");
        body.put("symbol", instruction.symbol());
        body.put("margin", margin.toPlainString());
        body.put("positionIdx", positionIdx);
        return MoneyMovingAnswer.read(NAME, ADD_MARGIN, what, () -> http.exchange("POST", ADD_MARGIN, "", json(body)));
    }

    private void addMargin(TransferInstruction instruction, int positionIdx, String walletTransferId) {
        Answer answer = changeMargin(instruction, instruction.amount(), positionIdx, "add-margin after wallet transfer "
                + walletTransferId);
        if (answer.retCode() != BybitErrors.OK) {
            VenueException refusal = BybitErrors.refusal(ADD_MARGIN, answer.retCode(), answer.retMsg(),
                    answer.reply(), redaction);
            // Step 1 already moved money, so this is never "nothing moved": the caller must not close
            // the intent as failed (and give the amount back to the day) when part of it happened.
            // The retry reconciles, finds step 1 and finishes with step 2; after its attempts it
            // alerts with the intent UNKNOWN, the money waiting in the owner's Unified wallet.
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, ADD_MARGIN, refusal.venueCode(), "wallet transfer "
                    + walletTransferId + " moved " + instruction.amount().toPlainString() + " "
                    + instruction.asset() + " into the Unified wallet, but adding it to " + instruction.symbol()
                    + " was refused (" + refusal.kind() + "): " + refusal.getMessage());
        }
        // retCode 0 is Bybit's word that the add was applied; the echoed position is not needed.
    }

    /** Sends the inter-transfer; a refused duplicate transferId may be an earlier attempt of ours: cannot tell. */
    private Transfer sendTransfer(TransferInstruction instruction) {
        return sendTransfer(instruction, "FUND", "UNIFIED", "transfer into the Unified wallet");
    }

    private Transfer sendTransfer(TransferInstruction instruction, String from, String to, String what) {
        return post(INTER_TRANSFER, transferBody(instruction, from, to), instruction, what);
    }

    /**
     * A sub-account's Funding wallet into the main account's Unified wallet: a universal transfer under
     * the same transferId, sent with the main account's key ({@code toMemberId} is that key's UID).
     */
    private Transfer sendSubAccountTransfer(TransferInstruction instruction, String mainMemberId) {
        ObjectNode body = transferBody(instruction, "FUND", "UNIFIED");
        body.put("fromMemberId", Long.parseLong(instruction.subAccount()));
        body.put("toMemberId", Long.parseLong(mainMemberId));
        return post(UNIVERSAL_TRANSFER, body, instruction, "transfer from sub-account " + instruction.subAccount()
                + " into the Unified wallet");
    }

    private static ObjectNode transferBody(TransferInstruction instruction, String from, String to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("transferId", instruction.clientId());
        body.put("coin", instruction.asset());
        body.put("amount", instruction.amount().toPlainString());
        body.put("fromAccountType", from);
        body.put("toAccountType", to);
        return body;
    }

    private Transfer post(String endpoint, ObjectNode body, TransferInstruction instruction, String what) {
        Answer answer = MoneyMovingAnswer.read(NAME, endpoint, what,
                () -> http.exchange("POST", endpoint, "", json(body)));
        if (answer.retCode() == BybitErrors.TRANSFER_ID_EXISTS) {
            throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, endpoint, "131214", "Bybit says transferId "
                    + instruction.clientId() + " exists: an earlier attempt may have moved the money; reconcile");
        }
        if (answer.retCode() != BybitErrors.OK) {
            throw BybitErrors.refusal(endpoint, answer.retCode(), answer.retMsg(), answer.reply(), redaction);
        }
        return MoneyMovingAnswer.read(NAME, endpoint, what, () -> accepted(instruction, answer, endpoint));
    }

    /**
     * retCode 0: Bybit accepted the transfer under our transferId, which its result echoes. The
     * current shape adds a status; older documented shapes carry the id alone, and then the state
     * is read from the history when reconciling, as for PENDING.
     */
    private static Transfer accepted(TransferInstruction instruction, Answer answer, String endpoint) {
        BybitReader reader = answer.reader();
        JsonNode result = answer.result();
        String transferId = reader.text(result, "transferId");
        if (!transferId.equals(instruction.clientId())) {
            throw reader.bad("the transfer answer names transferId " + transferId + ", not ours "
                    + instruction.clientId());
        }
        String status = reader.optionalText(result, "status");
        if ("FAILED".equals(status)) {
            throw new VenueException(Kind.REJECTED, NAME, endpoint, null, "Bybit reports transfer "
                    + instruction.clientId() + " FAILED; nothing moved");
        }
        return new Transfer(instruction.clientId(), status, answer.venueTime().toEpochMilli());
    }

    // ---- how a position ended ----

    /**
     * One read of the linear executions since {@code since} (of the isolated symbol, or all for a
     * unified cross account): a {@code BustTrade}, the liquidation engine taking the position over,
     * means liquidated at its price. Anything else is "unknown", never "closed": Bybit's laddered
     * liquidation reduces a position by orders of its own ({@code createType} {@code CreateByLiq})
     * whose executions are plain {@code Trade}s, so closing trades do not prove the owner closed it.
     */
    @Override
    public PositionEnd positionEnd(MarginQuery query, Instant since) {
        StringBuilder params = new StringBuilder("category=linear");
        if (query.mode() == MarginMode.ISOLATED) {
            params.append("&symbol=").append(encode(query.symbol()));
        }
        params.append("&execType=BustTrade&startTime=").append(since.toEpochMilli()).append("&limit=")
                .append(EXECUTION_PAGE);
        Answer answer = http.call("GET", EXECUTION_LIST, params.toString(), "");
        BybitReader reader = answer.reader();
        PositionEnd liquidated = PositionEnd.unknown();
        for (JsonNode execution : reader.array(answer.result(), "list")) {
            Instant at = Instant.ofEpochMilli(reader.epochMillis(execution, "execTime"));
            if (!at.isBefore(since) && "BustTrade".equals(reader.text(execution, "execType"))
                    && (liquidated.at() == null || at.isAfter(liquidated.at()))) {
                liquidated = new PositionEnd(PositionEnd.How.LIQUIDATED, reader.text(execution, "symbol"),
                        reader.amount(execution, "execPrice"), at);
            }
        }
        return liquidated;
    }

    /** The history row under our transferId, checked against the instruction; {@code null} when absent. */
    private Transfer lookUp(TransferInstruction instruction) {
        return lookUp(instruction, "FUND", "UNIFIED");
    }

    private Transfer lookUp(TransferInstruction instruction, String expectedFrom, String expectedTo) {
        String list = instruction.fromSubAccount() ? UNIVERSAL_TRANSFER_LIST : TRANSFER_LIST;
        Answer answer = http.call("GET", list, "transferId=" + encode(instruction.clientId()), "");
        BybitReader reader = answer.reader();
        for (JsonNode row : reader.array(answer.result(), "list")) {
            if (!instruction.clientId().equals(reader.text(row, "transferId"))) {
                continue;
            }
            BigDecimal amount = reader.amount(row, "amount");
            String coin = reader.text(row, "coin");
            String from = reader.text(row, "fromAccountType");
            String to = reader.text(row, "toAccountType");
            if (instruction.fromSubAccount()) {
                // The universal list also names the UIDs: the money must have left the instructed sub-account.
                from = "UID " + reader.memberId(row, "fromMemberId") + " " + from;
                expectedFrom = "UID " + instruction.subAccount() + " " + expectedFrom;
            }
            if (amount.compareTo(instruction.amount()) != 0 || !coin.equals(instruction.asset())
                    || !expectedFrom.equals(from) || !expectedTo.equals(to)) {
                // The id was reused somewhere: closing an intent on someone else's transfer would be wrong.
                throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, TRANSFER_LIST, null, "transferId "
                        + instruction.clientId() + " moved " + amount.toPlainString() + " " + coin + " " + from
                        + " → " + to + ", not the instructed " + instruction.amount().toPlainString() + " "
                        + instruction.asset() + " " + expectedFrom + " → " + expectedTo);
            }
            String status = reader.text(row, "status");
            if ("FAILED".equals(status)) {
                throw new VenueException(Kind.REJECTED, NAME, TRANSFER_LIST, null, "Bybit reports transfer "
                        + instruction.clientId() + " FAILED; nothing moved, and its transferId cannot be reused");
            }
            return new Transfer(instruction.clientId(), status, reader.epochMillis(row, "timestamp"));
        }
        return null;
    }

    /** True when nothing has touched the position since the wallet transfer landed. */
    private static boolean addStillPending(BybitPositions.Open position, long walletLegAt) {
        return position.reader().epochMillis(position.row(), "updatedTime") < walletLegAt;
    }

    // ---- reconciliation ----

    /**
     * Sweep-back, under our transferId. Cross: one inter-transfer UNIFIED → FUND. Isolated (decision
     * 0029): add-margin with the amount negated takes it out of the position into the Unified wallet,
     * then that inter-transfer carries it back to FUND.
     */
    @Override
    public TransferReceipt transferFromMargin(TransferInstruction instruction) {
        validate(instruction);
        if (instruction.fromSubAccount()) {
            throw config(UNIVERSAL_TRANSFER, "excess margin goes back to the account's own Funding wallet, never to a"
                    + " sub-account");
        }
        setup.requireAccountMode(instruction.mode());
        setup.requireKey(BybitAccountSetup.Role.TRANSFER, instruction.mode());
        if (instruction.mode() == MarginMode.ISOLATED) {
            reduceIsolated(instruction);
            try {
                return transferBack(instruction);
            } catch (VenueException e) {
                // The reduce moved money: "nothing moved" would be false, so no refusal here is final.
                throw new VenueException(Kind.OUTCOME_UNKNOWN, NAME, e.endpoint(), e.venueCode(), "add-margin took "
                        + instruction.amount().toPlainString() + " " + instruction.asset() + " out of the isolated "
                        + instruction.symbol() + " position into the Unified wallet, but the transfer back to FUND"
                        + " failed (" + e.getMessage() + ")", e);
            }
        }
        return transferBack(instruction);
    }

    private TransferReceipt transferBack(TransferInstruction instruction) {
        Transfer transfer = sendTransfer(instruction, "UNIFIED", "FUND", "transfer out of the Unified wallet");
        return new TransferReceipt(transfer.transferId(), transfer.succeeded());
    }

    /** Step 1 of an isolated sweep: a refusal of it moved nothing, and is reported as Bybit gave it. */
    private void reduceIsolated(TransferInstruction instruction) {
        BybitPositions.Open position = positions.in(instruction.symbol());
        if (position.row() == null) {
            throw new VenueException(Kind.REJECTED, NAME, POSITION_LIST, null, "no open position in "
                    + instruction.symbol() + " to take margin out of; nothing moved");
        }
        Answer answer = changeMargin(instruction, instruction.amount().negate(), BybitPositions.positionIdx(position),
                "add-margin reducing the position");
        if (answer.retCode() != BybitErrors.OK) {
            throw BybitErrors.refusal(ADD_MARGIN, answer.retCode(), answer.retMsg(), answer.reply(), redaction);
        }
    }

    /**
     * Found: the transfer back is in the history under our transferId. NotFound: it is not, and for an
     * isolated sweep the position has provably not been touched since before the sweep was created, so
     * its margin was not reduced either. Anything else is Unknown: add-margin carries no client id, so a
     * reduce whose answer was lost can never be told from a fill or a funding settlement, and is never
     * sent again blind (the money then waits in the Unified wallet, and a person decides).
     */
    @Override
    public TransferLookup findSweep(TransferInstruction instruction) {
        try {
            Transfer transfer = lookUp(instruction, "UNIFIED", "FUND");
            if (transfer != null) {
                return transfer.succeeded() ? new TransferLookup.Found(transfer.transferId())
                        : new TransferLookup.Unknown("Bybit reports transfer " + transfer.transferId() + " as "
                                + transfer.statusInWords());
            }
            TransferLookup absent = absent(instruction);
            if (instruction.mode() != MarginMode.ISOLATED || !(absent instanceof TransferLookup.NotFound)) {
                return absent;
            }
            BybitPositions.Open position = positions.in(instruction.symbol());
            long decidedAt = instruction.createdAt().minus(REDUCE_LOOKBACK).toEpochMilli();
            if (position.row() != null && position.reader().epochMillis(position.row(), "updatedTime") < decidedAt) {
                return absent;
            }
            return new TransferLookup.Unknown("no transfer back to FUND under transferId " + instruction.clientId()
                    + ", but the " + instruction.symbol() + " position has changed or closed since the sweep was"
                    + " created, and add-margin carries no client id, so whether its margin was reduced cannot be"
                    + " told");
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    /** No row under the instruction's transferId: not found, unless it is older than the history answers for. */
    private TransferLookup absent(TransferInstruction instruction) {
        Instant oldestReadable = clock.instant().minus(HISTORY_WINDOW).plus(Duration.ofHours(1));
        if (instruction.createdAt() != null && instruction.createdAt().isBefore(oldestReadable)) {
            return new TransferLookup.Unknown("transferId " + instruction.clientId() + " is not in Bybit's"
                    + " history, which answers for 7 days only, and the instruction is older than that");
        }
        return new TransferLookup.NotFound();
    }

    /**
     * Found: the transfer (cross) is in the history. NotFound: the history is readable and holds
     * no transfer under our id. Unfinished (isolated): the wallet transfer landed and the position
     * has provably not been touched since, so only the add is missing. Anything else is Unknown.
     */
    @Override
    public TransferLookup findTransfer(TransferInstruction instruction) {
        try {
            Transfer transfer = lookUp(instruction);
            if (transfer == null) {
                return absent(instruction);
            }
            if (!transfer.succeeded()) {
                return new TransferLookup.Unknown("Bybit reports transfer " + transfer.transferId() + " as "
                        + transfer.statusInWords());
            }
            if (instruction.mode() != MarginMode.ISOLATED) {
                return new TransferLookup.Found(transfer.transferId());
            }
            BybitPositions.Open position = positions.in(instruction.symbol());
            if (position.row() != null && addStillPending(position, transfer.timestamp())) {
                return new TransferLookup.Unfinished(transfer.transferId(), Instant.ofEpochMilli(transfer.timestamp()));
            }
            return new TransferLookup.Unknown("wallet transfer " + transfer.transferId() + " is done; the "
                    + instruction.symbol() + " position has changed or closed since, and add-margin carries no"
                    + " client id, so whether the margin was added cannot be told");
        } catch (VenueException e) {
            return new TransferLookup.Unknown(e.getMessage());
        }
    }

    // ---- configuration checks that need no call ----

    private static void requireAsset(String asset, String endpoint) {
        if (asset == null || !SUPPORTED_ASSETS.contains(asset)) {
            throw config(endpoint, "asset " + asset + " is not supported yet; Bybit totals are in USD, read 1:1"
                    + " for " + SUPPORTED_ASSETS);
        }
    }

    /**
     * In a Unified account spot balances already sit in the Unified wallet and count as cross
     * collateral: only the Funding wallet is a separate source to top up from.
     */
    private static void requireFundingSource(String sourceWallet, String endpoint) {
        String source = sourceWallet == null ? "" : sourceWallet.toUpperCase(Locale.ROOT);
        if ("SPOT".equals(source)) {
            throw config(endpoint, "sourceWallet SPOT is not a separate wallet in a Bybit Unified account (spot"
                    + " balances are already margin); use FUNDING");
        }
        if (!"FUNDING".equals(source)) {
            throw config(endpoint, "sourceWallet must be FUNDING on Bybit, was " + sourceWallet);
        }
    }

    /**
     * A sub-account source is the sub-account's Funding wallet, named by its UID, moved into the main
     * account's Unified wallet; an isolated position would need an add-margin after it, not built for
     * a sub-account yet (decision 0033).
     */
    private static void requireSubAccountSource(String wallet, String subAccount, MarginMode mode, String endpoint) {
        if (!Source.SUB_ACCOUNT.equals(wallet)) {
            throw config(endpoint, "a sub-account is named only by a SUBACCOUNT source, not by " + wallet);
        }
        if (!MEMBER_ID.matcher(subAccount).matches()) {
            throw config(endpoint, "subAccount on Bybit is the sub-account's UID (digits), was " + subAccount);
        }
        if (mode != MarginMode.CROSS) {
            throw config(endpoint, "a sub-account source tops up a cross Unified account only; list FUNDING for an"
                    + " isolated position");
        }
    }

    private static void validate(TransferInstruction instruction) {
        Objects.requireNonNull(instruction.mode(), "mode");
        requireAsset(instruction.asset(), INTER_TRANSFER);
        if (instruction.fromSubAccount()) {
            requireSubAccountSource(instruction.fromWallet(), instruction.subAccount(), instruction.mode(),
                    UNIVERSAL_TRANSFER);
        } else {
            requireFundingSource(instruction.fromWallet(), INTER_TRANSFER);
        }
        try {
            if (!UUID.fromString(instruction.clientId()).toString().equals(instruction.clientId())) {
                throw new IllegalArgumentException("not canonical");
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            throw config(INTER_TRANSFER, "Bybit's transferId must be a lowercase UUID; the intent id "
                    + instruction.clientId() + " is not one");
        }
        if (instruction.amount().signum() <= 0
                || instruction.amount().remainder(TRANSFER_STEP).signum() != 0) {
            throw new VenueException(Kind.REJECTED, NAME, INTER_TRANSFER, null, "amount "
                    + instruction.amount().toPlainString() + " must be positive and a multiple of "
                    + TRANSFER_STEP.toPlainString() + "; nothing sent");
        }
        if (instruction.mode() == MarginMode.ISOLATED && (instruction.symbol() == null || instruction.symbol().isBlank())) {
            throw config(ADD_MARGIN, "an isolated top-up needs the position's symbol");
        }
    }

    static VenueException config(String endpoint, String message) {
        return new VenueException(Kind.CONFIG, NAME, endpoint, null, message + "; nothing moved");
    }

    /** @param status Bybit's status, or {@code null} where its answer carried none */
    private record Transfer(String transferId, String status, long timestamp) {

        boolean succeeded() {
            return "SUCCESS".equals(status);
        }

        String statusInWords() {
            return status == null ? "accepted without a status" : status;
        }
    }

    private static String json(ObjectNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "query value"), StandardCharsets.UTF_8);
    }
}
