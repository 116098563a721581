package dev.margintopup.dialect.okx;

import dev.margintopup.dialect.LoopbackServer;
import dev.margintopup.dialect.MarkHistory;
import dev.margintopup.dialect.SpoiledAnswer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local HTTP server speaking OKX v5's REST dialect for the endpoints margin top-up uses:
 * account config, balance, positions, funding balances, funds transfer (both ways) and its state,
 * isolated margin adds and reduces, bills, positions history and server time. Money leaves a margin
 * only as far as OKX lets it: a transfer out of the trading account within what the cross positions
 * leave free (58121), a reduce within the position's margin above its initial margin (59301). Requests are signed and checked as OKX checks them
 * (key, passphrase, ISO timestamp within 30 s, Base64 HMAC-SHA256), answers come in OKX's
 * {@code {"code","msg","data"}} envelope with OKX's error codes, and faults can be played on
 * demand. There is no withdrawal endpoint. Listens on 127.0.0.1 only.
 */
public final class OkxDialectServer implements AutoCloseable {

    static final String CONFIG = "/api/v5/account/config";
    static final String BALANCE = "/api/v5/account/balance";
    static final String POSITIONS = "/api/v5/account/positions";
    static final String FUNDING_BALANCES = "/api/v5/asset/balances";
    public static final String TRANSFER = "/api/v5/asset/transfer";
    static final String TRANSFER_STATE = "/api/v5/asset/transfer-state";
    static final String SUB_ACCOUNT_BALANCES = "/api/v5/asset/subaccount/balances";
    static final String MARGIN_BALANCE = "/api/v5/account/position/margin-balance";
    static final String BILLS = "/api/v5/account/bills";
    static final String POSITIONS_HISTORY = "/api/v5/account/positions-history";
    static final String BILLS_ARCHIVE = "/api/v5/account/bills-archive";
    static final String TIME = "/api/v5/public/time";
    /** Public candles, served from the mark prices this server was given. */
    public static final String CANDLES = "/api/v5/market/candles";
    /** Public instruments: a linear perpetual swap per instrument this server was given a mark for. */
    public static final String INSTRUMENTS = "/api/v5/public/instruments";

    /** OKX rejects a request whose timestamp is more than 30 s from its own time. */
    static final Duration TIMESTAMP_WINDOW = Duration.ofSeconds(30);
    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final byte[] MAINTENANCE_PAGE = """
            <!DOCTYPE html>
            <html><head><title>503 Service Temporarily Unavailable</title></head>
            <body><h1>System upgrade in progress</h1><p>Please try again later.</p></body></html>
            """.getBytes(StandardCharsets.UTF_8);

    private final LoopbackServer http;
    private final Clock clock;
    private final OkxBook book;
    private final MarkHistory markHistory = new MarkHistory();
    private final List<OkxFault> faults = new ArrayList<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private volatile Duration skew = Duration.ZERO;
    private volatile Duration timeEndpointSkew = Duration.ZERO;

    private OkxDialectServer(int port, Clock clock) {
        this.clock = clock;
        this.book = new OkxBook(this::now);
        // Last: requests may arrive as soon as it listens, and find every field set.
        this.http = LoopbackServer.start("OKX", port, this::handle);
    }

    /** Starts on {@code port}, or on a free port when it is 0. */
    public static OkxDialectServer start(int port) {
        return start(port, Clock.systemUTC());
    }

