package dev.margintopup.venue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A request that got no answer may still have moved money, so it is never reported as refused. */
class WireTest {

    private static final String SECRET = "stub-secret-never-shown";

    private final Wire wire = new Wire("some-venue", HttpClient.newHttpClient(), Duration.ofMillis(300),
            new Redaction(new VenueCredentials("key-0001", SECRET, null)));

    @Test
    void aRefusedConnectionIsAnUnknownOutcome() throws IOException {
        HttpServer closed = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = closed.getAddress().getPort();
        closed.stop(0);

        VenueException e = catchThrowableOfType(VenueException.class,
                () -> wire.send("/v1/transfer", wire.request("http://127.0.0.1:" + port + "/v1/transfer").build()));

        assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(e.getMessage()).contains("some-venue").contains("/v1/transfer");
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnUnknownOutcome() throws IOException {
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            VenueException e = catchThrowableOfType(VenueException.class, () -> wire.send("/v1/transfer",
                    wire.request("http://127.0.0.1:" + silent.getAddress().getPort() + "/v1/transfer").build()));

            assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
            assertThat(e.getMessage()).contains("no answer within 300 ms");
        } finally {
            silent.stop(0);
        }
    }
}
