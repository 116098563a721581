package dev.margintopup.dialect.bybit;

import dev.margintopup.dialect.LoopbackServer;
import dev.margintopup.dialect.MarkHistory;
import dev.margintopup.dialect.SpoiledAnswer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful local server speaking Bybit v5's dialect for a Unified Trading Account: signed
 * requests ({@code X-BAPI-*}), the {@code retCode} envelope, wallet balance, positions, the
 * Funding wallet, inter-transfers with a client {@code transferId} (duplicates refused with
 * 131214), universal transfers from a main account's sub-accounts (by UID, under the same transferId
 * rule), add-margin, server time, account info and key permissions; plus faults on demand.
 * There is no withdrawal endpoint. Listens on 127.0.0.1 only.
 */
public final class BybitDialectServer implements AutoCloseable {

    public static final String SERVER_TIME = "/v5/market/time";
    /** Public klines, served from the mark prices this server was given. */
    public static final String KLINE = "/v5/market/kline";
    /** Public instruments: a USDT (or USDC) linear perpetual per symbol this server was given a mark for. */
    public static final String INSTRUMENTS_INFO = "/v5/market/instruments-info";
    public static final String ACCOUNT_INFO = "/v5/account/info";
    public static final String QUERY_API = "/v5/user/query-api";
    public static final String WALLET_BALANCE = "/v5/account/wallet-balance";
    public static final String POSITION_LIST = "/v5/position/list";
    public static final String FUND_BALANCE = "/v5/asset/transfer/query-account-coins-balance";
    public static final String INTER_TRANSFER = "/v5/asset/transfer/inter-transfer";
    public static final String TRANSFER_LIST = "/v5/asset/transfer/query-inter-transfer-list";
    public static final String UNIVERSAL_TRANSFER = "/v5/asset/transfer/universal-transfer";
    public static final String UNIVERSAL_TRANSFER_LIST = "/v5/asset/transfer/query-universal-transfer-list";
    public static final String ADD_MARGIN = "/v5/position/add-margin";
    public static final String EXECUTION_LIST = "/v5/execution/list";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final long DEFAULT_RECV_WINDOW = 5_000;
    private static final long HISTORY_WINDOW_MS = Duration.ofDays(7).toMillis();
    private static final byte[] MAINTENANCE_PAGE = """
            <!DOCTYPE html>
            <html><head><title>503 Service Temporarily Unavailable</title></head>
            <body><h1>System maintenance</h1><p>Bybit is upgrading its system. Please try again later.</p></body>
            </html>
            """.getBytes(StandardCharsets.UTF_8);

    /** One transfer in the history, as query-inter-transfer-list reports it. */
    public record Transfer(String transferId, String coin, BigDecimal amount, String fromAccountType,
            String toAccountType, long timestamp, String status) {}

    /** One transfer between UIDs, as query-universal-transfer-list reports it: a transfer and its two UIDs. */
    public record MemberTransfer(Transfer transfer, String fromMemberId, String toMemberId) {}

    /**
     * One execution, as the execution list reports it.
     *
     * @param execType {@code Trade} (an order of the owner's), {@code BustTrade} (the liquidation
     *     engine taking the position over) or {@code AdlTrade} (auto-deleveraging)
     * @param closedSize how much of a position the execution closed
     */
    public record Execution(String symbol, String side, String execType, BigDecimal execPrice, BigDecimal execQty,
            BigDecimal closedSize, long execTime) {}

    private final LoopbackServer http;
    private final Clock clock;
    private final MarkHistory markHistory = new MarkHistory();
    private final Map<String, BybitAccount> accounts = new HashMap<>();
    private final Map<String, List<Transfer>> transfers = new HashMap<>();
    private final Map<String, List<MemberTransfer>> memberTransfers = new HashMap<>();
    private final Map<String, List<Execution>> executions = new HashMap<>();
    private final List<BybitFault> faults = new ArrayList<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private volatile long clockSkewMillis;
    private volatile long misreportMillis;

    private BybitDialectServer(int port, Clock clock) {
        this.clock = clock;
        // Last: requests may arrive as soon as it listens, and find every field set.
        this.http = LoopbackServer.start("Bybit", port, this::handle);
    }

    public static BybitDialectServer start(int port) {
        return start(port, Clock.systemUTC());
    }