    public static OkxDialectServer start(int port, Clock clock) {
        return new OkxDialectServer(port, clock);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- in-process seeding and inspection ----

    public void seedAccount(OkxAccount account) {
        book.seed(account);
    }

    public void setMarkPrice(String instId, String price) {
        setMarkPrice(instId, price, now());
    }

    /** As {@link #setMarkPrice(String, String)}, and a candle of {@code at}'s minute. */
    public void setMarkPrice(String instId, String price, Instant at) {
        book.setMark(instId, new BigDecimal(price));
        markHistory.record(instId, at, new BigDecimal(price));
    }

    public List<OkxTransferRecord> transfers(String apiKey) {
        return book.transfers(apiKey);
    }

    /** Transfers of type 2 the key's main account took from its sub-accounts. */
    public List<OkxTransferRecord.FromSubAccount> subAccountTransfers(String apiKey) {
        return book.subAccountTransfers(apiKey);
    }

    public BigDecimal subAccountFunding(String apiKey, String subAcct, String ccy) {
        return book.subAccountFunding(apiKey, subAcct, ccy);
    }

    /**
     * Closes the position in {@code instId} now, as positions-history will tell it: {@code type} 1
     * or 2 by its owner, 3 or 4 liquidated, 5 auto-deleveraged.
     */
    public void closePosition(String apiKey, String instId, String type, String closeAvgPx) {
        book.close(apiKey, instId, type, new BigDecimal(closeAvgPx));
    }

    public List<OkxBillRecord> bills(String apiKey) {
        return book.bills(apiKey);
    }

    public BigDecimal fundingBalance(String apiKey, String ccy) {
        return book.funding(apiKey, ccy);
    }

    public BigDecimal tradingBalance(String apiKey, String ccy) {
        return book.trading(apiKey, ccy);
    }

    public BigDecimal isolatedMargin(String apiKey, String instId) {
        return book.isolatedMargin(apiKey, instId);
    }

    /** Moves the server's clock: requests are checked against it and stamped with it. */
    public void setClockSkew(Duration serverAhead) {
        this.skew = serverAhead;
    }

    /**
     * Makes {@code /api/v5/public/time} report a time other than the one requests are checked
     * against, so that a re-sync cannot help: a persistent skew.
     */
    public void setTimeEndpointSkew(Duration timeAhead) {
        this.timeEndpointSkew = timeAhead;
    }

    public synchronized void injectFault(OkxFault fault) {
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

    private Instant now() {
        return clock.instant().plus(skew);
    }

    private synchronized OkxFault nextFault(String path) {
        for (int i = 0; i < faults.size(); i++) {
            OkxFault fault = faults.get(i);
            if (path.equals(fault.path())) {
                if (fault.remaining() == 1) {
                    faults.remove(i);
                } else {
                    faults.set(i, fault.times(fault.remaining() - 1));
                }
                return fault;
            }
        }
        return null;
    }

    // ---- HTTP ----

    private record Request(String method, String path, String requestPath, Map<String, String> query,
            Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record Answer(int status, String body) {}

    private void handle(HttpExchange http) {
        try (http) {
            Request request = read(http);
            requestCounts.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
            OkxFault fault = nextFault(request.path());
            if (fault == null) {
                send(http, answer(request), "application/json");
                return;
            }
            play(http, request, fault);
        } catch (IOException | RuntimeException e) {
            // The caller went away, or the answer could not be written; nothing more to do.
        }
    }

    private void play(HttpExchange http, Request request, OkxFault fault) throws IOException {
        boolean post = "POST".equals(request.method());
        switch (fault.type()) {
            case LOSE_RESPONSE -> {
                answer(request);
                http.close(); // applied, and the caller sees only a dropped connection
            }
            case HTTP_500 -> send(http, error(500, "50026", "System error. Try again later"), "application/json");
            case SERVICE_UNAVAILABLE -> send(http, error(503, "50001", "Service temporarily unavailable. Try again later"),
                    "application/json");
            case RATE_LIMIT -> send(http, error(429, "50011", "Too Many Requests"), "application/json");
            case MAINTENANCE_PAGE -> sendRaw(http, 503, "text/html; charset=utf-8", MAINTENANCE_PAGE);
            case HTML_PAGE -> sendRaw(http, 200, "text/html; charset=utf-8", MAINTENANCE_PAGE);
            case EMPTY_BODY -> sendRaw(http, 200, "application/json", new byte[0]);
            case APPLIED_HTML_PAGE -> {
                answer(request);
                sendRaw(http, 200, "text/html; charset=utf-8", MAINTENANCE_PAGE);
            }
            case APPLIED_MISSING_FIELD, APPLIED_RETYPED -> {
                JsonNode body = OkxBook.JSON.readTree(answer(request).body());
                if (fault.type() == OkxFault.Type.APPLIED_MISSING_FIELD) {
                    SpoiledAnswer.remove(body, fault.field());
                } else {
                    SpoiledAnswer.retype(body, fault.field());
                }
                send(http, new Answer(200, OkxBook.JSON.writeValueAsString(body)), "application/json");
            }
            case MISSING_FIELD, NON_NUMERIC -> {
                // A POST is not applied: what the caller gets is the shape of a success, broken.
                JsonNode shape = post ? OkxBook.JSON.readTree(echo(request)) : OkxBook.JSON.readTree(answer(request).body());
                ObjectNode holder = SpoiledAnswer.holderOf(shape, fault.field());
                if (holder != null) {
                    if (fault.type() == OkxFault.Type.MISSING_FIELD) {
                        holder.remove(fault.field());
                    } else {
                        holder.put(fault.field(), "abc");
                    }
                }
                send(http, new Answer(200, OkxBook.JSON.writeValueAsString(shape)), "application/json");
            }
        }
    }

    /** The success answer a POST would have had, without applying it. */
    private static String echo(Request request) throws JsonProcessingException {
        ObjectNode row = OkxBook.JSON.createObjectNode();
        JsonNode body = request.body().isBlank() ? OkxBook.JSON.createObjectNode() : OkxBook.JSON.readTree(request.body());
        body.properties().forEach(e -> row.set(e.getKey(), e.getValue()));
        row.put("transId", "0");
        return envelope(OkxBook.JSON.createArrayNode().add(row));
    }

    private Answer answer(Request request) {
        try {
            String route = request.method() + " " + request.path();
            if (route.equals("GET " + TIME)) {
                ObjectNode row = OkxBook.JSON.createObjectNode();
                row.put("ts", Long.toString(clock.instant().plus(timeEndpointSkew).toEpochMilli()));
                return new Answer(200, envelope(OkxBook.JSON.createArrayNode().add(row)));
            }
            if (route.equals("GET " + CANDLES)) {
                return new Answer(200, envelope(candles(request.query())));
            }
            if (route.equals("GET " + INSTRUMENTS)) {
                return new Answer(200, envelope(book.instruments(request.query())));
            }
            OkxAccount account = authenticate(request);
            ArrayNode data = switch (route) {
                case "GET " + CONFIG -> book.config(account);
                case "GET " + BALANCE -> book.balance(account, request.query());
                case "GET " + POSITIONS -> book.positions(account, request.query());
                case "GET " + FUNDING_BALANCES -> book.fundingBalances(account, request.query());
                case "GET " + SUB_ACCOUNT_BALANCES -> book.subAccountBalances(account, request.query());
                case "POST " + TRANSFER -> book.transfer(account, json(request.body()));
                case "GET " + TRANSFER_STATE -> book.transferState(account, request.query());
                case "POST " + MARGIN_BALANCE -> book.marginBalance(account, json(request.body()));
                case "GET " + BILLS -> book.bills(account, request.query());
                case "GET " + POSITIONS_HISTORY -> book.positionsHistory(account, request.query());
                case "GET " + BILLS_ARCHIVE -> book.billsArchive(account, request.query());
                default -> throw new OkxBook.ApiError(404, "50000", "Body can not be empty");
            };
            return new Answer(200, envelope(data));
        } catch (OkxBook.ApiError e) {
            return error(e.status, e.code, e.getMessage());
        } catch (RuntimeException e) {
            return error(500, "50026", "System error. Try again later");
        }
    }

    /**
     * OKX's checks, written apart from the client's signer: the key, the environment, the
     * timestamp's format and window, the passphrase, then the signature compared as bytes.
     */
    private OkxAccount authenticate(Request request) {
        String key = request.header("OK-ACCESS-KEY");
        OkxAccount account = key == null ? null : book.account(key);
        if (account == null) {
            throw new OkxBook.ApiError(401, "50111", "Invalid OK-ACCESS-KEY");
        }
        if (account.demo != "1".equals(request.header("x-simulated-trading"))) {
            throw new OkxBook.ApiError(401, "50101", "APIKey does not match current environment");
        }
        String timestamp = request.header("OK-ACCESS-TIMESTAMP");
        Instant sent;
        try {
            if (timestamp == null || !ISO_MILLIS.matcher(timestamp).matches()) {
                throw new DateTimeParseException("shape", String.valueOf(timestamp), 0);
            }
            sent = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new OkxBook.ApiError(401, "50112", "Invalid OK-ACCESS-TIMESTAMP");
        }
        if (Duration.between(sent, now()).abs().compareTo(TIMESTAMP_WINDOW) > 0) {
            throw new OkxBook.ApiError(401, "50102", "Timestamp request expired");
        }
        if (!account.passphrase.equals(request.header("OK-ACCESS-PASSPHRASE"))) {
            throw new OkxBook.ApiError(401, "50105", "Invalid OK-ACCESS-PASSPHRASE");
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(String.valueOf(request.header("OK-ACCESS-SIGN")));
        } catch (IllegalArgumentException e) {
            throw new OkxBook.ApiError(401, "50113", "Invalid Sign");
        }
        byte[] expected = hmac(account.secret,
                timestamp + request.method().toUpperCase(Locale.ROOT) + request.requestPath() + request.body());
        if (!MessageDigest.isEqual(expected, claimed)) {
            throw new OkxBook.ApiError(401, "50113", "Invalid Sign");
        }
        return account;
    }

    private static byte[] hmac(String secret, String prehash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(prehash.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            JsonNode node = OkxBook.JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new OkxBook.ApiError(400, "50002", "JSON syntax error");
    }

    /** {@code [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]} per minute, newest first; the last one forming. */
    private ArrayNode candles(Map<String, String> query) {
        String instId = query.get("instId");
        if (instId == null || !markHistory.knows(instId)) {
            throw new OkxBook.ApiError(400, "51001", "Instrument ID does not exist");
        }
        if (!"1m".equals(query.get("bar"))) {
            throw new OkxBook.ApiError(400, "51000", "Parameter bar error");
        }
        String limit = query.get("limit");
        List<MarkHistory.Bar> bars = markHistory.lastMinutes(instId, limit == null ? 100 : Math.min(300,
                Integer.parseInt(limit)));
        ArrayNode data = OkxBook.JSON.createArrayNode();
        for (int i = bars.size() - 1; i >= 0; i--) {
            MarkHistory.Bar bar = bars.get(i);
            data.addArray().add(Long.toString(bar.openTime().toEpochMilli())).add(bar.open().toPlainString())
                    .add(bar.high().toPlainString()).add(bar.low().toPlainString()).add(bar.close().toPlainString())
                    .add("0").add("0").add("0").add(i == bars.size() - 1 ? "0" : "1");
        }
        return data;
    }

    private static String envelope(ArrayNode data) {
        ObjectNode body = OkxBook.JSON.createObjectNode();
        body.put("code", "0");
        body.put("msg", "");
        body.set("data", data);
        return body.toString();
    }

    private static Answer error(int status, String code, String msg) {
        ObjectNode body = OkxBook.JSON.createObjectNode();
        body.put("code", code);
        body.put("msg", msg);
        body.set("data", OkxBook.JSON.createArrayNode());
        return new Answer(status, body.toString());
    }

    private static Request read(HttpExchange http) throws IOException {
        String rawPath = http.getRequestURI().getRawPath();
        String rawQuery = http.getRequestURI().getRawQuery();
        Map<String, String> headers = new HashMap<>();
        http.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Request(http.getRequestMethod(), rawPath, rawQuery == null ? rawPath : rawPath + "?" + rawQuery,
                query, headers, body);
    }

    private static void send(HttpExchange http, Answer answer, String contentType) throws IOException {
        sendRaw(http, answer.status(), contentType, answer.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void sendRaw(HttpExchange http, int status, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
