package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.policy.Candle;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.paper.PaperCandles;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public kline route read by the product's own candle feed, over real HTTP. */
class KlinesOverHttpTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    private PaperVenueServer server;
    private PaperCandles feed;

    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
        feed = new PaperCandles(server.baseUrl(), Seeds.HTTP);
        for (int m = 0; m < 40; m++) {
            BigDecimal close = BigDecimal.valueOf(60_000 - 10L * m);
            server.playBar("BTCUSDT", new PriceBar(START.plusSeconds(60L * m), close.add(BigDecimal.TEN),
                    close.add(BigDecimal.valueOf(25)), close.subtract(BigDecimal.valueOf(m)), close));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void feedReadsTheLastCandlesOldestFirstAsTheVenuePlayedThem() {
        List<Candle> candles = feed.recentCandles("BTCUSDT", 30);

        assertThat(candles).hasSize(30);
        assertThat(candles.getFirst().openTime()).isEqualTo(START.plusSeconds(60L * 10));
        assertThat(candles.getLast().openTime()).isEqualTo(START.plusSeconds(60L * 39));
        Candle last = candles.getLast();
        assertThat(last.open()).isEqualByComparingTo("59620");
        assertThat(last.high()).isEqualByComparingTo("59635");
        assertThat(last.low()).isEqualByComparingTo("59571");
        assertThat(last.close()).isEqualByComparingTo("59610");
    }

    @Test
    void aCloseOnlyPriceJoinsTheCurrentMinutesCandle() {
        server.setMarkPrice("ETHUSDT", "3000");
        server.setMarkPrice("ETHUSDT", "2950");
        server.setMarkPrice("ETHUSDT", "2980");

        assertThat(feed.recentCandles("ETHUSDT", 5)).singleElement().satisfies(c -> {
            assertThat(c.openTime()).isEqualTo(Seeds.VENUE_CLOCK.instant());
            assertThat(c.open()).isEqualByComparingTo("3000");
            assertThat(c.low()).isEqualByComparingTo("2950");
            assertThat(c.close()).isEqualByComparingTo("2980");
        });
    }

    @Test
    void unknownSymbolIsRejectedAndAFaultOnTheRouteIsOutcomeUnknown() {
        VenueException unknown = catchThrowableOfType(VenueException.class, () -> feed.recentCandles("SOLUSDT", 5));
        assertThat(unknown.kind()).isEqualTo(VenueException.Kind.REJECTED);
        assertThat(unknown.getMessage()).contains("no market in SOLUSDT");

        server.injectFault(Fault.http503("/api/v1/klines"));
        VenueException down = catchThrowableOfType(VenueException.class, () -> feed.recentCandles("BTCUSDT", 5));
        assertThat(down.kind()).isEqualTo(VenueException.Kind.OUTCOME_UNKNOWN);
        assertThat(feed.recentCandles("BTCUSDT", 5)).hasSize(5);
    }

    @Test
    void routeNeedsNoSignatureAndRefusesALimitOutOfRange() throws Exception {
        HttpResponse<String> plain = get("/api/v1/klines?symbol=BTCUSDT");
        HttpResponse<String> tooMany = get("/api/v1/klines?symbol=BTCUSDT&limit=1001");
        HttpResponse<String> noSymbol = get("/api/v1/klines?limit=5");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains("\"interval\":\"1m\"");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("limit must be a whole number from 1 to 1000");
        assertThat(noSymbol.statusCode()).isEqualTo(400);
        assertThat(noSymbol.body()).contains("symbol is required");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return Seeds.HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
