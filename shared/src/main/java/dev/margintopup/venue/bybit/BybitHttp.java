package dev.margintopup.venue.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.SignedHttp;
import dev.margintopup.venue.http.SignedHttp.Call;
import dev.margintopup.venue.http.SignedHttp.Signature;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bybit's dialect of {@link SignedHttp}: HMAC headers over the query (GET) or the JSON body
 * (POST), the {@code retCode} envelope, and re-sync with {@code /v5/market/time} after a 10002
 * (the request was not applied).
 */
final class BybitHttp implements SignedHttp.Dialect<BybitReply> {

    static final String PRODUCTION_URL = "https://api.bybit.com";
    /** Bybit's default receive window. */
    static final long RECV_WINDOW_MS = 5_000;
    static final String SERVER_TIME = "/v5/market/time";

    private final VenueCredentials credentials;
    private final Redaction redaction;
    private final SignedHttp<BybitReply> http;

    BybitHttp(Connection connection) {
        String base = connection.baseUrlOr(PRODUCTION_URL);
        this.credentials = connection.credentials();
        this.redaction = connection.redaction();
        this.http = new SignedHttp<>(BybitV5Venue.NAME, this, endpoint -> base, new SignedHttp.Timestamps(
                String.valueOf(BybitErrors.TIMESTAMP_OUTSIDE_WINDOW), RECV_WINDOW_MS, endpoint -> SERVER_TIME),
                connection);
    }

    /** A parsed envelope: Bybit's {@code retCode}, {@code retMsg}, the whole body and its reader. */
    record Answer(int retCode, String retMsg, JsonNode root, BybitReply reply, BybitReader reader) {

        JsonNode result() {
            return reader.child(root, "result");
        }

        Instant venueTime() {
            return Instant.ofEpochMilli(reader.epochMillis(root, "time"));
        }

        boolean ok() {
            return retCode == BybitErrors.OK;
        }
    }

    /** A signed call that must succeed: any non-zero retCode is thrown as its kind. */
    Answer call(String method, String path, String query, String body) {
        return checked(path, exchange(method, path, query, body));
    }

    /** A signed call whose envelope the caller reads, refusals included. */
    Answer exchange(String method, String path, String query, String body) {
        return interpret(path, http.send(new Call(method, path, query.isEmpty() ? path : path + "?" + query, body)),
                redaction);
    }

    private Answer checked(String path, Answer answer) {
        return checked(path, answer, redaction);
    }

    /** The answer when its retCode is 0; any other is thrown as its kind. */
    static Answer checked(String path, Answer answer, Redaction redaction) {
        if (!answer.ok()) {
            throw BybitErrors.refusal(path, answer.retCode(), answer.retMsg(), answer.reply(), redaction);
        }
        return answer;
    }

    /** The envelope of an answer; a status other than 200 without Bybit's envelope is thrown as its kind. */
    static Answer interpret(String path, BybitReply reply, Redaction redaction) {
        BybitReader reader = new BybitReader(path, redaction);
        if (reply.status() != 200) {
            JsonNode envelope = BybitReader.envelopeOrNull(reply.body());
            if (envelope == null || envelope.get("retCode").asInt() == BybitErrors.OK) {
                throw BybitErrors.withoutEnvelope(path, reply, redaction);
            }
            return new Answer(envelope.get("retCode").asInt(), envelope.path("retMsg").asText(""), envelope, reply,
                    reader);
        }
        JsonNode root = reader.object(reply.body());
        return new Answer(reader.integer(root, "retCode"), root.path("retMsg").asText(""), root, reply, reader);
    }

    // ---- the dialect ----

    @Override
    public Signature sign(Call call, long venueMillis) {
        int mark = call.pathWithQuery().indexOf('?');
        String payload = "GET".equals(call.method())
                ? (mark < 0 ? "" : call.pathWithQuery().substring(mark + 1))
                : call.body();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-BAPI-API-KEY", credentials.apiKey());
        headers.put("X-BAPI-TIMESTAMP", Long.toString(venueMillis));
        headers.put("X-BAPI-RECV-WINDOW", Long.toString(RECV_WINDOW_MS));
        headers.put("X-BAPI-SIGN", BybitSigner.sign(credentials.apiSecret(), venueMillis, credentials.apiKey(),
                RECV_WINDOW_MS, payload));
        headers.put("X-BAPI-SIGN-TYPE", "2");
        headers.put("Content-Type", "application/json");
        return new Signature(call.pathWithQuery(), headers);
    }

    @Override
    public BybitReply reply(HttpResponse<String> response) {
        return replyOf(response);
    }

    /** The answer with the rate-limit headers Bybit's error messages quote. */
    static BybitReply replyOf(HttpResponse<String> response) {
        return new BybitReply(response.statusCode(), response.body(),
                response.headers().firstValue("X-Bapi-Limit-Status").orElse(null),
                response.headers().firstValue("X-Bapi-Limit-Reset-Timestamp").orElse(null));
    }

    @Override
    public String code(BybitReply reply) {
        JsonNode envelope = BybitReader.envelopeOrNull(reply.body());
        return envelope == null ? null : envelope.get("retCode").asText();
    }

    /** {@code result.timeNano} of the server-time answer. */
    @Override
    public long venueMillis(String clockPath, BybitReply reply) {
        Answer answer = checked(clockPath, interpret(clockPath, reply, redaction));
        String nanos = answer.reader().text(answer.result(), "timeNano");
        if (!nanos.matches("\\d{10,19}")) {
            throw answer.reader().bad("field timeNano is not epoch nanoseconds");
        }
        return Long.parseLong(nanos) / 1_000_000;
    }
}
