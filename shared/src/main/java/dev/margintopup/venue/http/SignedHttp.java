package dev.margintopup.venue.http;

import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The one way every venue adapter talks to its venue: signed sending, the venue's clock, and the
 * retry after a timestamp refusal. A request the venue refuses for its timestamp was refused
 * before anything executed, so after re-syncing with the venue's public clock it is sent once
 * more; a second refusal stands. Each venue contributes only a {@link Dialect}: how it signs, how
 * it says "timestamp outside the window", and where its clock is.
 *
 * @param <R> the venue's own view of an answer, built by its dialect from the HTTP response
 */
public final class SignedHttp<R> {

    /** One request as the adapter means it: its endpoint (for messages), its path with query, and its body. */
    public record Call(String method, String endpoint, String pathWithQuery, String body) {

        public Call {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(pathWithQuery, "pathWithQuery");
            body = body == null ? "" : body;
        }

        public static Call get(String endpoint, String pathWithQuery) {
            return new Call("GET", endpoint, pathWithQuery, "");
        }
    }

    /** What a signature adds to a call: the path and query actually sent, and the headers. */
    public record Signature(String pathWithQuery, Map<String, String> headers) {}

    /** What one venue contributes. */
    public interface Dialect<R> {

        /** Signs the call for the given venue time (epoch ms). */
        Signature sign(Call call, long venueMillis);

        /** The venue's own view of an answer, before anyone decides what it means. */
        R reply(HttpResponse<String> response);

        /** The venue's error code in the answer, or {@code null} where it has none. */
        String code(R reply);

        /** The venue's time in epoch ms, read from its clock endpoint's answer; a bad answer throws. */
        default long venueMillis(String clockPath, R reply) {
            throw new IllegalStateException("the venue has no clock endpoint " + clockPath);
        }
    }

    /**
     * How a venue refuses a stale timestamp and where its clock is.
     *
     * @param refusedCode the venue's code for "timestamp outside the receive window"
     * @param receiveWindowMillis the window the venue checks our timestamp against, for messages
     * @param clockPathOf the public endpoint whose answer gives the venue's clock for requests to an
     *     endpoint (a venue with several hosts has one per host); {@code null} where there is none
     */
    public record Timestamps(String refusedCode, long receiveWindowMillis, UnaryOperator<String> clockPathOf) {}

    private final String venue;
    private final Dialect<R> dialect;
    private final UnaryOperator<String> hostOf;
    private final Timestamps timestamps;
    private final Clock clock;
    private final Wire wire;
    private final PublicHttp<R> publicHttp;
    /** Venue time minus our clock, per clock endpoint, learnt at the last re-sync; 0 until one was needed. */
    private final Map<String, AtomicLong> offsets = new ConcurrentHashMap<>();

    /** @param hostOf the base URL for an endpoint (most venues have one host for everything) */
    public SignedHttp(String venue, Dialect<R> dialect, UnaryOperator<String> hostOf, Timestamps timestamps,
            Connection connection) {
        this.venue = Objects.requireNonNull(venue, "venue");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.hostOf = Objects.requireNonNull(hostOf, "hostOf");
        this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
        this.clock = connection.clock();
        this.wire = new Wire(venue, connection.http(), connection.requestTimeout(), connection.redaction());
        this.publicHttp = new PublicHttp<>(venue, hostOf, dialect::reply, connection.http(), connection.requestTimeout(),
                connection.redaction());
    }

    /** Our clock corrected by what the venue's clock for {@code endpoint} taught us, in epoch ms. */
    public long venueMillis(String endpoint) {
        return clock.millis() + offset(endpoint).get();
    }

    public Instant venueNow(String endpoint) {
        return Instant.ofEpochMilli(venueMillis(endpoint));
    }

    /**
     * Sends one signed call and returns the venue's answer, whatever it says, except that a
     * timestamp refusal is re-synced and retried once, and one that stands is thrown as TIMESTAMP.
     */
    public R send(Call call) {
        R reply = sendSigned(call);
        String clockPath = timestamps.clockPathOf().apply(call.endpoint());
        if (!refused(reply) || clockPath == null) {
            return reply;
        }
        resync(call.endpoint(), clockPath);
        reply = sendSigned(call);
        if (refused(reply)) {
            throw new VenueException(Kind.TIMESTAMP, venue, call.endpoint(), timestamps.refusedCode(),
                    "still outside the " + timestamps.receiveWindowMillis() + " ms receive window after re-syncing with "
                            + clockPath + " (offset " + offset(call.endpoint()).get() + " ms); nothing was applied."
                            + " Check the clock of the machine running this");
        }
        return reply;
    }

    /** One unsigned GET of a public endpoint, such as the venue's clock. */
    public R get(String endpoint, String pathWithQuery) {
        return publicHttp.get(endpoint, pathWithQuery);
    }

    private R sendSigned(Call call) {
        Signature signature = dialect.sign(call, venueMillis(call.endpoint()));
        HttpRequest.Builder request = wire.request(hostOf.apply(call.endpoint()) + signature.pathWithQuery())
                .method(call.method(), Wire.body(call.body()));
        signature.headers().forEach(request::header);
        return dialect.reply(wire.send(call.endpoint(), request.build()));
    }

    /** Keeps the venue's time minus the middle of the round trip to its clock. */
    private void resync(String endpoint, String clockPath) {
        long before = clock.millis();
        long venueTime;
        try {
            venueTime = dialect.venueMillis(clockPath, get(clockPath, clockPath));
        } catch (VenueException e) {
            throw new VenueException(Kind.TIMESTAMP, venue, endpoint, timestamps.refusedCode(),
                    "outside the receive window, and the venue's time could not be read from " + clockPath
                            + " to re-sync: " + e.getMessage(), e);
        }
        long after = clock.millis();
        offset(endpoint).set(venueTime - (before + (after - before) / 2));
    }

    private boolean refused(R reply) {
        return timestamps.refusedCode().equals(dialect.code(reply));
    }

    private AtomicLong offset(String endpoint) {
        String clockPath = timestamps.clockPathOf().apply(endpoint);
        return offsets.computeIfAbsent(clockPath == null ? "" : clockPath, path -> new AtomicLong());
    }
}