    /** Starts on {@code port} (0 picks a free one) with the venue's clock. */
    public static BybitDialectServer start(int port, Clock clock) {
        return new BybitDialectServer(port, clock);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- in-process seeding and inspection ----

    public synchronized void seedAccount(BybitAccount account) {
        accounts.put(account.apiKey, account);
        transfers.put(account.apiKey, new ArrayList<>());
        memberTransfers.put(account.apiKey, new ArrayList<>());
        executions.put(account.apiKey, new ArrayList<>());
        long seededAt = now() - Duration.ofHours(1).toMillis();
        account.positions.forEach(p -> p.updatedTime = seededAt);
    }

    /** Moves the mark of a symbol in every account; marks do not touch a position's updatedTime. */
    public synchronized void setMarkPrice(String symbol, String price) {
        setMarkPrice(symbol, price, Instant.ofEpochMilli(now()));
    }

    /** As {@link #setMarkPrice(String, String)}, and a candle of {@code at}'s minute. */
    public synchronized void setMarkPrice(String symbol, String price, Instant at) {
        accounts.values().forEach(a -> a.positions.stream().filter(p -> p.symbol.equals(symbol))
                .forEach(p -> p.markPrice = new BigDecimal(price)));
        markHistory.record(symbol, at, new BigDecimal(price));
    }

    /** Something else changed the position now (a fill, a funding settlement): its updatedTime moves. */
    public synchronized void touchPosition(String apiKey, String symbol) {
        account(apiKey).positions.stream().filter(p -> p.symbol.equals(symbol)).forEach(p -> p.updatedTime = now());
    }

    /**
     * Closes the position in {@code symbol} now at {@code price}, by an execution of
     * {@code execType}: {@code Trade} when its owner closed it, {@code BustTrade} when it was
     * liquidated, {@code AdlTrade} when it was auto-deleveraged.
     */
    public synchronized void closePosition(String apiKey, String symbol, String execType, String price) {
        BybitAccount account = account(apiKey);
        BybitPosition position = account.positions.stream().filter(p -> p.symbol.equals(symbol)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no position in " + symbol));
        account.positions.remove(position);
        executions.get(apiKey).add(new Execution(symbol, "Buy".equals(position.side) ? "Sell" : "Buy", execType,
                new BigDecimal(price), position.size, position.size, now()));
    }

    public synchronized List<Transfer> transfers(String apiKey) {
        return List.copyOf(transfers.getOrDefault(apiKey, List.of()));
    }

    public synchronized List<MemberTransfer> memberTransfers(String apiKey) {
        return List.copyOf(memberTransfers.getOrDefault(apiKey, List.of()));
    }

    /** The Funding wallet of the key's sub-account {@code uid}. */
    public synchronized BigDecimal subAccountFund(String apiKey, String uid, String coin) {
        return account(apiKey).subAccountFunds.getOrDefault(uid, Map.of()).getOrDefault(coin, BigDecimal.ZERO);
    }

    public synchronized BigDecimal fundBalance(String apiKey, String coin) {
        return account(apiKey).fund.getOrDefault(coin, BigDecimal.ZERO);
    }

    public synchronized BigDecimal unifiedBalance(String apiKey, String coin) {
        return account(apiKey).unified.getOrDefault(coin, BigDecimal.ZERO);
    }

    public synchronized BigDecimal positionIM(String apiKey, String symbol) {
        return account(apiKey).positions.stream().filter(p -> p.symbol.equals(symbol)).findFirst()
                .map(BybitPosition::positionIM).orElse(BigDecimal.ZERO);
    }

    /** Shifts the venue's clock: request checks and the server-time endpoint both follow it. */
    public void skewClock(Duration skew) {
        clockSkewMillis = skew.toMillis();
    }

    /** Makes the server-time endpoint report a time off from the one requests are checked against. */
    public void misreportServerTime(Duration error) {
        misreportMillis = error.toMillis();
    }

    public synchronized void injectFault(BybitFault fault) {
        faults.add(fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    /** Requests received so far per path (Binance: per method and path), faulted ones included: what a call budget counts. */
    public java.util.SortedMap<String, Integer> requestCounts() {
        java.util.SortedMap<String, Integer> counts = new java.util.TreeMap<>();
        requestCounts.forEach((path, count) -> counts.put(path, count.get()));
        return counts;
    }

    /** Requests received for this exact path (no query), faulted ones included. */
    public int requestCount(String path) {
        AtomicInteger count = requestCounts.get(path);
        return count == null ? 0 : count.get();
    }

    private BybitAccount account(String apiKey) {
        BybitAccount account = accounts.get(apiKey);
        if (account == null) {
            throw new IllegalArgumentException("no account seeded for that key");
        }
        return account;
    }

    private long now() {
        return clock.millis() + clockSkewMillis;
    }

    // ---- HTTP ----

    private record Request(String method, String path, String rawQuery, Map<String, String> query,
            Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Reply json(JsonNode body) {
            try {
                return new Reply(200, "application/json", JSON.writeValueAsBytes(body), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a reply the server built must serialise", e);
            }
        }
    }

    /** A refusal in Bybit's envelope: HTTP 200, non-zero retCode. */
    private static final class Refusal extends RuntimeException {
        final int retCode;

        Refusal(int retCode, String message) {
            super(message, null, false, false);
            this.retCode = retCode;
        }
    }

    private void handle(HttpExchange http) {
        try (http) {
            Request request = read(http);
            requestCounts.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
            Optional<BybitFault> fault = nextFault(request.path());
            if (fault.isPresent()) {
                playFault(http, request, fault.get());
                return;
            }
            write(http, route(request));
        } catch (IOException | RuntimeException e) {
            // The caller went away or the exchange is closed; there is no one to answer.
        }
    }

    private synchronized Optional<BybitFault> nextFault(String path) {
        for (int i = 0; i < faults.size(); i++) {
            BybitFault fault = faults.get(i);
            if (path.startsWith(fault.pathPrefix())) {
                if (fault.remaining() == 1) {
                    faults.remove(i);
                } else {
                    faults.set(i, fault.times(fault.remaining() - 1));
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    private void playFault(HttpExchange http, Request request, BybitFault fault) throws IOException {
        boolean read = "GET".equals(request.method());
        switch (fault.type()) {
            case LOSE_RESPONSE -> {
                route(request);
                http.close();
            }
            case DROP -> http.close();
            case HTTP_500 -> write(http, new Reply(500, "text/plain",
                    "Internal Server Error".getBytes(StandardCharsets.UTF_8), Map.of()));
            case MAINTENANCE_503 -> write(http, new Reply(503, "text/html", MAINTENANCE_PAGE, Map.of()));
            case RATE_LIMIT -> {
                Reply refused = Reply.json(envelope(10006, "Too many visits!", JSON.createObjectNode()));
                write(http, new Reply(200, refused.contentType(), refused.body(), Map.of(
                        "X-Bapi-Limit", "10", "X-Bapi-Limit-Status", "0",
                        "X-Bapi-Limit-Reset-Timestamp", Long.toString(now() + 1_000))));
            }
            case IP_RATE_LIMIT -> write(http, new Reply(403, "text/plain", new byte[0], Map.of()));
            case HTML_PAGE -> write(http, new Reply(200, "text/html", MAINTENANCE_PAGE, Map.of()));
            case EMPTY_BODY -> write(http, new Reply(200, "application/json", new byte[0], Map.of()));
            case APPLIED_HTML_PAGE -> {
                route(request);
                write(http, new Reply(200, "text/html", MAINTENANCE_PAGE, Map.of()));
            }
            case APPLIED_MISSING_FIELD, APPLIED_RETYPED -> {
                JsonNode body = JSON.readTree(route(request).body());
                if (fault.type() == BybitFault.Type.APPLIED_MISSING_FIELD) {
                    SpoiledAnswer.remove(body, fault.field());
                } else {
                    SpoiledAnswer.retype(body, fault.field());
                }
                write(http, Reply.json(body));
            }
            case MISSING_FIELD, NON_NUMERIC -> {
                if (!read) {
                    // A spoiled answer to a write never comes from a write that happened here.
                    write(http, Reply.json(spoil(envelope(0, "OK", JSON.createObjectNode()), fault)));
                    return;
                }
                Reply real = route(request);
                JsonNode body = JSON.readTree(real.body());
                write(http, Reply.json(spoil(body, fault)));
            }
        }
    }

    /** Removes or garbles the first occurrence of the fault's field, depth first. */
    private static JsonNode spoil(JsonNode body, BybitFault fault) {
        spoilIn(body, fault);
        return body;
    }

    private static boolean spoilIn(JsonNode node, BybitFault fault) {
        if (node instanceof ObjectNode object) {
            if (object.has(fault.field())) {
                if (fault.type() == BybitFault.Type.MISSING_FIELD) {
                    object.remove(fault.field());
                } else {
                    object.put(fault.field(), "n/a");
                }
                return true;
            }
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                if (spoilIn(it.next(), fault)) {
                    return true;
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                if (spoilIn(element, fault)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Reply route(Request request) {
        String route = request.method() + " " + request.path();
        try {
            if (route.equals("GET " + SERVER_TIME)) {
                return Reply.json(serverTime());
            }
            if (route.equals("GET " + KLINE)) {
                return Reply.json(kline(request));
            }
            if (route.equals("GET " + INSTRUMENTS_INFO)) {
                return Reply.json(instrumentsInfo(request));
            }
            return switch (route) {
                case "GET " + ACCOUNT_INFO -> Reply.json(accountInfo(verify(request)));
                case "GET " + QUERY_API -> Reply.json(queryApi(verify(request)));
                case "GET " + WALLET_BALANCE -> Reply.json(walletBalance(verify(request), request));
                case "GET " + POSITION_LIST -> Reply.json(positionList(verify(request), request));
                case "GET " + FUND_BALANCE -> Reply.json(fundBalance(verify(request), request));
                case "POST " + INTER_TRANSFER -> Reply.json(interTransfer(verify(request), request));
                case "GET " + TRANSFER_LIST -> Reply.json(transferList(verify(request), request));
                case "POST " + UNIVERSAL_TRANSFER -> Reply.json(universalTransfer(verify(request), request));
                case "GET " + UNIVERSAL_TRANSFER_LIST -> Reply.json(universalTransferList(verify(request), request));
                case "POST " + ADD_MARGIN -> Reply.json(addMargin(verify(request), request));
                case "GET " + EXECUTION_LIST -> Reply.json(executionList(verify(request), request));
                default -> new Reply(404, "text/plain", "404 page not found".getBytes(StandardCharsets.UTF_8),
                        Map.of());
            };
        } catch (Refusal refusal) {
            return Reply.json(envelope(refusal.retCode, refusal.getMessage(), JSON.createObjectNode()));
        }
    }

    // ---- signature check, written apart from the client's signer ----

    private synchronized BybitAccount verify(Request request) {
        String apiKey = request.header("X-BAPI-API-KEY");
        BybitAccount account = apiKey == null ? null : accounts.get(apiKey);
        if (account == null) {
            throw new Refusal(10003, "API key is invalid.");
        }
        String timestampText = request.header("X-BAPI-TIMESTAMP");
        String windowText = request.header("X-BAPI-RECV-WINDOW");
        long timestamp;
        long recvWindow;
        try {
            timestamp = Long.parseLong(timestampText);
            recvWindow = windowText == null ? DEFAULT_RECV_WINDOW : Long.parseLong(windowText);
        } catch (NumberFormatException e) {
            throw new Refusal(10001, "timestamp and recv_window must be integers");
        }
        long serverTime = now();
        if (!(serverTime - recvWindow <= timestamp && timestamp < serverTime + 1_000)) {
            throw new Refusal(10002, "invalid request, please check your server timestamp or recv_window param."
                    + " req_timestamp[" + timestamp + "],server_timestamp[" + serverTime + "],recv_window["
                    + recvWindow + "]");
        }
        String payload = "GET".equals(request.method())
                ? (request.rawQuery() == null ? "" : request.rawQuery())
                : request.body();
        String origin = timestampText + apiKey + (windowText == null ? "" : windowText) + payload;
        String expected = hmacHex(account.secret, origin);
        String given = request.header("X-BAPI-SIGN");
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
            // Bybit echoes the string it expected to be signed; it carries the key, never the secret.
            throw new Refusal(10004, "error sign! origin_string[" + origin + "]");
        }
        return account;
    }

    private static String hmacHex(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    // ---- endpoints ----

    /** {@code [startTime, open, high, low, close, volume, turnover]} per minute, newest first, as Bybit sorts them. */
    private ObjectNode kline(Request request) {
        String symbol = request.query().get("symbol");
        if (!"linear".equals(request.query().get("category")) || !"1".equals(request.query().get("interval"))) {
            throw new Refusal(10001, "params error: this dialect serves category linear, interval 1 only");
        }
        if (symbol == null || !markHistory.knows(symbol)) {
            throw new Refusal(10001, "params error: symbol invalid");
        }
        String limit = request.query().get("limit");
        List<MarkHistory.Bar> bars = markHistory.lastMinutes(symbol,
                limit == null ? 200 : Math.min(1000, Integer.parseInt(limit)));
        ObjectNode result = JSON.createObjectNode();
        result.put("symbol", symbol);
        result.put("category", "linear");
        ArrayNode list = result.putArray("list");
        for (MarkHistory.Bar bar : bars.reversed()) {
            list.addArray().add(Long.toString(bar.openTime().toEpochMilli())).add(bar.open().toPlainString())
                    .add(bar.high().toPlainString()).add(bar.low().toPlainString()).add(bar.close().toPlainString())
                    .add("0").add("0");
        }
        return envelope(0, "OK", result);
    }

    /**
     * Linear perpetuals with the precision filters of Bybit's live BTCUSDT contract; other
     * categories are listed empty, as Bybit lists a category with nothing in it.
     */
    private ObjectNode instrumentsInfo(Request request) {
        String category = request.query().get("category");
        if (category == null || category.isEmpty()) {
            throw new Refusal(10001, "params error: category is required");
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("category", category);
        ArrayNode list = result.putArray("list");
        String only = request.query().get("symbol");
        for (String symbol : "linear".equals(category) ? markHistory.symbols() : List.<String>of()) {
            String settle = symbol.endsWith("USDC") ? "USDC" : "USDT";
            if (!symbol.endsWith(settle) || (only != null && !only.equals(symbol))) {
                continue;
            }
            ObjectNode row = list.addObject();
            row.put("symbol", symbol);
            row.put("contractType", "LinearPerpetual");
            row.put("status", "Trading");
            row.put("baseCoin", symbol.substring(0, symbol.length() - settle.length()));
            row.put("quoteCoin", settle);
            row.put("settleCoin", settle);
            row.put("launchTime", "1584230400000");
            row.put("deliveryTime", "0");
            row.put("deliveryFeeRate", "");
            row.put("priceScale", "2");
            row.putObject("leverageFilter").put("minLeverage", "1").put("maxLeverage", "100.00")
                    .put("leverageStep", "0.01");
            row.putObject("priceFilter").put("minPrice", "0.10").put("maxPrice", "1999999.80").put("tickSize", "0.10");
            row.putObject("lotSizeFilter").put("maxOrderQty", "1190.000").put("minOrderQty", "0.001")
                    .put("qtyStep", "0.001").put("postOnlyMaxOrderQty", "1190.000").put("maxMktOrderQty", "500.000")
                    .put("minNotionalValue", "5");
            row.put("unifiedMarginTrade", true);
            row.put("fundingInterval", 480);
            row.put("copyTrading", "both");
            row.put("upperFundingRate", "0.005");
            row.put("lowerFundingRate", "-0.005");
            row.put("isPreListing", false);
        }
        result.put("nextPageCursor", "");
        return envelope(0, "OK", result);
    }

    private ObjectNode serverTime() {
        long reported = now() + misreportMillis;
        ObjectNode result = JSON.createObjectNode();
        result.put("timeSecond", Long.toString(reported / 1_000));
        result.put("timeNano", reported + "000000");
        ObjectNode body = envelope(0, "OK", result);
        body.put("time", reported);
        return body;
    }

    private synchronized ObjectNode accountInfo(BybitAccount account) {
        ObjectNode result = JSON.createObjectNode();
        result.put("unifiedMarginStatus", account.unifiedMarginStatus);
        result.put("marginMode", account.marginMode);
        result.put("isMasterTrader", false);
        result.put("spotHedgingStatus", "OFF");
        result.put("updatedTime", Long.toString(now() - 86_400_000L));
        return envelope(0, "OK", result);
    }

    private synchronized ObjectNode queryApi(BybitAccount account) {
        ObjectNode result = JSON.createObjectNode();
        result.put("id", "13770661");
        result.put("note", "margin top-up");
        result.put("apiKey", account.apiKey);
        result.put("readOnly", account.readOnly ? 1 : 0);
        result.put("secret", "");
        ObjectNode permissions = result.putObject("permissions");
        permissions.set("ContractTrade", strings(account.contractPermissions));
        permissions.set("Spot", JSON.createArrayNode());
        permissions.set("Wallet", strings(account.walletPermissions));
        permissions.set("Options", JSON.createArrayNode());
        permissions.set("Derivatives", JSON.createArrayNode());
        permissions.set("Exchange", JSON.createArrayNode());
        result.set("ips", JSON.createArrayNode().add("*"));
        result.put("type", 1);
        result.put("unified", 0);
        result.put("uta", account.unifiedMarginStatus >= 3 ? 1 : 0);
        result.put("isMaster", account.master);
        result.put("userID", Long.parseLong(account.memberId));
        return envelope(0, "OK", result);
    }

    private synchronized ObjectNode walletBalance(BybitAccount account, Request request) {
        if (!"UNIFIED".equals(request.query().get("accountType"))) {
            throw new Refusal(10001, "accountType only support UNIFIED");
        }
        requireUnified(account);
        boolean isolated = "ISOLATED_MARGIN".equals(account.marginMode);
        CrossTotals totals = CrossTotals.of(account);
        BigDecimal wallet = totals.wallet();
        BigDecimal upl = totals.upl();
        BigDecimal im = totals.im();
        BigDecimal mm = totals.mm();
        BigDecimal marginBalance = wallet.add(upl);
        ObjectNode row = JSON.createObjectNode();
        row.put("accountType", "UNIFIED");
        // Account-wide fields do not apply in isolated margin mode; Bybit sends them empty.
        row.put("accountIMRate", isolated ? "" : rate(im, marginBalance));
        row.put("accountMMRate", isolated ? "" : rate(mm, marginBalance));
        row.put("totalEquity", marginBalance.toPlainString());
        row.put("totalWalletBalance", wallet.toPlainString());
        row.put("totalMarginBalance", isolated ? "" : marginBalance.toPlainString());
        row.put("totalAvailableBalance", isolated ? "" : marginBalance.subtract(im).toPlainString());
        row.put("totalPerpUPL", upl.toPlainString());
        row.put("totalInitialMargin", isolated ? "" : im.toPlainString());
        row.put("totalMaintenanceMargin", isolated ? "" : mm.toPlainString());
        row.put("accountLTV", "0");
        ArrayNode coins = row.putArray("coin");
        String only = request.query().get("coin");
        account.unified.forEach((coin, balance) -> {
            if (only != null && !only.equals(coin)) {
                return;
            }
            // Isolated margin is kept apart from the Unified balance here, so only cross positions use it.
            BigDecimal positionIM = BigDecimal.ZERO;
            BigDecimal positionMM = BigDecimal.ZERO;
            BigDecimal coinUpl = BigDecimal.ZERO;
            for (BybitPosition p : account.positions) {
                if (!p.isIsolated() && p.symbol.endsWith(coin)) {
                    positionIM = positionIM.add(p.positionIM());
                    positionMM = positionMM.add(p.positionMM());
                    coinUpl = coinUpl.add(p.unrealisedPnl());
                }
            }
            ObjectNode c = coins.addObject();
            c.put("coin", coin);
            c.put("walletBalance", balance.toPlainString());
            c.put("equity", balance.add(coinUpl).toPlainString());
            c.put("usdValue", balance.add(coinUpl).toPlainString());
            c.put("unrealisedPnl", coinUpl.toPlainString());
            c.put("cumRealisedPnl", "0");
            c.put("locked", "0");
            c.put("totalOrderIM", "0");
            c.put("totalPositionIM", positionIM.toPlainString());
            c.put("totalPositionMM", positionMM.toPlainString());
            c.put("borrowAmount", "0");
            c.put("accruedInterest", "0");
            c.put("bonus", "0");
            c.put("spotHedgingQty", "0");
            c.put("collateralSwitch", true);
            c.put("marginCollateral", true);
        });
        ObjectNode result = JSON.createObjectNode();
        result.putArray("list").add(row);
        return envelope(0, "OK", result);
    }

    private static String rate(BigDecimal part, BigDecimal whole) {
        if (part.signum() == 0) {
            return "0";
        }
        return whole.signum() <= 0 ? "1" : part.divide(whole, 4, RoundingMode.HALF_UP).toPlainString();
    }

    private synchronized ObjectNode positionList(BybitAccount account, Request request) {
        if (!"linear".equals(request.query().get("category"))) {
            throw new Refusal(10001, "category only support linear here");
        }
        String symbol = request.query().get("symbol");
        String settleCoin = request.query().get("settleCoin");
        if (symbol == null && settleCoin == null) {
            throw new Refusal(10001, "symbol or settleCoin is required");
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("list");
        for (BybitPosition p : account.positions) {
            if (symbol == null ? p.symbol.endsWith(settleCoin) : p.symbol.equals(symbol)) {
                list.add(positionRow(p));
            }
        }
        result.put("nextPageCursor", "");
        result.put("category", "linear");
        return envelope(0, "OK", result);
    }

    private static ObjectNode positionRow(BybitPosition p) {
        ObjectNode row = JSON.createObjectNode();
        row.put("positionIdx", p.positionIdx);
        row.put("symbol", p.symbol);
        row.put("side", p.side);
        row.put("size", p.size.toPlainString());
        row.put("avgPrice", p.avgPrice.toPlainString());
        row.put("positionValue", p.positionValue().toPlainString());
        row.put("tradeMode", 0);
        row.put("leverage", p.leverage.toPlainString());
        row.put("markPrice", p.markPrice.toPlainString());
        row.put("liqPrice", p.liqPrice());
        row.put("bustPrice", "");
        row.put("positionIM", p.positionIM().toPlainString());
        row.put("positionMM", p.positionMM().toPlainString());
        // The position's margin: what its isolated margin or its cross initial margin holds.
        row.put("positionBalance", p.positionIM().toPlainString());
        row.put("unrealisedPnl", p.unrealisedPnl().toPlainString());
        row.put("curRealisedPnl", "0");
        row.put("cumRealisedPnl", "0");
        row.put("autoAddMargin", 0);
        row.put("positionStatus", "Normal");
        row.put("riskId", 1);
        row.put("riskLimitValue", "2000000");
        row.put("adlRankIndicator", 2);
        row.put("isReduceOnly", false);
        row.put("tpslMode", "Full");
        row.put("takeProfit", "");
        row.put("stopLoss", "");
        row.put("trailingStop", "0");
        row.put("sessionAvgPrice", "");
        row.put("seq", p.updatedTime);
        row.put("createdTime", Long.toString(p.updatedTime));
        row.put("updatedTime", Long.toString(p.updatedTime));
        return row;
    }

    private synchronized ObjectNode fundBalance(BybitAccount account, Request request) {
        if (!"FUND".equals(request.query().get("accountType"))) {
            throw new Refusal(10001, "accountType only support FUND here");
        }
        String only = request.query().get("coin");
        String member = request.query().get("memberId");
        Map<String, BigDecimal> wallet = member == null ? account.fund : subAccountFunds(account, member);
        ObjectNode result = JSON.createObjectNode();
        result.put("memberId", member == null ? account.memberId : member);
        result.put("accountType", "FUND");
        ArrayNode balance = result.putArray("balance");
        wallet.forEach((coin, amount) -> {
            if (only != null && !only.equals(coin)) {
                return;
            }
            ObjectNode row = balance.addObject();
            row.put("coin", coin);
            row.put("walletBalance", amount.toPlainString());
            row.put("transferBalance", amount.toPlainString());
            row.put("bonus", "");
        });
        return envelope(0, "OK", result);
    }

    /** A transfer's body, once the key holds the Wallet {@code permission} and the transferId is a UUID. */
    private static JsonNode transferRequest(BybitAccount account, Request request, String permission) {
        if (account.readOnly || !account.walletPermissions.contains(permission)) {
            throw new Refusal(10005, "Permission denied, please check your API key permissions.");
        }
        JsonNode body = parseBody(request);
        if (!UUID_SHAPE.matcher(text(body, "transferId")).matches()) {
            throw new Refusal(10001, "transferId must be a UUID");
        }
        return body;
    }

    private synchronized ObjectNode interTransfer(BybitAccount account, Request request) {
        JsonNode body = transferRequest(account, request, "AccountTransfer");
        String transferId = text(body, "transferId");
        String coin = text(body, "coin");
        BigDecimal amount = amount(body, "amount");
        String from = text(body, "fromAccountType");
        String to = text(body, "toAccountType");
        boolean out = "UNIFIED".equals(from) && "FUND".equals(to);
        if (!out && (!"FUND".equals(from) || !"UNIFIED".equals(to))) {
            throw new Refusal(131200, "Service error: only FUND to UNIFIED and back is served here");
        }
        List<Transfer> history = transfers.get(account.apiKey);
        if (history.stream().anyMatch(t -> t.transferId().equals(transferId))) {
            throw new Refusal(131214, "TransferId exist");
        }
        requireUnified(account);
        if (out) {
            // Out of the Unified wallet Bybit releases no more than the available balance: margin less initial margin.
            if (unifiedTransferable(account, coin).compareTo(amount) < 0) {
                throw new Refusal(131212, "insufficient balance");
            }
            account.unified.merge(coin, amount.negate(), BigDecimal::add);
            account.fund.merge(coin, amount, BigDecimal::add);
        } else {
            BigDecimal available = account.fund.getOrDefault(coin, BigDecimal.ZERO);
            if (available.compareTo(amount) < 0) {
                throw new Refusal(131212, "insufficient balance");
            }
            account.fund.put(coin, available.subtract(amount));
            account.unified.merge(coin, amount, BigDecimal::add);
        }
        history.add(new Transfer(transferId, coin, amount, from, to, now(), "SUCCESS"));
        ObjectNode result = JSON.createObjectNode();
        result.put("transferId", transferId);
        result.put("status", "SUCCESS");
        return envelope(0, "success", result);
    }

    /** A sub-account's Funding wallet, reached only with its main account's key and by a UID that is one of its subs. */
    private static Map<String, BigDecimal> subAccountFunds(BybitAccount account, String uid) {
        if (!account.master) {
            throw new Refusal(10005, "Permission denied, please check your API key permissions.");
        }
        Map<String, BigDecimal> wallet = account.subAccountFunds.get(uid);
        if (wallet == null) {
            throw new Refusal(10001, "params error: memberId " + uid + " is not a sub-account of this main account");
        }
        return wallet;
    }

    /**
     * A sub-account's Funding wallet into its main account's Unified wallet, with the main account's key;
     * the transferId is unique across inter- and universal transfers alike.
     */
    private synchronized ObjectNode universalTransfer(BybitAccount account, Request request) {
        JsonNode body = transferRequest(account, request, "SubMemberTransfer");
        String transferId = text(body, "transferId");
        String coin = text(body, "coin");
        BigDecimal amount = amount(body, "amount");
        String fromMember = memberId(body, "fromMemberId");
        String toMember = memberId(body, "toMemberId");
        if (fromMember.equals(toMember)) {
            throw new Refusal(10001, "params error: fromMemberId and toMemberId must differ");
        }
        if (!"FUND".equals(text(body, "fromAccountType")) || !"UNIFIED".equals(text(body, "toAccountType"))
                || !toMember.equals(account.memberId)) {
            throw new Refusal(131200, "Service error: only a sub-account's FUND to its main account's UNIFIED is"
                    + " served here");
        }
        Map<String, BigDecimal> from = subAccountFunds(account, fromMember);
        if (transfers.get(account.apiKey).stream().anyMatch(t -> t.transferId().equals(transferId))
                || memberTransfers.get(account.apiKey).stream()
                        .anyMatch(t -> t.transfer().transferId().equals(transferId))) {
            throw new Refusal(131214, "TransferId exist");
        }
        requireUnified(account);
        BigDecimal available = from.getOrDefault(coin, BigDecimal.ZERO);
        if (available.compareTo(amount) < 0) {
            throw new Refusal(131228, "your balance is not enough");
        }
        from.put(coin, available.subtract(amount));
        account.unified.merge(coin, amount, BigDecimal::add);
        memberTransfers.get(account.apiKey).add(new MemberTransfer(
                new Transfer(transferId, coin, amount, "FUND", "UNIFIED", now(), "SUCCESS"), fromMember, toMember));
        ObjectNode result = JSON.createObjectNode();
        result.put("transferId", transferId);
        result.put("status", "SUCCESS");
        return envelope(0, "success", result);
    }

    private synchronized ObjectNode universalTransferList(BybitAccount account, Request request) {
        String transferId = request.query().get("transferId");
        long end = now();
        long start = end - HISTORY_WINDOW_MS;
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("list");
        for (MemberTransfer t : memberTransfers.get(account.apiKey)) {
            if ((transferId == null || transferId.equals(t.transfer().transferId()))
                    && t.transfer().timestamp() >= start) {
                transferRow(list, t.transfer()).put("fromMemberId", t.fromMemberId()).put("toMemberId", t.toMemberId());
            }
        }
        result.put("nextPageCursor", "");
        return envelope(0, "success", result);
    }

    private static ObjectNode transferRow(ArrayNode list, Transfer t) {
        ObjectNode row = list.addObject();
        row.put("transferId", t.transferId());
        row.put("coin", t.coin());
        row.put("amount", t.amount().toPlainString());
        row.put("fromAccountType", t.fromAccountType());
        row.put("toAccountType", t.toAccountType());
        row.put("timestamp", Long.toString(t.timestamp()));
        row.put("status", t.status());
        return row;
    }

    /** A UID, which Bybit takes as an integer. */
    private static String memberId(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new Refusal(10001, "params error: " + field + " must be an integer UID");
        }
        return node.asText();
    }

    /** What the Unified wallet may release in {@code coin}: its balance, within margin balance less the cross initial margin. */
    private static BigDecimal unifiedTransferable(BybitAccount account, String coin) {
        CrossTotals totals = CrossTotals.of(account);
        return account.unified.getOrDefault(coin, BigDecimal.ZERO).min(totals.wallet().add(totals.upl())
                .subtract(totals.im()));
    }

    /** The Unified wallet's balance and its cross positions' unrealised P&L, initial and maintenance margin. */
    private record CrossTotals(BigDecimal wallet, BigDecimal upl, BigDecimal im, BigDecimal mm) {
        static CrossTotals of(BybitAccount account) {
            BigDecimal wallet = BigDecimal.ZERO;
            for (BigDecimal balance : account.unified.values()) {
                wallet = wallet.add(balance);
            }
            BigDecimal upl = BigDecimal.ZERO;
            BigDecimal im = BigDecimal.ZERO;
            BigDecimal mm = BigDecimal.ZERO;
            for (BybitPosition p : account.positions) {
                if (!p.isIsolated()) {
                    upl = upl.add(p.unrealisedPnl());
                    im = im.add(p.positionIM());
                    mm = mm.add(p.positionMM());
                }
            }
            return new CrossTotals(wallet, upl, im, mm);
        }
    }

    private synchronized ObjectNode transferList(BybitAccount account, Request request) {
        String transferId = request.query().get("transferId");
        String coin = request.query().get("coin");
        long end = request.query().containsKey("endTime") ? Long.parseLong(request.query().get("endTime")) : now();
        long start = request.query().containsKey("startTime")
                ? Long.parseLong(request.query().get("startTime")) : end - HISTORY_WINDOW_MS;
        ObjectNode result = JSON.createObjectNode();
        ArrayNode list = result.putArray("list");
        for (Transfer t : transfers.get(account.apiKey)) {
            if ((transferId == null || transferId.equals(t.transferId())) && (coin == null || coin.equals(t.coin()))
                    && t.timestamp() >= start && t.timestamp() <= end) {
                transferRow(list, t);
            }
        }
        result.put("nextPageCursor", "");
        return envelope(0, "success", result);
    }

    /** Newest first, of one symbol or all, from startTime (else the last seven days), at most limit (50, up to 100). */
    private synchronized ObjectNode executionList(BybitAccount account, Request request) {
        if (!"linear".equals(request.query().get("category"))) {
            throw new Refusal(10001, "category only support linear here");
        }
        String symbol = request.query().get("symbol");
        String execType = request.query().get("execType");
        long end = request.query().containsKey("endTime") ? Long.parseLong(request.query().get("endTime")) : now();
        long start = request.query().containsKey("startTime")
                ? Long.parseLong(request.query().get("startTime")) : end - HISTORY_WINDOW_MS;
        int limit = request.query().containsKey("limit") ? Math.min(100, Integer.parseInt(request.query().get("limit")))
                : 50;
        ObjectNode result = JSON.createObjectNode();
        result.put("category", "linear");
        ArrayNode list = result.putArray("list");
        for (Execution e : executions.get(account.apiKey).reversed()) {
            if (list.size() < limit && (symbol == null || symbol.equals(e.symbol()))
                    && (execType == null || execType.equals(e.execType()))
                    && e.execTime() >= start && e.execTime() <= end) {
                ObjectNode row = list.addObject();
                row.put("symbol", e.symbol());
                row.put("side", e.side());
                row.put("execType", e.execType());
                row.put("execPrice", e.execPrice().toPlainString());
                row.put("execQty", e.execQty().toPlainString());
                row.put("execValue", e.execPrice().multiply(e.execQty()).toPlainString());
                row.put("closedSize", e.closedSize().toPlainString());
                row.put("execTime", Long.toString(e.execTime()));
            }
        }
        result.put("nextPageCursor", "");
        return envelope(0, "OK", result);
    }

    private synchronized ObjectNode addMargin(BybitAccount account, Request request) {
        if (account.readOnly || !account.contractPermissions.contains("Position")) {
            throw new Refusal(10005, "Permission denied, please check your API key permissions.");
        }
        JsonNode body = parseBody(request);
        if (!"linear".equals(text(body, "category"))) {
            throw new Refusal(10001, "category only support linear here");
        }
        String symbol = text(body, "symbol");
        BigDecimal margin = signedAmount(body, "margin");
        if (margin.stripTrailingZeros().scale() > 4) {
            throw new Refusal(10001, "margin has more than 4 decimals");
        }
        BybitPosition position = account.positions.stream()
                .filter(p -> p.symbol.equals(symbol) && p.size.signum() != 0).findFirst()
                .orElseThrow(() -> new Refusal(110033, "You cannot add margin to a position without an open position"));
        if (!position.isIsolated()) {
            throw new Refusal(110015, "You are in cross margin mode");
        }
        String settle = symbol.endsWith("USDC") ? "USDC" : "USDT";
        BigDecimal free = account.unified.getOrDefault(settle, BigDecimal.ZERO);
        if (margin.signum() == 0) {
            throw new Refusal(10001, "margin must not be zero");
        }
        // A negative margin reduces the position's margin back into the Unified wallet.
        if (margin.signum() < 0 && position.removable().compareTo(margin.negate()) < 0) {
            throw new Refusal(110044, "Available margin is insufficient");
        }
        if (free.compareTo(margin) < 0) {
            throw new Refusal(110014, "Insufficient balance to add margin");
        }
        account.unified.put(settle, free.subtract(margin));
        position.isolatedMargin = position.isolatedMargin.add(margin);
        position.updatedTime = now();
        ObjectNode result = positionRow(position);
        result.put("category", "linear");
        return envelope(0, "OK", result);
    }

    private static void requireUnified(BybitAccount account) {
        if (account.unifiedMarginStatus < 3) {
            throw new Refusal(10001, "accountType only support UNIFIED; this is a classic account");
        }
    }

    private ObjectNode envelope(int retCode, String retMsg, ObjectNode result) {
        ObjectNode body = JSON.createObjectNode();
        body.put("retCode", retCode);
        body.put("retMsg", retMsg);
        body.set("result", result);
        body.putObject("retExtInfo");
        body.put("time", now());
        return body;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static JsonNode parseBody(Request request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            if (body == null || !body.isObject()) {
                throw new Refusal(10001, "request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new Refusal(10001, "request body must be a JSON object");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new Refusal(10001, "params error: " + field + " is required");
        }
        return node.asText();
    }

    private static BigDecimal amount(JsonNode body, String field) {
        BigDecimal amount = signedAmount(body, field);
        if (amount.signum() <= 0) {
            throw new Refusal(10001, "params error: " + field + " must be positive");
        }
        return amount;
    }

    /** A decimal string that may be negative, as add-margin's {@code margin} (negative reduces). */
    private static BigDecimal signedAmount(JsonNode body, String field) {
        try {
            return new BigDecimal(text(body, field));
        } catch (NumberFormatException e) {
            throw new Refusal(10001, "params error: " + field + " must be a decimal string");
        }
    }

    private static Request read(HttpExchange http) throws IOException {
        Map<String, String> headers = new HashMap<>();
        http.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        String rawQuery = http.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Request(http.getRequestMethod(), http.getRequestURI().getRawPath(), rawQuery, query, headers, body);
    }

    private static void write(HttpExchange http, Reply reply) throws IOException {
        http.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach(http.getResponseHeaders()::set);
        http.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }
}
