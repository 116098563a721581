package dev.margintopup.venue.okx;

import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.SignedHttp;
import dev.margintopup.venue.http.SignedHttp.Call;
import dev.margintopup.venue.http.SignedHttp.Signature;
import dev.margintopup.venue.http.Wire;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OKX's dialect of {@link SignedHttp}: Base64 HMAC headers with the key's passphrase, the
 * {@code {"code":"0","data":[...]}} envelope, demo trading as a header, and re-sync with
 * {@code /api/v5/public/time} after a 50102 (the request was refused before anything happened).
 */
final class OkxHttp implements SignedHttp.Dialect<OkxReply> {

    static final String PRODUCTION_URL = "https://www.okx.com";
    /**
     * OKX demo trading is the production host plus the header {@code x-simulated-trading: 1}; a
     * {@code venueEndpoint} ending in this query asks for it, since an endpoint is all an account
     * item can say.
     */
    static final String DEMO_QUERY = "x-simulated-trading=1";
    static final String TIME_PATH = "/api/v5/public/time";
    /** OKX's default: a request whose timestamp is more than 30 s off is refused. */
    static final long RECEIVE_WINDOW_MS = 30_000;

    private final boolean demoTrading;
    private final VenueCredentials credentials;
    private final Redaction redaction;
    private final SignedHttp<OkxReply> http;

    OkxHttp(Connection connection) {
        String url = connection.baseUrlOr(PRODUCTION_URL);
        this.demoTrading = url.endsWith("?" + DEMO_QUERY);
        String base = host(url);
        this.credentials = connection.credentials();
        this.redaction = connection.redaction();
        this.http = new SignedHttp<>(OkxV5Venue.NAME, this, endpoint -> base,
                new SignedHttp.Timestamps(OkxErrors.TIMESTAMP_EXPIRED, RECEIVE_WINDOW_MS, endpoint -> TIME_PATH),
                connection);
    }

    /** The base URL without the demo-trading query, which is sent as a header instead. */
    static String host(String url) {
        return Wire.baseUrl(url.endsWith("?" + DEMO_QUERY) ? url.substring(0, url.length() - DEMO_QUERY.length() - 1)
                : url);
    }

    Instant venueNow() {
        return http.venueNow(TIME_PATH);
    }

    /** A signed GET that must succeed; its body. */
    String get(String endpoint, String requestPath) {
        return checked(endpoint, send("GET", endpoint, requestPath, ""), false);
    }

    /** A signed request whose answer the caller reads, refusals included. */
    OkxReply send(String method, String endpoint, String requestPath, String body) {
        if (credentials.passphrase() == null || credentials.passphrase().isEmpty()) {
            throw new VenueException(Kind.CONFIG, OkxV5Venue.NAME, endpoint, null, "OKX keys need the passphrase"
                    + " chosen when the key was created; add it to the secret as passphrase");
        }
        return http.send(new Call(method, endpoint, requestPath, body));
    }

    private String checked(String endpoint, OkxReply reply, boolean moving) {
        return checked(endpoint, reply, redaction, moving);
    }

    /** The body of an answer with code "0"; any other is thrown as its kind. */
    static String checked(String endpoint, OkxReply reply, Redaction redaction, boolean moving) {
        if (!OkxErrors.ok(reply)) {
            throw OkxErrors.failure(endpoint, reply, redaction, moving);
        }
        return reply.body();
    }

    // ---- the dialect ----

    @Override
    public Signature sign(Call call, long venueMillis) {
        String timestamp = OkxSigner.timestamp(Instant.ofEpochMilli(venueMillis));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("OK-ACCESS-KEY", credentials.apiKey());
        headers.put("OK-ACCESS-SIGN", OkxSigner.sign(credentials.apiSecret(), timestamp, call.method(),
                call.pathWithQuery(), call.body()));
        headers.put("OK-ACCESS-TIMESTAMP", timestamp);
        headers.put("OK-ACCESS-PASSPHRASE", credentials.passphrase());
        headers.put("Content-Type", "application/json");
        if (demoTrading) {
            headers.put("x-simulated-trading", "1");
        }
        return new Signature(call.pathWithQuery(), headers);
    }

    @Override
    public OkxReply reply(HttpResponse<String> response) {
        return replyOf(response);
    }

    static OkxReply replyOf(HttpResponse<String> response) {
        return new OkxReply(
                response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    }

    @Override
    public String code(OkxReply reply) {
        return OkxErrors.code(reply);
    }

    /** {@code data[0].ts} of the public time answer. */
    @Override
    public long venueMillis(String clockPath, OkxReply reply) {
        OkxReader reader = new OkxReader(clockPath, redaction);
        return reader.epochMillis(reader.only(checked(clockPath, reply, false)), "ts");
    }
}
