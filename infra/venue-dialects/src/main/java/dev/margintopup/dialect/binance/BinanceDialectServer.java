package dev.margintopup.dialect.binance;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful local Binance (USDⓈ-M futures plus the wallet endpoints that feed it) over real
 * HTTP, speaking Binance's dialect: its paths, parameters, HMAC signature check, response shapes,
 * error codes and rate-limit headers. One port serves {@code /fapi}, {@code /sapi} and {@code /api}.
 * Accounts are found by API key. Faults play on demand, so that exactly-once top-ups can be
 * proven over a wire that loses answers, throttles and sends garbage.
 *
 * <p>Listens on 127.0.0.1 only: it holds no real money, and its seeding methods are in-process.
 * There is no withdrawal endpoint, as there is none in the product.
 */
public final class BinanceDialectServer implements AutoCloseable {

    public static final String FUTURES_TIME = "/fapi/v1/time";
    public static final String WALLET_TIME = "/api/v3/time";
    /** Public one-minute klines, served from the mark prices this server was given. */
    public static final String KLINES = "/fapi/v1/klines";
    /** Public USDⓈ-M instruments: one USDT perpetual per symbol this server was given a mark for. */
    public static final String EXCHANGE_INFO = "/fapi/v1/exchangeInfo";
    static final int INVALID_INTERVAL = -1120;
    static final int BAD_SYMBOL = -1121;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MAINTENANCE_PAGE = """
            <!DOCTYPE html>
            <html><head><title>503 Service Unavailable</title></head>
            <body><h1>System maintenance</h1><p>Binance is under maintenance. Please try again later.</p></body>
            </html>
            """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] HTML_PAGE = """
            <!DOCTYPE html>
            <html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>
            """.getBytes(StandardCharsets.UTF_8);

    private final LoopbackServer http;
    private final Clock clock;
    private final AtomicLong skewMillis = new AtomicLong();
    private final Object lock = new Object();
    private final Map<String, DialectAccount> accounts = new HashMap<>();
    private final Map<String, BigDecimal> markPrices = new HashMap<>();
    private final MarkHistory markHistory = new MarkHistory();
    private final BinanceRoutes routes = new BinanceRoutes(markPrices);
    private final List<BinanceFault> faults = new ArrayList<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> weightThisMinute = new ConcurrentHashMap<>();

    private BinanceDialectServer(int port, Clock clock) {
        this.clock = clock;
        // Last: requests may arrive as soon as it listens, and find every field set.
        this.http = LoopbackServer.start("Binance", port, this::handle);
    }

    /** Starts on {@code port}, or on a free port when it is 0. */
    public static BinanceDialectServer start(int port) {
        return start(port, Clock.systemUTC());
    }

    /** Starts with the venue's clock, which stamps transfers and checks request timestamps. */
    public static BinanceDialectServer start(int port, Clock clock) {
        return new BinanceDialectServer(port, clock);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- in-process seeding and inspection, for tests in the same JVM ----

    /** A new account behind this key pair; seed it through the returned handle. */
    public DialectAccount seedAccount(String apiKey, String secret) {
        synchronized (lock) {
            DialectAccount account = new DialectAccount(apiKey, secret, lock, serverTime());
            accounts.put(apiKey, account);
            return account;
        }
    }

    public void setMarkPrice(String symbol, String price) {
        setMarkPrice(symbol, price, Instant.ofEpochMilli(serverTime()));
    }

    /** The mark from {@code at} on: it is the current mark, and a candle of {@code at}'s minute. */
    public void setMarkPrice(String symbol, String price, Instant at) {
        synchronized (lock) {
            markPrices.put(symbol, new BigDecimal(price));
        }
        markHistory.record(symbol, at, new BigDecimal(price));
    }

    /** Shifts the venue's clock (its time endpoints and its timestamp check alike) from the real one. */
    public void skewClock(Duration skew) {
        skewMillis.set(skew.toMillis());
    }

    public long serverTime() {
        return clock.millis() + skewMillis.get();
    }

    public BigDecimal balance(String apiKey, Wallet wallet, String asset) {
        synchronized (lock) {
            return account(apiKey).balance(wallet, asset);
        }
    }

    public BigDecimal isolatedWallet(String apiKey, String symbol) {
        synchronized (lock) {
            DialectAccount.Position position = account(apiKey).positions.get(symbol);
            return position == null ? BigDecimal.ZERO : position.isolatedWallet;
        }
    }

    public List<TransferRow> transfers(String apiKey) {
        synchronized (lock) {
            return List.copyOf(account(apiKey).transfers);
        }
    }

    public List<MarginChange> marginChanges(String apiKey) {
        synchronized (lock) {
            return List.copyOf(account(apiKey).marginChanges);
        }
    }

    /**
     * Takes the position in {@code symbol} off the account now. Liquidated, or auto-deleveraged,
     * it leaves the force order that closed it at {@code price}; closed by its owner, none.
     */
    public void closePosition(String apiKey, String symbol, PositionClose how, String price) {
        synchronized (lock) {
            DialectAccount account = account(apiKey);
            DialectAccount.Position position = account.positions.remove(symbol);
            if (position == null) {
                throw new IllegalArgumentException("no position in " + symbol);
            }
            long now = serverTime();
            String clientOrderId = switch (how) {
                case BY_OWNER -> null;
                case LIQUIDATED -> "autoclose-" + now + "000001";
                case AUTO_DELEVERAGED -> "adl_autoclose";
            };
            if (clientOrderId != null) {
                account.forceOrders.add(new ForceOrder(6_071_832_819L + account.forceOrders.size(), symbol,
                        clientOrderId, position.amount.signum() > 0 ? "SELL" : "BUY", new BigDecimal(price),
                        position.amount.abs(), now));
            }
        }
    }

    /** How {@link #closePosition} ends a position. */
    public enum PositionClose { BY_OWNER, LIQUIDATED, AUTO_DELEVERAGED }

    /** Adds a row to the transfer history as if a transfer were made elsewhere (by hand); history only, no balances. */
    public void recordTransfer(String apiKey, String type, String asset, String amount, long timestamp) {
        synchronized (lock) {
            account(apiKey).transfers.add(new TransferRow(timestamp, type, asset, new BigDecimal(amount), "CONFIRMED",
                    timestamp));
        }
    }

    public void injectFault(BinanceFault fault) {
        synchronized (faults) {
            faults.add(fault);
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** Requests received so far per path (Binance: per method and path), faulted ones included: what a call budget counts. */
    public java.util.SortedMap<String, Integer> requestCounts() {
        java.util.SortedMap<String, Integer> counts = new java.util.TreeMap<>();
        requestCounts.forEach((path, count) -> counts.put(path, count.get()));
        return counts;
    }

    /** Requests received for this method and exact path (no query), faulted ones included. */
    public int requestCount(String method, String path) {
        AtomicInteger count = requestCounts.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    private DialectAccount account(String apiKey) {
        DialectAccount account = accounts.get(apiKey);
        if (account == null) {
            throw new IllegalArgumentException("no account seeded for that key");
        }
        return account;
    }

    // ---- HTTP ----

    private void handle(HttpExchange http) {
        try (http) {
            serve(http);
        } catch (IOException e) {
            // The caller went away; there is no one to answer.
        }
    }

    private void serve(HttpExchange http) throws IOException {
        DialectRequest request;
        try {
            request = DialectRequest.read(http);
        } catch (RuntimeException e) {
            sendError(http, new DialectError(400, DialectError.ILLEGAL_CHARS, "Malformed request."));
            return;
        }
        requestCounts.computeIfAbsent(request.method() + " " + request.path(), k -> new AtomicInteger())
                .incrementAndGet();
        Optional<BinanceFault> fault = nextFault(request.method(), request.path());
        try {
            if (fault.isPresent() && playWithoutHandling(http, request, fault.get())) {
                return;
            }
            if ("GET".equals(request.method())
                    && (FUTURES_TIME.equals(request.path()) || WALLET_TIME.equals(request.path()))) {
                send(http, request.path(), 200, JSON.createObjectNode().put("serverTime", serverTime()));
                return;
            }
            if ("GET".equals(request.method()) && KLINES.equals(request.path())) {
                send(http, request.path(), 200, klines(request));
                return;
            }
            if ("GET".equals(request.method()) && EXCHANGE_INFO.equals(request.path())) {
                send(http, request.path(), 200, exchangeInfo());
                return;
            }
            if (!BinanceRoutes.SIGNED.contains(request.path())) {
                throw new DialectError(404, DialectError.UNKNOWN, "Not found: " + request.path());
            }
            BinanceFault played = fault.orElse(null);
            boolean spoils = played != null && (played.type() == BinanceFault.Type.MISSING_FIELD
                    || played.type() == BinanceFault.Type.NON_NUMERIC);
            boolean apply = !(spoils && BinanceRoutes.moves(request.method(), request.path()));
            JsonNode answer;
            synchronized (lock) {
                DialectAccount account = authenticate(request);
                answer = routes.handle(request, account, apply, serverTime());
            }
            if (played != null && played.type() == BinanceFault.Type.LOSE_RESPONSE) {
                // Closing before any header drops the connection: applied, and the caller cannot tell.
                http.close();
                return;
            }
            if (played != null && played.type() == BinanceFault.Type.APPLIED_HTML_PAGE) {
                sendRaw(http, 200, "text/html; charset=utf-8", HTML_PAGE, Map.of());
                return;
            }
            if (played != null && played.type() == BinanceFault.Type.APPLIED_MISSING_FIELD) {
                SpoiledAnswer.remove(answer, played.field());
            }
            if (played != null && played.type() == BinanceFault.Type.APPLIED_RETYPED) {
                SpoiledAnswer.retype(answer, played.field());
            }
            if (spoils) {
                spoil(answer, played);
            }
            send(http, request.path(), 200, answer);
        } catch (DialectError e) {
            sendError(http, e);
        } catch (RuntimeException e) {
            sendError(http, new DialectError(500, DialectError.UNKNOWN, "An unknown error occurred while processing"
                    + " the request."));
        }
    }

    /**
     * {@code [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades,
     * takerBuyBaseVolume, takerBuyQuoteVolume, ignore]} per minute, oldest first; the dialect
     * trades nothing, so the volumes are 0.
     */
    private ArrayNode klines(DialectRequest request) {
        String symbol = request.param("symbol");
        if (symbol == null || !markHistory.knows(symbol)) {
            throw new DialectError(400, BAD_SYMBOL, "Invalid symbol.");
        }
        if (!"1m".equals(request.param("interval"))) {
            throw new DialectError(400, INVALID_INTERVAL, "Invalid interval.");
        }
        String limit = request.param("limit");
        int count = limit == null ? 500 : Math.min(1500, Integer.parseInt(limit));
        ArrayNode rows = JSON.createArrayNode();
        for (MarkHistory.Bar bar : markHistory.lastMinutes(symbol, count)) {
            long open = bar.openTime().toEpochMilli();
            rows.addArray().add(open).add(bar.open().toPlainString()).add(bar.high().toPlainString())
                    .add(bar.low().toPlainString()).add(bar.close().toPlainString()).add("0").add(open + 59_999)
                    .add("0").add(0).add("0").add("0").add("0");
        }
        return rows;
    }

    /**
     * Binance's exchange information for the symbols with a mark, as USDT-margined perpetuals with
     * the precision filters of the live BTCUSDT and ETHUSDT contracts; no rate-limit detail.
     */
    private ObjectNode exchangeInfo() {
        ObjectNode body = JSON.createObjectNode();
        body.put("timezone", "UTC");
        body.put("serverTime", serverTime());
        body.putArray("rateLimits");
        body.putArray("exchangeFilters");
        ArrayNode assets = body.putArray("assets");
        assets.addObject().put("asset", "USDT").put("marginAvailable", true).put("autoAssetExchange", "-10000");
        ArrayNode symbols = body.putArray("symbols");
        List<String> known;
        synchronized (lock) {
            known = markPrices.keySet().stream().filter(s -> s.endsWith("USDT")).sorted().toList();
        }
        for (String symbol : known) {
            String base = symbol.substring(0, symbol.length() - "USDT".length());
            ObjectNode row = symbols.addObject();
            row.put("symbol", symbol);
            row.put("pair", symbol);
            row.put("contractType", "PERPETUAL");
            row.put("deliveryDate", 4133404800000L);
            row.put("onboardDate", 1569398400000L);
            row.put("status", "TRADING");
            row.put("maintMarginPercent", "2.5000");
            row.put("requiredMarginPercent", "5.0000");
            row.put("baseAsset", base);
            row.put("quoteAsset", "USDT");
            row.put("marginAsset", "USDT");
            row.put("pricePrecision", 2);
            row.put("quantityPrecision", 3);
            row.put("baseAssetPrecision", 8);
            row.put("quotePrecision", 8);
            row.put("underlyingType", "COIN");
            row.putArray("underlyingSubType");
            row.put("triggerProtect", "0.0500");
            row.put("liquidationFee", "0.012500");
            row.put("marketTakeBound", "0.05");
            ArrayNode filters = row.putArray("filters");
            filters.addObject().put("filterType", "PRICE_FILTER").put("minPrice", "0.10").put("maxPrice", "4529764")
                    .put("tickSize", "0.10");
            filters.addObject().put("filterType", "LOT_SIZE").put("minQty", "0.001").put("maxQty", "1000")
                    .put("stepSize", "0.001");
            filters.addObject().put("filterType", "MARKET_LOT_SIZE").put("minQty", "0.001").put("maxQty", "120")
                    .put("stepSize", "0.001");
            filters.addObject().put("filterType", "MIN_NOTIONAL").put("notional", "100");
            row.putArray("orderTypes").add("LIMIT").add("MARKET");
            row.putArray("timeInForce").add("GTC").add("IOC");
        }
        return body;
    }

    private DialectAccount authenticate(DialectRequest request) {
        if (request.apiKey() == null || request.apiKey().isEmpty()) {
            throw new DialectError(401, DialectError.BAD_API_KEY_FMT, "API-key format invalid.");
        }
        DialectAccount account = accounts.get(request.apiKey());
        if (account == null) {
            throw new DialectError(401, DialectError.REJECTED_MBX_KEY, "Invalid API-key, IP, or permissions for action.");
        }
        RequestVerifier.verify(request, account.secret, serverTime());
        return account;
    }

    /** Plays a fault that replaces the answer outright; false when the request must be handled first. */
    private boolean playWithoutHandling(HttpExchange http, DialectRequest request, BinanceFault fault)
            throws IOException {
        switch (fault.type()) {
            case HTTP_500 -> sendError(http, new DialectError(500, DialectError.DISCONNECTED,
                    "Internal error; unable to process your request. Please try again."));
            case HTTP_503_UNKNOWN -> sendError(http, new DialectError(503, DialectError.UNKNOWN,
                    "Unknown error, please check your request or try again later."));
            case MAINTENANCE_PAGE -> sendRaw(http, 503, "text/html; charset=utf-8", MAINTENANCE_PAGE, Map.of());
            case RATE_LIMIT -> {
                ObjectNode body = JSON.createObjectNode().put("code", DialectError.TOO_MANY_REQUESTS)
                        .put("msg", "Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute."
                                + " Please use the websocket for live updates to avoid polling the API.");
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Retry-After", "7");
                headers.put(weightHeader(request.path()), request.path().startsWith("/fapi/") ? "2400" : "12000");
                sendRaw(http, 429, "application/json", JSON.writeValueAsBytes(body), headers);
            }
            case REJECT_TIMESTAMP -> sendError(http, new DialectError(400, DialectError.INVALID_TIMESTAMP,
                    "Timestamp for this request is outside of the recvWindow."));
            case HTML_PAGE -> sendRaw(http, 200, "text/html; charset=utf-8", HTML_PAGE, Map.of());
            case EMPTY_BODY -> sendRaw(http, 200, "application/json", new byte[0], Map.of());
            case LOSE_RESPONSE, MISSING_FIELD, NON_NUMERIC, APPLIED_HTML_PAGE, APPLIED_MISSING_FIELD,
                    APPLIED_RETYPED -> {
                return false;
            }
        }
        return true;
    }

    private static void spoil(JsonNode node, BinanceFault fault) {
        if (node instanceof ObjectNode object) {
            if (object.has(fault.field())) {
                if (fault.type() == BinanceFault.Type.MISSING_FIELD) {
                    object.remove(fault.field());
                } else {
                    object.put(fault.field(), "1,234.5O");
                }
            }
            object.forEach(child -> spoil(child, fault));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> spoil(child, fault));
        }
    }

    private Optional<BinanceFault> nextFault(String method, String path) {
        synchronized (faults) {
            for (int i = 0; i < faults.size(); i++) {
                BinanceFault fault = faults.get(i);
                if (fault.matches(method, path)) {
                    BinanceFault rest = fault.consumeOne();
                    if (rest == null) {
                        faults.remove(i);
                    } else {
                        faults.set(i, rest);
                    }
                    return Optional.of(fault);
                }
            }
            return Optional.empty();
        }
    }

    private void send(HttpExchange http, String path, int status, JsonNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree the server built must serialise", e);
        }
        String minute = weightHeader(path) + "@" + serverTime() / 60_000;
        int used = weightThisMinute.computeIfAbsent(minute, k -> new AtomicInteger()).incrementAndGet();
        sendRaw(http, status, "application/json", bytes, Map.of(weightHeader(path), Integer.toString(used)));
    }

    private static String weightHeader(String path) {
        return path.startsWith("/fapi/") ? "X-MBX-USED-WEIGHT-1M" : "X-SAPI-USED-IP-WEIGHT-1M";
    }

    private static void sendError(HttpExchange http, DialectError error) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("code", error.code).put("msg", error.getMessage());
        sendRaw(http, error.status, "application/json", JSON.writeValueAsBytes(body), Map.of());
    }

    private static void sendRaw(HttpExchange http, int status, String contentType, byte[] body,
            Map<String, String> headers) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(http.getResponseHeaders()::set);
        http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
