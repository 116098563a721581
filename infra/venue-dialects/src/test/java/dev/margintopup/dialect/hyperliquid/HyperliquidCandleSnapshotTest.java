package dev.margintopup.dialect.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dialect server's {@code candleSnapshot} as the venue answers it, read as raw JSON: a time
 * window, not a count, each candle an object whose minute overlaps it, and refusals where the
 * venue would not read the request.
 */
class HyperliquidCandleSnapshotTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant MINUTE = Instant.parse("2025-03-01T12:00:00Z");

    private HyperliquidDialectServer server;

    @BeforeEach
    void start() {
        server = HyperliquidDialectServer.start(0);
        for (int minute = 0; minute < 5; minute++) {
            server.setMarkPrice("BTC", Integer.toString(100 + minute), MINUTE.plusSeconds(60L * minute + 10));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyMinuteOverlappingTheWindowComesBackOldestFirstWithTheVenuesFields() throws Exception {
        // From the middle of minute 1 to the start of minute 3: minutes 1, 2 and 3 overlap it.
        HttpResponse<String> answer = post("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"1m\","
                + "\"startTime\":" + MINUTE.plusSeconds(90).toEpochMilli() + ",\"endTime\":"
                + MINUTE.plusSeconds(180).toEpochMilli() + "}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode candles = HyperliquidBook.JSON.readTree(answer.body());
        assertThat(candles).extracting(c -> c.get("t").asLong()).containsExactly(MINUTE.plusSeconds(60).toEpochMilli(),
                MINUTE.plusSeconds(120).toEpochMilli(), MINUTE.plusSeconds(180).toEpochMilli());
        JsonNode first = candles.get(0);
        assertThat(first.get("T").asLong()).isEqualTo(MINUTE.plusSeconds(120).toEpochMilli() - 1);
        assertThat(first.get("s").asText()).isEqualTo("BTC");
        assertThat(first.get("i").asText()).isEqualTo("1m");
        assertThat(first.get("o").isTextual()).as("prices are decimal strings").isTrue();
        assertThat(first.get("c").asText()).isEqualTo("101");
        assertThat(first.get("n").isIntegralNumber()).as("the trade count is a number").isTrue();
        assertThat(server.requestCount(HyperliquidDialectServer.CANDLE_SNAPSHOT)).isEqualTo(1);
    }

    @Test
    void aCoinWithoutMarksIsAnsweredNull() throws Exception {
        HttpResponse<String> answer = post("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"NOPE\",\"interval\":\"1m\","
                + "\"startTime\":0,\"endTime\":" + MINUTE.toEpochMilli() + "}}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"coin\":\"BTC\",\"interval\":\"2m\",\"startTime\":0,\"endTime\":1}",
            "{\"coin\":\"BTC\",\"interval\":\"5m\",\"startTime\":0,\"endTime\":1}",
            "{\"coin\":\"BTC\",\"interval\":\"1m\",\"startTime\":\"0\",\"endTime\":1}",
            "{\"coin\":\"BTC\",\"interval\":\"1m\",\"endTime\":1}",
            "{\"coin\":42,\"interval\":\"1m\",\"startTime\":0,\"endTime\":1}",
            "\"BTC\""})
    void aRequestTheDialectCannotReadIsRefusedAsUndeserialisable(String req) throws Exception {
        HttpResponse<String> answer = post("{\"type\":\"candleSnapshot\",\"req\":" + req + "}");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).startsWith("Failed to deserialize the JSON body");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + HyperliquidDialectServer.INFO))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
