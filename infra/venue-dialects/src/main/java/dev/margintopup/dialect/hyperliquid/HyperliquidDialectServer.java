package dev.margintopup.dialect.hyperliquid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.margintopup.dialect.FaultQueue;
import dev.margintopup.dialect.LoopbackServer;
import dev.margintopup.dialect.Replies;
import dev.margintopup.dialect.SpoiledAnswer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking Hyperliquid's API for what margin top-up uses: {@code POST /info}
 * ({@code meta}, {@code clearinghouseState}, {@code spotClearinghouseState},
 * {@code userNonFundingLedgerUpdates}, and {@code candleSnapshot} of one-minute candles built from
 * the marks it was given) and {@code POST /exchange} ({@code usdClassTransfer} both ways
 * and {@code updateIsolatedMargin} adding or removing, nothing else; money leaves the perp balance or
 * an isolated position only as far as their initial margin leaves free). Every action's signer is recovered from its
 * signature ({@link SignatureRecovery}) and must be the account (or, for an L1 action, one of its
 * API wallets); nonces follow the venue's rules; refusals come as
 * {@code {"status":"err","response":"..."}}; faults can be played on demand. There is no
 * withdrawal or send action. Listens on 127.0.0.1 only.
 */
public final class HyperliquidDialectServer implements AutoCloseable {

    public static final String INFO = "/info";
    public static final String EXCHANGE = "/exchange";
    public static final String USD_CLASS_TRANSFER = "usdClassTransfer";
    public static final String UPDATE_ISOLATED_MARGIN = "updateIsolatedMargin";
    /** The info request type of public one-minute candles, served from the marks this server was given. */
    public static final String CANDLE_SNAPSHOT = "candleSnapshot";

    private static final byte[] GATEWAY_PAGE = """
            <html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>
            """.getBytes(StandardCharsets.UTF_8);

    private final LoopbackServer http;
    private final Clock clock;
    private final boolean mainnet;
    private final HyperliquidBook book;
    private final FaultQueue<HyperliquidFault> faults = new FaultQueue<>(HyperliquidFault::request,
            HyperliquidFault::remaining, HyperliquidFault::times);
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

    private HyperliquidDialectServer(int port, Clock clock, boolean mainnet) {
        this.clock = clock;
        this.mainnet = mainnet;
        this.book = new HyperliquidBook(clock::instant);
        this.http = LoopbackServer.start("Hyperliquid", port, this::handle);
    }

    /** A mainnet-signing server on {@code port}, or on a free port when it is 0. */
    public static HyperliquidDialectServer start(int port) {
        return new HyperliquidDialectServer(port, Clock.systemUTC(), true);
    }

    /** @param mainnet whether actions must be signed for mainnet (source "a", chain Mainnet) or testnet */
    public static HyperliquidDialectServer start(int port, Clock clock, boolean mainnet) {
        return new HyperliquidDialectServer(port, clock, mainnet);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- in-process seeding and inspection ----

    public void seedAccount(HyperliquidAccount account) {
        book.seed(account);
    }

    /** Lists a coin in the perp universe (its index is the order of listing). */
    public void list(String coin, int maxLeverage) {
        book.listed(coin, maxLeverage);
    }

    public void setMarkPrice(String coin, String price) {
        setMarkPrice(coin, price, clock.instant());
    }

    /** As {@link #setMarkPrice(String, String)}, and a candle of {@code at}'s minute. */
    public void setMarkPrice(String coin, String price, Instant at) {
        book.setMark(coin, new BigDecimal(price), at);
    }

    /** A fresh private key for a test account: 32 random bytes below the curve order. */
    public static String freshKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        key[0] &= 0x7f;
        return "0x" + java.util.HexFormat.of().formatHex(key);
    }

    /** The address a private key signs as, derived here independently of any client. */
    public static String addressOf(String privateKey) {
        return SignatureRecovery.addressOfKey(privateKey);
    }

    public List<LedgerEntry> transfers(String address) {
        return book.ledger(address.toLowerCase(Locale.ROOT));
    }

    public List<IsolatedAdd> isolatedAdds(String address) {
        return book.adds(address.toLowerCase(Locale.ROOT));
    }

    public BigDecimal spotBalance(String address) {
        return book.spot(address.toLowerCase(Locale.ROOT));
    }

    public BigDecimal perpBalance(String address) {
        return book.perp(address.toLowerCase(Locale.ROOT));
    }

    public BigDecimal isolatedMargin(String address, String coin) {
        return book.isolatedMargin(address.toLowerCase(Locale.ROOT), coin);
    }

    /** Records a nonce as used by {@code signer}, as another client of the same key would. */
    public void useNonce(String signer, long nonce) {
        book.useNonce(signer, nonce);
    }

    public void injectFault(HyperliquidFault fault) {
        faults.add(fault);
    }

