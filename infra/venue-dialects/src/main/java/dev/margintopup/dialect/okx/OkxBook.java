package dev.margintopup.dialect.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The books of the OKX dialect server and the signed endpoints that read and move them. One lock
 * for everything: a test venue has no need to be fast, only to be right.
 */
final class OkxBook {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** Funds transfer type 2: a sub-account to its main account, with the main account's key. */
    private static final String SUB_TO_MAIN = "2";
    private static final Duration TRANSFER_STATE_HISTORY = Duration.ofDays(14);
    private static final Duration BILLS_HISTORY = Duration.ofDays(7);
    private static final Duration BILLS_ARCHIVE_HISTORY = Duration.ofDays(90);

    private final Supplier<Instant> now;
    private final Map<String, OkxAccount> accounts = new HashMap<>();
    private final Map<String, BigDecimal> marks = new HashMap<>();
    private final Map<String, List<OkxTransferRecord>> transfers = new HashMap<>();
    private final Map<String, List<OkxTransferRecord.FromSubAccount>> subAccountTransfers = new HashMap<>();
    private final Map<String, List<OkxBillRecord>> bills = new HashMap<>();
    private final Map<String, List<OkxClosedPosition>> closedPositions = new HashMap<>();
    /** The trading account's transfer bills, apart from the margin bills tests inspect. */
    private final Map<String, List<OkxBillRecord>> transferBills = new HashMap<>();
    private long nextTransId = 100_000;
    private long nextBillId = 700_000;

    OkxBook(Supplier<Instant> now) {
        this.now = now;
    }

    /** An error answer in OKX's envelope. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String code;

        ApiError(int status, String code, String msg) {
            super(msg);
            this.status = status;
            this.code = code;
        }
    }

    // ---- seeding and inspection ----

    synchronized void seed(OkxAccount account) {
        accounts.put(account.apiKey, account);
        transfers.put(account.apiKey, new ArrayList<>());
        subAccountTransfers.put(account.apiKey, new ArrayList<>());
        bills.put(account.apiKey, new ArrayList<>());
        closedPositions.put(account.apiKey, new ArrayList<>());
        transferBills.put(account.apiKey, new ArrayList<>());
        for (OkxPosition position : account.positions) {
            marks.putIfAbsent(position.instId(), position.avgPx());
        }
    }

    synchronized OkxAccount account(String apiKey) {
        return accounts.get(apiKey);
    }

    synchronized void setMark(String instId, BigDecimal price) {
        marks.put(instId, price);
    }

    synchronized List<OkxTransferRecord> transfers(String apiKey) {
        return List.copyOf(transfers.getOrDefault(apiKey, List.of()));
    }

    synchronized List<OkxBillRecord> bills(String apiKey) {
        return List.copyOf(bills.getOrDefault(apiKey, List.of()));
    }

    synchronized BigDecimal funding(String apiKey, String ccy) {
        return accounts.get(apiKey).funding.getOrDefault(ccy, BigDecimal.ZERO);
    }

    synchronized BigDecimal trading(String apiKey, String ccy) {
        return accounts.get(apiKey).trading.getOrDefault(ccy, BigDecimal.ZERO);
    }

    synchronized BigDecimal isolatedMargin(String apiKey, String instId) {
        return accounts.get(apiKey).positions.stream()
                .filter(p -> p.isolated() && p.instId().equals(instId))
                .map(OkxPosition::margin)
                .findFirst()
                .orElse(BigDecimal.ZERO);
    }

    // ---- GET /api/v5/public/instruments ----

    /**
     * One linear perpetual swap per instrument with a mark, its contract value the one its seeded
     * positions use (0.01 of the base coin when none does), with the precisions of OKX's live
     * BTC-USDT-SWAP. Other instrument types are listed empty.
     */
    synchronized ArrayNode instruments(Map<String, String> query) {
        String instType = query.get("instType");
        if (instType == null || instType.isEmpty()) {
            throw new ApiError(400, "50014", "Parameter instType can not be empty");
        }
        ArrayNode rows = JSON.createArrayNode();
        if (!"SWAP".equals(instType)) {
            return rows;
        }
        for (String instId : marks.keySet().stream().sorted().toList()) {
            String[] parts = instId.split("-");
            if (parts.length != 3 || !"SWAP".equals(parts[2]) || (query.containsKey("instId")
                    && !instId.equals(query.get("instId")))) {
                continue;
            }
            BigDecimal ctVal = accounts.values().stream().flatMap(a -> a.positions.stream())
                    .filter(p -> p.instId().equals(instId)).map(OkxPosition::ctVal).findFirst()
                    .orElse(new BigDecimal("0.01"));
            ObjectNode row = rows.addObject();
            row.put("instType", "SWAP");
            row.put("instId", instId);
            row.put("uly", parts[0] + "-" + parts[1]);
            row.put("instFamily", parts[0] + "-" + parts[1]);
            row.put("baseCcy", "");
            row.put("quoteCcy", "");
            row.put("settleCcy", parts[1]);
            row.put("ctVal", plain(ctVal));
            row.put("ctMult", "1");
            row.put("ctValCcy", parts[0]);
            row.put("ctType", "linear");
            row.put("optType", "");
            row.put("stk", "");
            row.put("listTime", "1611916828000");
            row.put("expTime", "");
            row.put("lever", "100");
            row.put("tickSz", "0.1");
            row.put("lotSz", "0.01");
            row.put("minSz", "0.01");
            row.put("maxLmtSz", "100000000");
            row.put("maxMktSz", "12000");
            row.put("state", "live");
            row.put("ruleType", "normal");
        }
        return rows;
    }

