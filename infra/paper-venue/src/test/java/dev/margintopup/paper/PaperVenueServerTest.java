package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PaperVenueServerTest {

    @Test
    void portZeroPicksAFreePortOnLoopback() {
        try (PaperVenueServer server = PaperVenueServer.start(0)) {
            assertThat(server.port()).isPositive();
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void portInUseSaysWhatToDo() {
        try (PaperVenueServer first = PaperVenueServer.start(0)) {
            assertThatThrownBy(() -> PaperVenueServer.start(first.port()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + first.port() + " is in use; pass another --port or 0");
        }
    }

    @Test
    void requestsAreCountedPerPathWithoutTheQuery() throws Exception {
        try (PaperVenueServer server = PaperVenueServer.start(0)) {
            for (int i = 0; i < 2; i++) {
                Seeds.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/margin?mode=cross"))
                        .build(), HttpResponse.BodyHandlers.discarding());
            }

            assertThat(server.requestCount("/api/v1/margin")).isEqualTo(2);
            assertThat(server.requestCount("/api/v1/transfers")).isZero();
        }
    }

    @Test
    void unsignedRequestIsRefusedAsAnUnknownKey() throws Exception {
        try (PaperVenueServer server = PaperVenueServer.start(0)) {
            HttpResponse<String> response = Seeds.HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/margin?mode=cross")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("\"code\":1001");
        }
    }

    @Test
    void thereIsNoWithdrawalEndpoint() throws Exception {
        try (PaperVenueServer server = PaperVenueServer.start(0)) {
            HttpResponse<String> response = Seeds.HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/withdrawals"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }
}
