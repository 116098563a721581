package dev.margintopup.venue.http;

import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One venue's side of the wire: builds requests with our timeout and sends them. Anything that
 * leaves us without an answer (timeout, reset, refused connection) is OUTCOME_UNKNOWN, because
 * the request may have reached the venue and moved money.
 */
public final class Wire {

    private final String venue;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Redaction redaction;

    public Wire(String venue, HttpClient http, Duration requestTimeout, Redaction redaction) {
        this.venue = venue;
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.redaction = redaction;
    }

    /** A request to {@code url} over HTTP/1.1, bounded by our timeout, asking for JSON. */
    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(requestTimeout)
                .header("Accept", "application/json");
    }

    /**
     * A venue's base URL without a trailing slash, checked now: a bad endpoint fails at
     * configuration, not on the first transfer.
     */
    public static String baseUrl(String url) {
        String base = url.strip();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        URI.create(base);
        return base;
    }

    /** The account item's {@code venueEndpoint} as a base URL, or the venue's own address where it gives none. */
    public static String baseUrl(String configured, String venueAddress) {
        return baseUrl(configured == null || configured.isBlank() ? venueAddress : configured);
    }

    /** The body of a request: nothing at all when empty, else the text as UTF-8. */
    public static HttpRequest.BodyPublisher body(String body) {
        return body.isEmpty()
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    /** Sends the request and waits for the answer, whatever its status. */
    public HttpResponse<String> send(String endpoint, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw unknown(endpoint, "no answer within " + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw unknown(endpoint, "connection failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unknown(endpoint, "interrupted while waiting for the answer", e);
        }
    }

    private VenueException unknown(String endpoint, String message, Exception cause) {
        String detail = cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
        return new VenueException(Kind.OUTCOME_UNKNOWN, venue, endpoint, null, redaction.scrub(message + detail), cause);
    }
}
