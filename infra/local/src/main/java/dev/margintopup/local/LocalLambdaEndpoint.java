package dev.margintopup.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's {@code Invoke} API on loopback, for what the emulator cannot run: moto's own Lambda
 * needs Docker, and so does {@code sam local start-lambda}. It serves
 * {@code POST /2015-03-31/functions/{name}/invocations} to the real AWS SDK client: an
 * {@code Event} invocation is answered 202 at once and its handler runs afterwards, in arrival
 * order, one at a time (one warm container); a {@code RequestResponse} one runs before the 200; a
 * {@code DryRun} is answered 204 and runs nothing.
 * Functions are registered by name or ARN with an in-process handler; a test can have the next
 * invocations throttled (429 TooManyRequestsException, as Lambda answers) and every answer delayed
 * (a real region's round trip).
 */
public final class LocalLambdaEndpoint implements AutoCloseable {

    private static final Pattern INVOKE_PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");

    /** One invocation Lambda accepted, and what its handler returned once it ran. */
    public record Invocation(String function, String invocationType, String payload, CompletableFuture<String> result) {

        /** The handler's result; for an {@code Event} invocation, after {@link #awaitIdle}. */
        public String resultNow() {
            return result.getNow(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService api;
    private final ExecutorService container = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "local-lambda-container");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Function<String, String>> functions = new ConcurrentHashMap<>();
    private final List<Invocation> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger dryRuns = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean holding;
    private final List<Held> held = new java.util.ArrayList<>();

    private record Held(Invocation invocation, Runnable run) {}

    private LocalLambdaEndpoint(HttpServer server, ExecutorService api) {
        this.server = server;
        this.api = api;
    }

    /** Starts on a free loopback port, serving requests on {@code threads} threads. */
    public static LocalLambdaEndpoint start(int threads) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService api = Executors.newFixedThreadPool(threads, r -> {
                Thread thread = new Thread(r, "local-lambda-api");
                thread.setDaemon(true);
                return thread;
            });
            LocalLambdaEndpoint endpoint = new LocalLambdaEndpoint(server, api);
            server.createContext("/", endpoint::handle);
            server.setExecutor(api);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Lambda endpoint", e);
        }
    }

    /** Where an SDK client's {@code endpointOverride} points. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Registers a function under its name or ARN (an alias ARN included): payload in, result out. */
    public LocalLambdaEndpoint function(String nameOrArn, Function<String, String> handler) {
        functions.put(nameOrArn, handler);
        return this;
    }

    /** The next {@code invocations} invoke requests are answered 429, as Lambda throttles. */
    public void throttleNext(int invocations) {
        throttleNext.set(invocations);
    }

    /** Every answer waits this long first: a region's round trip instead of loopback's. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    public List<Invocation> accepted() {
        return List.copyOf(accepted);
    }

    /** Invoke requests answered 429 so far. */
    public int throttled() {
        return throttled.get();
    }

    /** {@code DryRun} invokes answered so far (204, nothing run). */
    public int dryRuns() {
        return dryRuns.get();
    }

    public void clear() {
        accepted.clear();
        throttled.set(0);
        dryRuns.set(0);
    }

    /**
     * From now on an accepted {@code Event} invocation waits for {@link #runHeld}: Lambda promises no
     * order among asynchronous invocations, and a caller may pick one.
     */
    public void holdEvents() {
        holding = true;
    }

    /** Runs the held {@code Event} invocations in {@code order}, one at a time, and waits until they have. */
    public void runHeld(java.util.Comparator<Invocation> order, Duration timeout) {
        List<Held> batch;
        synchronized (held) {
            batch = new java.util.ArrayList<>(held);
            held.clear();
        }
        batch.sort(java.util.Comparator.comparing(Held::invocation, order));
        batch.forEach(h -> container.submit(h.run()));
        awaitIdle(timeout);
    }

    /** Waits until every accepted {@code Event} invocation has run. */
    public void awaitIdle(Duration timeout) {
        try {
            container.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the local Lambda container did not finish within " + timeout, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis());
            }
            Matcher path = INVOKE_PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                error(exchange, 400, "InvalidRequestContentException", "only Invoke is served here");
                return;
            }
            String name = path.group(1);
            Function<String, String> handler = functions.get(name);
            if (handler == null) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + name);
                return;
            }
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throttled.incrementAndGet();
                error(exchange, 429, "TooManyRequestsException", "Rate Exceeded.");
                return;
            }
            String type = headerOr(exchange, "X-Amz-Invocation-Type", "RequestResponse");
            if (type.equals("DryRun")) {
                dryRuns.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            Invocation invocation = new Invocation(name, type, new String(body, StandardCharsets.UTF_8),
                    new CompletableFuture<>());
            accepted.add(invocation);
            if (type.equals("Event")) {
                Runnable run = () -> invocation.result().complete(handler.apply(invocation.payload()));
                if (holding) {
                    synchronized (held) {
                        held.add(new Held(invocation, run));
                    }
                } else {
                    container.submit(run);
                }
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            String answer = handler.apply(invocation.payload());
            invocation.result().complete(answer);
            byte[] result = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Amz-Executed-Version", "1");
            exchange.sendResponseHeaders(200, result.length);
            exchange.getResponseBody().write(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String headerOr(HttpExchange exchange, String name, String fallback) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? fallback : value;
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] body = ("{\"Type\":\"User\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        api.shutdownNow();
        container.shutdownNow();
    }
}
