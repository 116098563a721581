package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.paper.PaperVenue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Driving the venue from another process: everything over unsigned HTTP under /admin. */
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEED = """
            {"apiKey":"remote-key-0001","apiSecret":"remote-secret-0001","transferStep":"0.1",
             "wallets":{"FUNDING":{"USDT":"300"},"FUTURES":{"USDT":"1000"}},
             "positions":[{"symbol":"ETHUSDT","side":"LONG","quantity":"2","entryPrice":"3000",
                           "marginMode":"CROSS","maintenanceRate":"0.01"}]}""";

    private PaperVenueServer server;

    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return Seeds.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = Seeds.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void seededAccountIsUsableThroughTheSignedApi() throws Exception {
        assertThat(post("/admin/accounts", SEED).statusCode()).isEqualTo(201);
        PaperVenue venue = new PaperVenue(server.baseUrl(),
                new VenueCredentials("remote-key-0001", "remote-secret-0001", null), Seeds.HTTP, Seeds.VENUE_CLOCK);

        venue.transferToMargin(Seeds.crossTopUp("intent-1", "100.5"));

        JsonNode account = get("/admin/accounts/remote-key-0001");
        assertThat(account.get("transferStep").asText()).isEqualTo("0.1");
        assertThat(account.at("/wallets/FUTURES/USDT").asText()).isEqualTo("1100.5");
        assertThat(account.at("/wallets/FUNDING/USDT").asText()).isEqualTo("199.5");
        assertThat(account.at("/transfers/0/clientId").asText()).isEqualTo("intent-1");
        assertThat(account.at("/transfers/0/amount").asText()).isEqualTo("100.5");
        assertThat(account.toString()).doesNotContain("remote-secret-0001");
    }

    @Test
    void priceMovedOverHttpRunsTheLiquidationEngine() throws Exception {
        post("/admin/accounts", SEED);

        HttpResponse<String> moved = post("/admin/prices", "{\"symbol\":\"ETHUSDT\",\"price\":\"2500\"}");

        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(moved.body()).at("/liquidations/0/symbol").asText()).isEqualTo("ETHUSDT");
        JsonNode account = get("/admin/accounts/remote-key-0001");
        assertThat(account.get("positions")).isEmpty();
        assertThat(account.at("/liquidations/0/markPrice").asText()).isEqualTo("2500");
    }

    @Test
    void faultInjectedOverHttpIsPlayed() throws Exception {
        post("/admin/accounts", SEED);
        post("/admin/faults", "{\"type\":\"HTTP_500\",\"pathPrefix\":\"/api/v1/margin\",\"count\":1}");
        PaperVenue venue = new PaperVenue(server.baseUrl(),
                new VenueCredentials("remote-key-0001", "remote-secret-0001", null), Seeds.HTTP, Seeds.VENUE_CLOCK);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Seeds.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(VenueException.Kind.OUTCOME_UNKNOWN);
        assertThat(venue.readMargin(Seeds.CROSS_USDT).marginBalance()).isEqualByComparingTo("1000");
    }

    @Test
    void malformedSeedIsRefusedWithTheReason() throws Exception {
        HttpResponse<String> refused = post("/admin/accounts", "{\"apiKey\":\"k\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("apiSecret");
    }

    @Test
    void unknownAccountIsNotFound() throws Exception {
        HttpResponse<String> response = Seeds.HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/accounts/nobody")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
