package dev.margintopup.venue.paper;

import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.SignedHttp;
import dev.margintopup.venue.http.SignedHttp.Call;
import dev.margintopup.venue.http.SignedHttp.Signature;
import dev.margintopup.venue.http.Wire;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Objects;

/**
 * The paper venue's dialect of {@link SignedHttp}: hex HMAC headers. The paper venue runs on the
 * same machine's clock and publishes none, so a timestamp refusal stands as it is.
 */
final class PaperHttp implements SignedHttp.Dialect<PaperReply> {

    /** The paper venue's receive window (see infra/paper-venue). */
    static final long RECV_WINDOW_MS = 5_000;

    private final VenueCredentials credentials;
    private final SignedHttp<PaperReply> http;

    PaperHttp(Connection connection) {
        String base = Wire.baseUrl(Objects.requireNonNull(connection.baseUrl(), "baseUrl"));
        this.credentials = connection.credentials();
        this.http = new SignedHttp<>(PaperVenue.NAME, this, endpoint -> base, new SignedHttp.Timestamps(
                String.valueOf(PaperErrors.TIMESTAMP_OUTSIDE_WINDOW), RECV_WINDOW_MS, endpoint -> null), connection);
    }

    /** Sends one signed request; no answer at all is OUTCOME_UNKNOWN (see {@link Wire}). */
    PaperReply send(String method, String endpoint, String pathWithQuery, String body) {
        return http.send(new Call(method, endpoint, pathWithQuery, body));
    }

    @Override
    public Signature sign(Call call, long venueMillis) {
        String signature = PaperSigner.sign(credentials.apiSecret(), venueMillis, call.method(), call.pathWithQuery(),
                call.body());
        return new Signature(call.pathWithQuery(), Map.of(
                "X-PAPER-APIKEY", credentials.apiKey(),
                "X-PAPER-TIMESTAMP", Long.toString(venueMillis),
                "X-PAPER-SIGNATURE", signature,
                "Content-Type", "application/json"));
    }

    @Override
    public PaperReply reply(HttpResponse<String> response) {
        return replyOf(response);
    }

    /** The answer with the one header the paper venue's error messages quote. */
    static PaperReply replyOf(HttpResponse<String> response) {
        return new PaperReply(
                response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    }

    @Override
    public String code(PaperReply reply) {
        Integer code = PaperErrors.venueCode(reply);
        return code == null ? null : code.toString();
    }
}
