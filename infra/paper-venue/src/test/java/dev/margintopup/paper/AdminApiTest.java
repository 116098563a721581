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
    void minuteWithAWickPostedOverHttpLiquidatesAtTheWick() throws Exception {
        post("/admin/accounts", SEED);
        // 1000 + 2 × (mark − 3000) meets 0.02 × mark at 2525.25; the minute closes far above it.
        HttpResponse<String> moved = post("/admin/prices", """
                {"symbol":"ETHUSDT","time":1740830400000,"open":"2900","high":"2910","low":"2520","price":"2890"}""");

        assertThat(moved.statusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(moved.body());
        assertThat(reply.at("/liquidations/0/markPrice").asText()).isEqualTo("2520");
        assertThat(reply.at("/candle/openTime").asLong()).isEqualTo(1740830400000L);
        assertThat(reply.at("/candle/low").asText()).isEqualTo("2520");
        assertThat(reply.get("price").asText()).isEqualTo("2890");
        assertThat(get("/admin/accounts/remote-key-0001").at("/liquidations/0/markPrice").asText()).isEqualTo("2520");
    }

    @Test
    void candleMissingPartOfItsRangeIsRefusedNamingTheMissingField() throws Exception {
        post("/admin/accounts", SEED);

        HttpResponse<String> refused = post("/admin/prices",
                "{\"symbol\":\"ETHUSDT\",\"open\":\"2900\",\"high\":\"2910\",\"price\":\"2890\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("low is required");
        assertThat(get("/admin/accounts/remote-key-0001").get("positions")).hasSize(1);
    }

    @Test
    void candleWhoseLowIsAboveItsCloseOrWhoseTimeIsNotAMinuteIsRefused() throws Exception {
        HttpResponse<String> badLow = post("/admin/prices",
                "{\"symbol\":\"ETHUSDT\",\"open\":\"2900\",\"high\":\"2910\",\"low\":\"2895\",\"price\":\"2890\"}");
        HttpResponse<String> badTime = post("/admin/prices",
                "{\"symbol\":\"ETHUSDT\",\"price\":\"2890\",\"time\":1740830400001}");
        HttpResponse<String> badHigh = post("/admin/prices",
                "{\"symbol\":\"ETHUSDT\",\"open\":\"2900\",\"high\":\"x\",\"low\":\"2800\",\"price\":\"2890\"}");

        assertThat(badLow.statusCode()).isEqualTo(400);
        assertThat(badLow.body()).contains("low 2895 is above the open 2900 or the close 2890");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("time must be the minute's start");
        assertThat(badHigh.statusCode()).isEqualTo(400);
        assertThat(badHigh.body()).contains("high must be a decimal string");
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

    @Test
    void tiersAndLeverageAreSeededAndShownOverHttp() throws Exception {
        String seed = """
                {"apiKey":"tiered-key-0001","apiSecret":"tiered-secret-0001",
                 "wallets":{"FUNDING":{"USDT":"5000"}},
                 "positions":[{"symbol":"BTCUSDT","side":"LONG","quantity":"2","entryPrice":"60000",
                               "marginMode":"ISOLATED","leverage":10,
                               "tiers":[{"upTo":"50000","rate":"0.004","deduction":"0"},
                                        {"upTo":"500000","rate":"0.005"},
                                        {"rate":"0.01","deduction":"2550"}]}]}""";

        assertThat(post("/admin/accounts", seed).statusCode()).isEqualTo(201);

        JsonNode position = get("/admin/accounts/tiered-key-0001").at("/positions/0");
        assertThat(position.get("leverage").asInt()).isEqualTo(10);
        // 120000 ÷ 10
        assertThat(new java.math.BigDecimal(position.get("isolatedMargin").asText())).isEqualByComparingTo("12000");
        assertThat(position.get("maintenanceRate").asText()).isEqualTo("0.005");
        // A deduction left out keeps maintenance continuous: 0 + 50000 × (0.005 − 0.004).
        assertThat(new java.math.BigDecimal(position.at("/tiers/1/deduction").asText())).isEqualByComparingTo("50");
        assertThat(position.at("/tiers/2/upTo").isMissingNode()).isTrue();
        assertThat(position.get("tiers")).hasSize(3);
    }

    @Test
    void positionWithBothARateAndTiersIsRefused() throws Exception {
        String seed = """
                {"apiKey":"k","apiSecret":"s","positions":[{"symbol":"BTCUSDT","side":"LONG","quantity":"1",
                 "entryPrice":"60000","marginMode":"CROSS","maintenanceRate":"0.004","tiers":[{"rate":"0.004"}]}]}""";

        HttpResponse<String> refused = post("/admin/accounts", seed);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("either maintenanceRate or tiers");
    }

    @Test
    void badTierScheduleIsRefusedWithTheReason() throws Exception {
        String seed = """
                {"apiKey":"k","apiSecret":"s","positions":[{"symbol":"BTCUSDT","side":"LONG","quantity":"1",
                 "entryPrice":"60000","marginMode":"CROSS","tiers":[{"upTo":"50000","rate":"0.004"}]}]}""";

        HttpResponse<String> refused = post("/admin/accounts", seed);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("last tier must have no upTo");
    }

    @Test
    void unlimitedFaultIsWithdrawnByTheIdItWasQueuedUnder() throws Exception {
        post("/admin/accounts", SEED);
        HttpResponse<String> queued = post("/admin/faults",
                "{\"type\":\"HTTP_503\",\"pathPrefix\":\"/api/v1/margin\",\"count\":\"unlimited\"}");
        String id = JSON.readTree(queued.body()).get("id").asText();
        PaperVenue venue = new PaperVenue(server.baseUrl(),
                new VenueCredentials("remote-key-0001", "remote-secret-0001", null), Seeds.HTTP, Seeds.VENUE_CLOCK);
        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowableOfType(VenueException.class, () -> venue.readMargin(Seeds.CROSS_USDT)).kind())
                    .isEqualTo(VenueException.Kind.OUTCOME_UNKNOWN);
        }

        HttpResponse<String> withdrawn = Seeds.HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/faults/" + id)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(JSON.readTree(withdrawn.body()).get("withdrawn").asBoolean()).isTrue();
        assertThat(venue.readMargin(Seeds.CROSS_USDT).marginBalance()).isEqualByComparingTo("1000");
    }

    @Test
    void unknownFaultTypeListsTheKnownOnes() throws Exception {
        HttpResponse<String> refused = post("/admin/faults", "{\"type\":\"EXPLODE\",\"pathPrefix\":\"/\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("TIMEOUT", "HTTP_503", "EXPLODE");
    }
}
