package dev.margintopup.dialect;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers each request with a venue's recorded answer for its path, byte for byte, over real
 * HTTP on the loopback address: the adapter reads exactly the field set, types and empty strings
 * the venue sends. It checks no signature and keeps no state; a path without a recording is a 404.
 */
public final class RecordedVenue implements AutoCloseable {

    private final String venue;
    private final Map<String, byte[]> answers = new HashMap<>();
    private final LoopbackServer http;

    private RecordedVenue(String venue) {
        this.venue = venue;
        this.http = LoopbackServer.start(venue, 0, this::answer);
    }

    /** A server for {@code venue}'s recordings under {@code recorded/<venue>/} on the test class path. */
    public static RecordedVenue of(String venue) {
        return new RecordedVenue(venue);
    }

    /** Answers {@code method path} (any query) with the recording {@code recorded/<venue>/<file>}. */
    public RecordedVenue answer(String method, String path, String file) {
        String resource = "/recorded/" + venue + "/" + file;
        try (InputStream in = RecordedVenue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + resource);
            }
            answers.put(method + " " + path, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    private void answer(HttpExchange exchange) {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The caller went away; there is no one to answer.
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