    /** Requests received so far per kind (action type or info type), faulted ones included: what a call budget counts. */
    public java.util.SortedMap<String, Integer> requestCounts() {
        java.util.SortedMap<String, Integer> counts = new java.util.TreeMap<>();
        requestCounts.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /** Requests received of one kind (action type or info type), faulted ones included. */
    public int requestCount(String request) {
        AtomicInteger count = requestCounts.get(request);
        return count == null ? 0 : count.get();
    }

    // ---- HTTP ----

    private record Answer(int status, String body) {}

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!"POST".equals(exchange.getRequestMethod()) || !(path.equals(INFO) || path.equals(EXCHANGE))) {
                send(exchange, new Answer(404, ""), "text/plain");
                return;
            }
            JsonNode request = parse(body);
            String kind = request == null ? "(unreadable)" : path.equals(INFO) ? request.path("type").asText("")
                    : request.path("action").path("type").asText("");
            requestCounts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            HyperliquidFault fault = faults.next(kind);
            if (fault == null) {
                send(exchange, answer(path, request), "application/json");
                return;
            }
            play(exchange, path, request, fault);
        } catch (IOException | RuntimeException e) {
            // The caller went away, or the answer could not be written; nothing more to do.
        }
    }

    private void play(HttpExchange exchange, String path, JsonNode request, HyperliquidFault fault) throws IOException {
        switch (fault.type()) {
            case LOSE_RESPONSE -> {
                answer(path, request);
                exchange.close(); // applied, and the caller sees only a dropped connection
            }
            case HTTP_500 -> Replies.send(exchange, 500, "text/plain", new byte[0]);
            case RATE_LIMIT -> Replies.send(exchange, 429, "text/plain", "Too Many Requests".getBytes(StandardCharsets.UTF_8));
            case GATEWAY_PAGE -> Replies.send(exchange, 502, "text/html", GATEWAY_PAGE);
            case EMPTY_BODY -> Replies.send(exchange, 200, "application/json", new byte[0]);
            case HTML_PAGE -> Replies.send(exchange, 200, "text/html", GATEWAY_PAGE);
            case APPLIED_HTML_PAGE -> {
                answer(path, request);
                Replies.send(exchange, 200, "text/html", GATEWAY_PAGE);
            }
            case APPLIED_MISSING_FIELD, APPLIED_RETYPED -> {
                JsonNode body = HyperliquidBook.JSON.readTree(answer(path, request).body());
                if (fault.type() == HyperliquidFault.Type.APPLIED_MISSING_FIELD) {
                    SpoiledAnswer.remove(body, fault.field());
                } else {
                    SpoiledAnswer.retype(body, fault.field());
                }
                send(exchange, new Answer(200, body.toString()), "application/json");
            }
            case MISSING_FIELD, NON_NUMERIC -> {
                // An action is not applied: what the caller gets is the shape of a success, broken.
                JsonNode shape = path.equals(EXCHANGE) ? ok() : HyperliquidBook.JSON.readTree(answer(path, request).body());
                ObjectNode holder = SpoiledAnswer.holderOf(shape, fault.field());
                if (holder != null) {
                    if (fault.type() == HyperliquidFault.Type.MISSING_FIELD) {
                        holder.remove(fault.field());
                    } else {
                        holder.put(fault.field(), "abc");
                    }
                }
                send(exchange, new Answer(200, shape.toString()), "application/json");
            }
        }
    }

    private Answer answer(String path, JsonNode request) {
        if (request == null || !request.isObject()) {
            return new Answer(422, "Failed to deserialize the JSON body into the target type");
        }
        try {
            if (path.equals(INFO)) {
                return new Answer(200, book.info(request).toString());
            }
            act(request);
            return new Answer(200, ok().toString());
        } catch (HyperliquidBook.Refused e) {
            ObjectNode err = HyperliquidBook.JSON.createObjectNode();
            err.put("status", "err");
            err.put("response", e.getMessage());
            return new Answer(200, err.toString());
        } catch (SignatureRecovery.Unreadable e) {
            return new Answer(422, "Failed to deserialize the JSON body into the target type: " + e.getMessage());
        }
    }

    /** Recovers the signer, then applies the action as that signer. */
    private void act(JsonNode request) {
        JsonNode action = request.path("action");
        JsonNode nonceNode = request.path("nonce");
        JsonNode signature = request.path("signature");
        if (!action.isObject() || !nonceNode.canConvertToLong() || !signature.isObject()) {
            throw new SignatureRecovery.Unreadable("action, nonce and signature are required");
        }
        if (!request.path("vaultAddress").isMissingNode() && !request.path("vaultAddress").isNull()) {
            throw new HyperliquidBook.Refused("Vault and sub-account actions are not served here");
        }
        long nonce = nonceNode.asLong();
        String type = action.path("type").asText("");
        switch (type) {
            case USD_CLASS_TRANSFER -> book.usdClassTransfer(
                    SignatureRecovery.signer(SignatureRecovery.usdClassTransferDigest(action), signature), action,
                    nonce, mainnet);
            case UPDATE_ISOLATED_MARGIN -> book.updateIsolatedMargin(
                    SignatureRecovery.signer(SignatureRecovery.l1Digest(action, nonce, mainnet), signature), action,
                    nonce);
            default -> throw new HyperliquidBook.Refused("Unknown or unsupported action type " + type);
        }
    }

    private static ObjectNode ok() {
        ObjectNode ok = HyperliquidBook.JSON.createObjectNode();
        ok.put("status", "ok");
        ok.putObject("response").put("type", "default");
        return ok;
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? null : HyperliquidBook.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, Answer answer, String contentType) throws IOException {
        Replies.send(exchange, answer.status(), contentType, answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
