package dev.margintopup.venue.http;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one unsigned request every venue's public endpoints share: its clock, its market data (a GET
 * with a query, or where the venue asks for it a JSON POST). No key goes with it, and no answer is
 * taken for anything but what the venue's reader makes of it.
 *
 * @param <R> the venue's own view of an answer
 */
public final class PublicHttp<R> {

    private final UnaryOperator<String> hostOf;
    private final Function<HttpResponse<String>, R> reply;
    private final Wire wire;
    private final Redaction redaction;

    /** @param hostOf the base URL for an endpoint (most venues have one host for everything) */
    public PublicHttp(String venue, UnaryOperator<String> hostOf, Function<HttpResponse<String>, R> reply,
            HttpClient http, Duration requestTimeout, Redaction redaction) {
        this.hostOf = Objects.requireNonNull(hostOf, "hostOf");
        this.reply = Objects.requireNonNull(reply, "reply");
        this.wire = new Wire(venue, http, requestTimeout, redaction);
        this.redaction = redaction;
    }

    /** For market data: one host, no key, so nothing but signature shapes to scrub from messages. */
    public static <R> PublicHttp<R> withoutKey(String venue, String baseUrl, Function<HttpResponse<String>, R> reply,
            HttpClient http, Duration requestTimeout) {
        return new PublicHttp<>(venue, endpoint -> baseUrl, reply, Objects.requireNonNull(http, "http"),
                Objects.requireNonNull(requestTimeout, "requestTimeout"), Redaction.withoutKey());
    }

    public Redaction redaction() {
        return redaction;
    }

    /** Whatever the venue answered; no answer at all is OUTCOME_UNKNOWN (see {@link Wire}). */
    public R get(String endpoint, String pathWithQuery) {
        return reply.apply(wire.send(endpoint, wire.request(hostOf.apply(endpoint) + pathWithQuery).GET().build()));
    }

    /** As {@link #get}, for a venue whose public reads are a JSON body posted to one path. */
    public R post(String endpoint, String path, String json) {
        return reply.apply(wire.send(endpoint, wire.request(hostOf.apply(endpoint) + path)
                .header("Content-Type", "application/json").POST(Wire.body(json)).build()));
    }

    /** A page size a venue's endpoint accepts: from 1 to its maximum, else the caller has a bug. */
    public static int limit(int count, int max) {
        if (count < 1 || count > max) {
            throw new IllegalArgumentException("count must be from 1 to " + max + ", was " + count);
        }
        return count;
    }
}
