package dev.margintopup.dialect;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP plumbing every dialect server shares: bound to the loopback address only, one virtual
 * thread per request (adapters under test send concurrent requests), stopped at once on close.
 */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers;

    private LoopbackServer(HttpServer server, HttpHandler handler) {
        this.server = server;
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(workers);
        server.createContext("/", handler);
        server.start();
    }

    /**
     * Starts serving {@code handler} on {@code port} (0 picks a free one).
     *
     * @param venue the venue's name, for the error when the port cannot be had
     */
    public static LoopbackServer start(String venue, int port, HttpHandler handler) {
        try {
            return new LoopbackServer(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0), handler);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is in use; pass another port or 0", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the " + venue + " dialect server on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
