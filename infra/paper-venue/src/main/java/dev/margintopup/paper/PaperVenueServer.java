package dev.margintopup.paper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful local exchange over real HTTP, for integration tests and the local runner. It
 * speaks a small signed API shaped like the real venues' (read margin, transfer between one
 * key's own wallets, look transfers up) and a public kline route, runs a liquidation engine on
 * every mark price change (through a minute's wick when it is given one),
 * and can play faults on demand so that exactly-once transfers can be proven over a real wire.
 *
 * <p>Listens on 127.0.0.1 only: it holds no real money, but it takes unsigned admin calls.
 */
public final class PaperVenueServer implements AutoCloseable {

    private static final String USAGE = """
            Usage: paper-venue [--port N] [--help]

            Runs the paper venue on 127.0.0.1 until killed.
              --port N   port to listen on; 0 picks a free one (default 8787)
              --help     print this help
            """;
    private static final int DEFAULT_PORT = 8787;
    /** What a venue's load balancer serves during maintenance: HTML, not the API's JSON. */
    private static final byte[] MAINTENANCE_PAGE = """
            <!DOCTYPE html>
            <html><head><title>503 Service Unavailable</title></head>
            <body><h1>Down for maintenance</h1><p>The system is under maintenance. Please try again later.</p></body>
            </html>
            """.getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService workers;
    private final PaperExchange exchange;
    private final FaultPlan faults = new FaultPlan();
    private final ApiRoutes api;
    private final AdminRoutes admin;
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

    private PaperVenueServer(HttpServer server, Clock clock) {
        this.server = server;
        this.exchange = new PaperExchange(clock);
        this.api = new ApiRoutes(exchange);
        this.admin = new AdminRoutes(exchange, faults);
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on {@code port}, or on a free port when it is 0. */
    public static PaperVenueServer start(int port) {
        return start(port, Clock.systemUTC());
    }

    /** Starts with the venue's clock, which stamps snapshots and transfers and checks request timestamps. */
    public static PaperVenueServer start(int port, Clock clock) {
        try {
            return new PaperVenueServer(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0), clock);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is in use; pass another --port or 0", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the paper venue on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    // ---- in-process admin API, for tests in the same JVM ----

    public void seedAccount(PaperAccount account) {
        exchange.seed(account);
    }

    /** Moves the mark and runs the liquidation engine; returns the positions it closed. */
    public List<LiquidationRecord> setMarkPrice(String symbol, BigDecimal price) {
        return exchange.setMarkPrice(symbol, price);
    }

    /**
     * Moves the mark at a moment of a simulated clock: the mark joins that minute's candle, so a
     * runner playing simulated time keeps the venue's klines on its own minutes.
     */
    public List<LiquidationRecord> setMarkPrice(String symbol, BigDecimal price, Instant at) {
        return exchange.setMarkPrice(symbol, price, at);
    }

    public List<LiquidationRecord> setMarkPrice(String symbol, String price) {
        return setMarkPrice(symbol, new BigDecimal(price));
    }

    /**
     * Plays one minute of the mark, open → nearer extreme → other extreme → close, running the
     * liquidation engine at each; returns the positions it closed, each at the mark that closed it.
     */
    public List<LiquidationRecord> playBar(String symbol, PriceBar bar) {
        return exchange.playBar(symbol, bar);
    }

    /** The last {@code limit} one-minute candles the venue's mark made in {@code symbol}, oldest first. */
    public List<PriceBar> candles(String symbol, int limit) {
        return exchange.candles(symbol, limit);
    }

    /** Queues a fault; the returned id withdraws it with {@link #withdrawFault}. */
    public String injectFault(Fault fault) {
        return faults.add(fault);
    }

    /** Withdraws one queued fault, such as an unlimited one whose time is over; false when it is gone already. */
    public boolean withdrawFault(String id) {
        return faults.remove(id);
    }

    public void clearFaults() {
        faults.clear();
    }

    public List<TransferRecord> transfers(String apiKey) {
        return exchange.transfers(apiKey);
    }

    public List<LiquidationRecord> liquidations(String apiKey) {
        return exchange.liquidations(apiKey);
    }

    public BigDecimal walletBalance(String apiKey, Wallet wallet, String asset) {
        return exchange.walletBalance(apiKey, wallet, asset);
    }

    /** The position's isolated margin; zero once the position is closed (its margin went with it). */
    public BigDecimal isolatedMargin(String apiKey, String symbol) {
        return exchange.positions(apiKey).stream()
                .filter(p -> p.symbol().equals(symbol) && p.marginType() == MarginType.ISOLATED)
                .map(PaperPosition::isolatedMargin)
                .findFirst()
                .orElse(BigDecimal.ZERO);
    }

    public List<PaperPosition> positions(String apiKey) {
        return exchange.positions(apiKey);
    }

    /** Requests received for this exact path (no query), faulted ones included. */
    public int requestCount(String path) {
        AtomicInteger count = requestCounts.get(path);
        return count == null ? 0 : count.get();
    }

    // ---- HTTP ----

    /**
     * Serves one exchange that did not come through the socket: the same routes, fault plan and
     * books as over HTTP. The fault simulator reaches the venue this way, thousands of histories a
     * minute, with its own exchange carrying the adapters' real requests.
     */
    public void serveInProcess(HttpExchange exchange) {
        handle(exchange);
    }

    private void handle(HttpExchange http) {
        try (http) {
            serve(http);
        } catch (IOException e) {
            // The caller went away; there is no one to answer.
        }
    }

    private void serve(HttpExchange http) throws IOException {
        try {
            ApiRequest request = ApiRequest.read(http);
            requestCounts.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
            if (request.path().startsWith(AdminRoutes.PREFIX)) {
                send(http, admin.handle(request));
                return;
            }
            Optional<Fault> fault = faults.next(request.path());
            if (fault.isPresent()) {
                playFault(http, request, fault.get());
                return;
            }
            send(http, api.handle(request));
        } catch (RuntimeException e) {
            sendQuietly(http, Reply.of(new ApiError(500, ApiError.INTERNAL, "internal error")));
        }
    }

    private void playFault(HttpExchange http, ApiRequest request, Fault fault) throws IOException {
        switch (fault.type()) {
            case LOSE_RESPONSE -> {
                api.handle(request);
                // Closing before any header is sent drops the connection: the request took effect,
                // and the caller sees only a broken connection.
                http.close();
            }
            case HTTP_500 -> send(http, Reply.of(new ApiError(500, ApiError.INTERNAL, "internal error")));
            case HTTP_429 -> {
                Reply throttled = Reply.of(new ApiError(429, ApiError.TOO_MANY_REQUESTS, "too many requests"));
                send(http, new Reply(429, throttled.body(), Map.of("Retry-After", "1")));
            }
            case HTTP_503 -> sendRaw(http, 503, "text/html; charset=utf-8", MAINTENANCE_PAGE, Map.of());
            case DELAY -> {
                if (hold(fault)) {
                    send(http, api.handle(request));
                }
            }
            case TIMEOUT -> {
                // Nothing is applied: a hung venue never got as far as the books. Closing without a
                // header drops the connection, long after a sensible caller has given up.
                hold(fault);
                http.close();
            }
        }
    }

    /** Sleeps for the fault's delay; false when the server is shutting down. */
    private static boolean hold(Fault fault) {
        try {
            Thread.sleep(fault.delay());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void send(HttpExchange http, Reply reply) throws IOException {
        byte[] body;
        try {
            body = PaperJson.MAPPER.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply the venue built itself must serialise", e);
        }
        sendRaw(http, reply.status(), "application/json", body, reply.headers());
    }

    private static void sendRaw(HttpExchange http, int status, String contentType, byte[] body,
            Map<String, String> headers) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach(http.getResponseHeaders()::set);
        http.sendResponseHeaders(status, body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendQuietly(HttpExchange http, Reply reply) {
        try {
            send(http, reply);
        } catch (IOException | RuntimeException e) {
            // Headers may already be out; closing the exchange is all that is left to do.
        }
    }

    // ---- command line ----

    public static void main(String[] args) throws InterruptedException {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        fail("--port needs a number");
                    }
                    port = parsePort(args[++i]);
                }
                default -> fail("unknown argument " + args[i]);
            }
        }
        PaperVenueServer venue;
        try {
            venue = start(port);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(venue::close, "paper-venue-shutdown"));
        System.out.println("paper venue listening on " + venue.baseUrl());
        new CountDownLatch(1).await();
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("--port must be a number from 0 to 65535, was " + text);
        return -1;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