    // ---- GET /api/v5/account/config ----

    synchronized ArrayNode config(OkxAccount account) {
        ObjectNode row = JSON.createObjectNode();
        row.put("uid", "44705892343619584");
        row.put("mainUid", "44705892343619584");
        row.put("acctLv", account.acctLv);
        row.put("posMode", account.posMode);
        row.put("autoLoan", false);
        row.put("ctIsoMode", "autonomy");
        row.put("mgnIsoMode", "automatic");
        row.put("greeksType", "PA");
        row.put("level", "Lv1");
        row.put("perm", account.perm);
        row.put("liquidationGear", "-1");
        row.put("label", "margin-topup");
        row.put("ip", "");
        return JSON.createArrayNode().add(row);
    }

    // ---- GET /api/v5/account/balance ----

    synchronized ArrayNode balance(OkxAccount account, Map<String, String> query) {
        String only = query.get("ccy");
        ObjectNode row = JSON.createObjectNode();
        ArrayNode details = JSON.createArrayNode();
        BigDecimal adjEq = BigDecimal.ZERO;
        BigDecimal totalMmr = BigDecimal.ZERO;
        BigDecimal totalImr = BigDecimal.ZERO;
        BigDecimal totalEq = BigDecimal.ZERO;
        BigDecimal totalIsoEq = BigDecimal.ZERO;
        BigDecimal totalUpl = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> cash : account.trading.entrySet()) {
            String ccy = cash.getKey();
            BigDecimal crossUpl = BigDecimal.ZERO;
            BigDecimal crossMmr = BigDecimal.ZERO;
            BigDecimal crossImr = BigDecimal.ZERO;
            BigDecimal isoEq = BigDecimal.ZERO;
            BigDecimal isoUpl = BigDecimal.ZERO;
            for (OkxPosition p : account.positions) {
                if (!p.ccy().equals(ccy) || p.pos().signum() == 0) {
                    continue;
                }
                BigDecimal mark = marks.get(p.instId());
                if (p.isolated()) {
                    isoEq = isoEq.add(p.margin()).add(p.upl(mark));
                    isoUpl = isoUpl.add(p.upl(mark));
                } else {
                    crossUpl = crossUpl.add(p.upl(mark));
                    crossMmr = crossMmr.add(p.mmr(mark));
                    crossImr = crossImr.add(p.imr(mark));
                }
            }
            BigDecimal crossEq = cash.getValue().add(crossUpl);
            BigDecimal eq = crossEq.add(isoEq);
            adjEq = adjEq.add(crossEq);
            totalMmr = totalMmr.add(crossMmr);
            totalImr = totalImr.add(crossImr);
            totalEq = totalEq.add(eq);
            totalIsoEq = totalIsoEq.add(isoEq);
            totalUpl = totalUpl.add(crossUpl).add(isoUpl);
            if (only != null && !only.equals(ccy)) {
                continue;
            }
            ObjectNode detail = JSON.createObjectNode();
            detail.put("ccy", ccy);
            detail.put("eq", plain(eq));
            detail.put("cashBal", plain(cash.getValue()));
            detail.put("availBal", plain(cash.getValue().subtract(crossImr).max(BigDecimal.ZERO)));
            detail.put("availEq", plain(crossEq.subtract(crossImr).max(BigDecimal.ZERO)));
            detail.put("frozenBal", plain(crossImr));
            detail.put("upl", plain(crossUpl.add(isoUpl)));
            detail.put("isoEq", plain(isoEq));
            detail.put("isoUpl", plain(isoUpl));
            detail.put("eqUsd", plain(eq));
            boolean futures = "2".equals(account.acctLv);
            detail.put("mgnRatio", futures && crossMmr.signum() > 0 ? ratio(crossEq, crossMmr) : "");
            detail.put("mmr", futures && crossMmr.signum() > 0 ? plain(crossMmr) : "");
            detail.put("imr", futures && crossImr.signum() > 0 ? plain(crossImr) : "");
            detail.put("uTime", Long.toString(now.get().toEpochMilli()));
            details.add(detail);
        }
        boolean accountLevel = !"2".equals(account.acctLv);
        row.put("uTime", Long.toString(now.get().toEpochMilli()));
        row.put("totalEq", plain(totalEq));
        row.put("isoEq", plain(totalIsoEq));
        row.put("adjEq", accountLevel ? plain(adjEq) : "");
        row.put("imr", accountLevel ? plain(totalImr) : "");
        row.put("mmr", accountLevel ? plain(totalMmr) : "");
        row.put("mgnRatio", accountLevel && totalMmr.signum() > 0 ? ratio(adjEq, totalMmr) : "");
        row.put("notionalUsd", "");
        row.put("upl", plain(totalUpl));
        row.put("ordFroz", "");
        row.set("details", details);
        return JSON.createArrayNode().add(row);
    }

    // ---- GET /api/v5/account/positions ----

    synchronized ArrayNode positions(OkxAccount account, Map<String, String> query) {
        ArrayNode rows = JSON.createArrayNode();
        String instId = query.get("instId");
        int posId = 1;
        for (OkxPosition p : account.positions) {
            posId++;
            if (p.pos().signum() == 0 || (instId != null && !instId.equals(p.instId()))) {
                continue;
            }
            BigDecimal mark = marks.get(p.instId());
            BigDecimal upl = p.upl(mark);
            BigDecimal mmr = p.mmr(mark);
            ObjectNode row = JSON.createObjectNode();
            row.put("instType", "SWAP");
            row.put("instId", p.instId());
            row.put("mgnMode", p.mgnMode());
            row.put("posId", Integer.toString(posId));
            row.put("posSide", p.posSide());
            row.put("pos", plain(p.pos()));
            row.put("ccy", p.ccy());
            row.put("avgPx", plain(p.avgPx()));
            row.put("markPx", plain(mark));
            row.put("upl", plain(upl));
            row.put("lever", plain(p.lever()));
            row.put("imr", p.isolated() ? "" : plain(p.imr(mark)));
            row.put("margin", p.isolated() ? plain(p.margin()) : "");
            row.put("mmr", plain(mmr));
            // OKX rates an isolated position against maintenance plus what liquidating it would cost.
            row.put("mgnRatio", p.isolated() && mmr.signum() > 0
                    ? ratio(p.margin().add(upl), mmr.add(p.liquidationFee(mark))) : "");
            row.put("liqPx", p.isolated() ? plain(liquidationPrice(p)) : "");
            row.put("notionalUsd", plain(p.size().multiply(mark)));
            row.put("adl", "1");
            row.put("cTime", Long.toString(now.get().minus(Duration.ofDays(1)).toEpochMilli()));
            row.put("uTime", Long.toString(now.get().toEpochMilli()));
            rows.add(row);
        }
        return rows;
    }

    /**
     * Where margin + upl meets maintenance plus the liquidation fee, with {@code r} the
     * maintenance rate and {@code f} the fee rate: long (q·avg − margin) ÷ q(1 − r − f),
     * short (q·avg + margin) ÷ q(1 + r + f).
     */
    private static BigDecimal liquidationPrice(OkxPosition p) {
        BigDecimal q = p.size();
        BigDecimal one = BigDecimal.ONE;
        BigDecimal rates = p.mmrRate().add(OkxPosition.LIQUIDATION_FEE_RATE);
        BigDecimal price = p.direction() > 0
                ? q.multiply(p.avgPx()).subtract(p.margin()).divide(q.multiply(one.subtract(rates)), 2,
                        RoundingMode.HALF_UP)
                : q.multiply(p.avgPx()).add(p.margin()).divide(q.multiply(one.add(rates)), 2,
                        RoundingMode.HALF_UP);
        return price.max(BigDecimal.ZERO);
    }

    // ---- GET /api/v5/asset/balances ----

    synchronized ArrayNode fundingBalances(OkxAccount account, Map<String, String> query) {
        return fundingRows(account.funding, query.get("ccy"));
    }

    /** A funding account's balances, of the currency {@code only} or of all when it is {@code null}. */
    private static ArrayNode fundingRows(Map<String, BigDecimal> funding, String only) {
        ArrayNode rows = JSON.createArrayNode();
        funding.forEach((ccy, amount) -> {
            if (only == null || only.equals(ccy)) {
                ObjectNode row = JSON.createObjectNode();
                row.put("ccy", ccy);
                row.put("bal", plain(amount));
                row.put("frozenBal", "0");
                row.put("availBal", plain(amount));
                rows.add(row);
            }
        });
        return rows;
    }

    // ---- POST /api/v5/asset/transfer ----

    synchronized ArrayNode transfer(OkxAccount account, JsonNode body) {
        String ccy = required(body, "ccy");
        BigDecimal amt = positiveAmount(body, "amt");
        String from = required(body, "from");
        String to = required(body, "to");
        String type = body.path("type").asText("0");
        if (SUB_TO_MAIN.equals(type)) {
            return fromSubAccount(account, body, ccy, amt, from, to);
        }
        if (!"0".equals(type)) {
            throw new ApiError(200, "51000", "Parameter type error: this server moves funds within one account only");
        }
        if (!Map.of("6", "18", "18", "6").getOrDefault(from, "").equals(to)) {
            throw new ApiError(200, "51000", "Parameter from/to error: 6 and 18, one each way");
        }
        String clientId = body.path("clientId").asText("");
        if (!clientId.isEmpty() && !CLIENT_ID.matcher(clientId).matches()) {
            throw new ApiError(200, "51000", "Parameter clientId error");
        }
        List<OkxTransferRecord> history = transfers.get(account.apiKey);
        if (!clientId.isEmpty() && history.stream().anyMatch(t -> t.clientId().equals(clientId))) {
            throw new ApiError(200, "58404", "ClientId already exists");
        }
        Map<String, BigDecimal> source = "6".equals(from) ? account.funding : account.trading;
        Map<String, BigDecimal> target = "6".equals(from) ? account.trading : account.funding;
        BigDecimal available = source.getOrDefault(ccy, BigDecimal.ZERO);
        if (available.compareTo(amt) < 0) {
            throw new ApiError(200, "58350", "Insufficient balance");
        }
        if ("18".equals(from) && crossTransferable(account, ccy).compareTo(amt) < 0) {
            // Out of the trading account OKX releases no more than the cross positions leave free.
            throw new ApiError(200, "58121", "This transfer will result in a high-risk level of your position,"
                    + " which may lead to forced liquidation. You need to re-adjust the transfer amount to make sure"
                    + " the position is at a safe level before proceeding with the transfer.");
        }
        source.put(ccy, available.subtract(amt));
        target.merge(ccy, amt, BigDecimal::add);
        OkxTransferRecord record = new OkxTransferRecord(Long.toString(nextTransId++), clientId, ccy, amt, from, to,
                "success", now.get());
        history.add(record);
        // The trading account's side of it: a transfer bill (type 1), in (11) or out (12).
        transferBills.get(account.apiKey).add(new OkxBillRecord(Long.toString(nextBillId++), "", ccy, "", "1",
                "6".equals(from) ? "11" : "12", "6".equals(from) ? amt : amt.negate(), BigDecimal.ZERO,
                account.trading.getOrDefault(ccy, BigDecimal.ZERO), BigDecimal.ZERO, record.ts()));
        return transferAnswer(record);
    }

    /** What a funds transfer answers: the transfer as it was booked. */
    private static ArrayNode transferAnswer(OkxTransferRecord record) {
        ObjectNode row = JSON.createObjectNode();
        row.put("transId", record.transId());
        row.put("clientId", record.clientId());
        row.put("ccy", record.ccy());
        row.put("from", record.from());
        row.put("amt", plain(record.amt()));
        row.put("to", record.to());
        return JSON.createArrayNode().add(row);
    }

    synchronized List<OkxTransferRecord.FromSubAccount> subAccountTransfers(String apiKey) {
        return List.copyOf(subAccountTransfers.getOrDefault(apiKey, List.of()));
    }

    synchronized BigDecimal subAccountFunding(String apiKey, String subAcct, String ccy) {
        return accounts.get(apiKey).subAccountFunding.getOrDefault(subAcct, Map.of())
                .getOrDefault(ccy, BigDecimal.ZERO);
    }

    /** A sub-account's funding balances, read with its main account's key. */
    synchronized ArrayNode subAccountBalances(OkxAccount account, Map<String, String> query) {
        String subAcct = query.get("subAcct");
        if (subAcct == null || subAcct.isEmpty()) {
            throw new ApiError(200, "50014", "Parameter subAcct can not be empty");
        }
        Map<String, BigDecimal> funding = account.subAccountFunding.get(subAcct);
        if (funding == null) {
            throw new ApiError(200, "59510", "Sub-account does not exist");
        }
        return fundingRows(funding, query.get("ccy"));
    }

    /** Type 2 with the main account's key: the named sub-account's funding (6) into the main account's trading (18). */
    private ArrayNode fromSubAccount(OkxAccount account, JsonNode body, String ccy, BigDecimal amt, String from,
            String to) {
        String subAcct = required(body, "subAcct");
        if (!"6".equals(from) || !"18".equals(to)) {
            throw new ApiError(200, "51000", "Parameter from/to error: this server moves a sub-account's funding"
                    + " into the main account's trading account only");
        }
        String clientId = body.path("clientId").asText("");
        if (!clientId.isEmpty() && !CLIENT_ID.matcher(clientId).matches()) {
            throw new ApiError(200, "51000", "Parameter clientId error");
        }
        Map<String, BigDecimal> funding = account.subAccountFunding.get(subAcct);
        if (funding == null) {
            throw new ApiError(200, "58115", "Sub-account does not exist.");
        }
        if (!clientId.isEmpty() && (transfers.get(account.apiKey).stream().anyMatch(t -> t.clientId().equals(clientId))
                || subAccountTransfers.get(account.apiKey).stream()
                        .anyMatch(t -> t.transfer().clientId().equals(clientId)))) {
            throw new ApiError(200, "58404", "ClientId already exists");
        }
        BigDecimal available = funding.getOrDefault(ccy, BigDecimal.ZERO);
        if (available.compareTo(amt) < 0) {
            throw new ApiError(200, "58116", "Transfer exceeds the available amount.");
        }
        funding.put(ccy, available.subtract(amt));
        account.trading.merge(ccy, amt, BigDecimal::add);
        OkxTransferRecord record = new OkxTransferRecord(Long.toString(nextTransId++), clientId, ccy, amt, from, to,
                "success", now.get());
        subAccountTransfers.get(account.apiKey).add(new OkxTransferRecord.FromSubAccount(record, subAcct));
        return transferAnswer(record);
    }

    /**
     * What may leave the trading account in {@code ccy}: its cash, within the cross equity (cash and
     * unrealised PnL of the cross positions) less their initial margin, as the balance's {@code availEq}.
     */
    private BigDecimal crossTransferable(OkxAccount account, String ccy) {
        BigDecimal cash = account.trading.getOrDefault(ccy, BigDecimal.ZERO);
        BigDecimal upl = BigDecimal.ZERO;
        BigDecimal imr = BigDecimal.ZERO;
        for (OkxPosition p : account.positions) {
            if (!p.isolated() && p.ccy().equals(ccy) && p.pos().signum() != 0) {
                upl = upl.add(p.upl(marks.get(p.instId())));
                imr = imr.add(p.imr(marks.get(p.instId())));
            }
        }
        return cash.min(cash.add(upl).subtract(imr)).max(BigDecimal.ZERO);
    }

    // ---- GET /api/v5/asset/transfer-state ----

    synchronized ArrayNode transferState(OkxAccount account, Map<String, String> query) {
        String transId = query.get("transId");
        String clientId = query.get("clientId");
        if ((transId == null || transId.isEmpty()) && (clientId == null || clientId.isEmpty())) {
            throw new ApiError(200, "50014", "Parameter transId or clientId can not be empty");
        }
        Instant oldest = now.get().minus(TRANSFER_STATE_HISTORY);
        ArrayNode rows = JSON.createArrayNode();
        // OKX reads type 0 when none is given: a sub-account's transfer is found only under its type.
        boolean subToMain = SUB_TO_MAIN.equals(query.get("type"));
        Map<OkxTransferRecord, String> subAccountOf = new java.util.IdentityHashMap<>();
        subAccountTransfers.get(account.apiKey).forEach(t -> subAccountOf.put(t.transfer(), t.subAcct()));
        for (OkxTransferRecord t : subToMain ? List.copyOf(subAccountOf.keySet()) : transfers.get(account.apiKey)) {
            boolean match = transId != null && !transId.isEmpty() ? t.transId().equals(transId)
                    : t.clientId().equals(clientId);
            if (match && !t.ts().isBefore(oldest)) {
                ObjectNode row = JSON.createObjectNode();
                row.put("transId", t.transId());
                row.put("clientId", t.clientId());
                row.put("ccy", t.ccy());
                row.put("amt", plain(t.amt()));
                row.put("type", subToMain ? SUB_TO_MAIN : "0");
                row.put("from", t.from());
                row.put("to", t.to());
                row.put("subAcct", subAccountOf.getOrDefault(t, ""));
                row.put("instId", "");
                row.put("toInstId", "");
                row.put("state", t.state());
                rows.add(row);
            }
        }
        return rows;
    }

    // ---- POST /api/v5/account/position/margin-balance ----

    synchronized ArrayNode marginBalance(OkxAccount account, JsonNode body) {
        String instId = required(body, "instId");
        String posSide = required(body, "posSide");
        String type = required(body, "type");
        BigDecimal amt = positiveAmount(body, "amt");
        if ("3".equals(account.acctLv) || "4".equals(account.acctLv)) {
            throw new ApiError(200, "50072", "Isolated margin is not supported in this account mode");
        }
        if (!"add".equals(type) && !"reduce".equals(type)) {
            throw new ApiError(200, "51000", "Parameter type error");
        }
        int index = -1;
        for (int i = 0; i < account.positions.size(); i++) {
            OkxPosition p = account.positions.get(i);
            if (p.isolated() && p.instId().equals(instId) && p.posSide().equals(posSide) && p.pos().signum() != 0) {
                index = i;
            }
        }
        if (index < 0) {
            throw new ApiError(200, "59300", "Margin call failed. Position does not exist.");
        }
        OkxPosition position = account.positions.get(index);
        BigDecimal cash = account.trading.getOrDefault(position.ccy(), BigDecimal.ZERO);
        boolean reduce = "reduce".equals(type);
        if (reduce && reducible(position).compareTo(amt) < 0) {
            throw new ApiError(200, "59301", "Margin adjustment failed for exceeding the max limit");
        }
        if (!reduce && cash.compareTo(amt) < 0) {
            throw new ApiError(200, "59200", "Insufficient account balance");
        }
        // An add moves cash into the position (sub-type 160), a reduce back out (161): the bill's two sides.
        BigDecimal intoPosition = reduce ? amt.negate() : amt;
        OkxPosition added = position.withMargin(position.margin().add(intoPosition));
        account.positions.set(index, added);
        account.trading.put(position.ccy(), cash.subtract(intoPosition));
        bills.get(account.apiKey).add(new OkxBillRecord(Long.toString(nextBillId++), instId, position.ccy(),
                "isolated", "6", reduce ? "161" : "160", intoPosition.negate(), intoPosition,
                cash.subtract(intoPosition), added.margin(), now.get()));
        ObjectNode row = JSON.createObjectNode();
        row.put("instId", instId);
        row.put("posSide", posSide);
        row.put("amt", plain(amt));
        row.put("type", type);
        row.put("leverage", plain(position.size().multiply(marks.get(instId))
                .divide(added.margin(), 2, RoundingMode.HALF_UP)));
        row.put("ccy", position.ccy());
        return JSON.createArrayNode().add(row);
    }

    /**
     * How much margin a reduce may take out of an isolated position: what its margin and unrealised
     * PnL hold above the initial margin at its leverage (OKX keeps a reduced position at or below it),
     * and never more than the margin itself.
     */
    private BigDecimal reducible(OkxPosition position) {
        BigDecimal mark = marks.get(position.instId());
        BigDecimal free = position.margin().add(position.upl(mark)).subtract(position.imr(mark));
        return free.min(position.margin()).max(BigDecimal.ZERO);
    }

    // ---- closing positions, GET /api/v5/account/positions-history ----

    /** Takes the position off the account, its margin with it, and records how it was closed. */
    synchronized void close(String apiKey, String instId, String type, BigDecimal closeAvgPx) {
        OkxAccount account = accounts.get(apiKey);
        OkxPosition position = account.positions.stream().filter(p -> p.instId().equals(instId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no position in " + instId));
        account.positions.remove(position);
        closedPositions.get(apiKey).add(new OkxClosedPosition(instId, position.mgnMode(), type, closeAvgPx, now.get()));
    }

    /** Newest first, updated after {@code before} (OKX's pagination by {@code uTime}), at most {@code limit}. */
    synchronized ArrayNode positionsHistory(OkxAccount account, Map<String, String> query) {
        long newerThan = longParam(query, "before", Long.MIN_VALUE);
        int limit = (int) Math.min(100, longParam(query, "limit", 100));
        List<OkxClosedPosition> all = closedPositions.get(account.apiKey);
        ArrayNode rows = JSON.createArrayNode();
        for (int i = all.size() - 1; i >= 0 && rows.size() < limit; i--) {
            OkxClosedPosition closed = all.get(i);
            long uTime = closed.uTime().toEpochMilli();
            if (uTime <= newerThan || !matches(query, "instId", closed.instId())
                    || !matches(query, "mgnMode", closed.mgnMode()) || !matches(query, "type", closed.type())) {
                continue;
            }
            ObjectNode row = JSON.createObjectNode();
            row.put("instType", "SWAP");
            row.put("instId", closed.instId());
            row.put("mgnMode", closed.mgnMode());
            row.put("type", closed.type());
            row.put("closeAvgPx", plain(closed.closeAvgPx()));
            row.put("uTime", Long.toString(uTime));
            rows.add(row);
        }
        return rows;
    }

    // ---- GET /api/v5/account/bills ----

    synchronized ArrayNode bills(OkxAccount account, Map<String, String> query) {
        return bills(account, query, BILLS_HISTORY);
    }

    /** {@code /api/v5/account/bills-archive}: the same bills, three months back. */
    synchronized ArrayNode billsArchive(OkxAccount account, Map<String, String> query) {
        return bills(account, query, BILLS_ARCHIVE_HISTORY);
    }

    private ArrayNode bills(OkxAccount account, Map<String, String> query, Duration history) {
        long begin = longParam(query, "begin", Long.MIN_VALUE);
        long end = longParam(query, "end", Long.MAX_VALUE);
        int limit = (int) Math.min(100, longParam(query, "limit", 100));
        Instant oldest = now.get().minus(history);
        List<OkxBillRecord> all = new ArrayList<>(bills.get(account.apiKey));
        all.addAll(transferBills.get(account.apiKey));
        all.sort(java.util.Comparator.comparing(OkxBillRecord::ts).thenComparing(OkxBillRecord::billId));
        ArrayNode rows = JSON.createArrayNode();
        for (int i = all.size() - 1; i >= 0 && rows.size() < limit; i--) {
            OkxBillRecord b = all.get(i);
            long ts = b.ts().toEpochMilli();
            if (b.ts().isBefore(oldest) || ts < begin || ts > end
                    || !matches(query, "ccy", b.ccy()) || !matches(query, "mgnMode", b.mgnMode())
                    || !matches(query, "type", b.type()) || !matches(query, "subType", b.subType())
                    || !matches(query, "instId", b.instId())) {
                continue;
            }
            ObjectNode row = JSON.createObjectNode();
            row.put("billId", b.billId());
            row.put("instType", b.instId().isEmpty() ? "" : "SWAP");
            row.put("instId", b.instId());
            row.put("ccy", b.ccy());
            row.put("mgnMode", b.mgnMode());
            row.put("type", b.type());
            row.put("subType", b.subType());
            row.put("balChg", plain(b.balChg()));
            row.put("bal", plain(b.bal()));
            row.put("posBalChg", plain(b.posBalChg()));
            row.put("posBal", plain(b.posBal()));
            // A transfer bill's quantity is the amount moved; a margin bill's the position's change.
            row.put("sz", plain("1".equals(b.type()) ? b.balChg().abs() : b.posBalChg()));
            row.put("fee", "0");
            row.put("pnl", "0");
            row.put("ts", Long.toString(ts));
            rows.add(row);
        }
        return rows;
    }

    // ---- helpers ----

    private static boolean matches(Map<String, String> query, String name, String value) {
        String wanted = query.get(name);
        return wanted == null || wanted.isEmpty() || wanted.equals(value);
    }

    private static long longParam(Map<String, String> query, String name, long fallback) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ApiError(200, "51000", "Parameter " + name + " error");
        }
    }

    private static String required(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new ApiError(200, "50014", "Parameter " + field + " can not be empty");
        }
        return node.asText();
    }

    /** OKX takes an amount as a decimal string or as a JSON number, as clients send either. */
    private static BigDecimal positiveAmount(JsonNode body, String field) {
        JsonNode node = body.get(field);
        String text = node != null && node.isNumber() ? node.asText() : required(body, field);
        try {
            BigDecimal amount = new BigDecimal(text);
            if (amount.signum() > 0) {
                return amount;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiError(200, "51000", "Parameter " + field + " error");
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** To the 16 significant digits OKX prints its ratios with. */
    private static String ratio(BigDecimal equity, BigDecimal maintenance) {
        return plain(equity.divide(maintenance, java.math.MathContext.DECIMAL64));
    }
}
