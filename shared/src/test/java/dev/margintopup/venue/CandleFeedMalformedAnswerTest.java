package dev.margintopup.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceCandles;
import dev.margintopup.venue.bybit.BybitCandles;
import dev.margintopup.venue.okx.OkxCandles;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every venue's candle feed against answers that are not candles, served over HTTP in the venue's
 * own envelope: each is a BAD_RESPONSE that says what is wrong, never a crash and never a candle
 * made up from a guess.
 */
class CandleFeedMalformedAnswerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** A venue's feed and how it wraps kline rows (given oldest first) in its answer. */
    private record Venue(String name, Function<String, CandleFeed> feed, UnaryOperator<String> envelope,
            boolean newestFirst) {

        @Override
        public String toString() {
            return name;
        }

        String answer(List<String> rowsOldestFirst) {
            List<String> rows = newestFirst ? rowsOldestFirst.reversed() : rowsOldestFirst;
            return envelope.apply("[" + String.join(",", rows) + "]");
        }
    }

    private static final List<Venue> VENUES = List.of(
            new Venue("binance-usdm", url -> new BinanceCandles(url, HTTP, TIMEOUT), rows -> rows, false),
            new Venue("bybit-v5", url -> new BybitCandles(url, HTTP, TIMEOUT),
                    rows -> "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"symbol\":\"BTCUSDT\",\"category\":\"linear\","
                            + "\"list\":" + rows + "},\"retExtInfo\":{},\"time\":1700000100000}", true),
            new Venue("okx-v5", url -> new OkxCandles(url, HTTP, TIMEOUT),
                    rows -> "{\"code\":\"0\",\"msg\":\"\",\"data\":" + rows + "}", true));

    private static final String GOOD = "[\"1700000000000\",\"100\",\"104\",\"98\",\"101\",\"0\"]";
    private static final String NEXT = "[\"1700000060000\",\"101\",\"102\",\"100\",\"100.5\",\"0\"]";

    private StubVenueServer stub;

    @BeforeEach
    void start() {
        stub = new StubVenueServer();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    static Stream<Arguments> malformedRows() {
        List<Object[]> cases = List.of(
                new Object[] {"a high below the open", List.of("[\"1700000000000\",\"100\",\"99\",\"98\",\"99\"]"),
                        "high"},
                new Object[] {"a row cut short", List.of("[\"1700000000000\",\"100\",\"104\"]"), "candle 1"},
                new Object[] {"a row that is an object", List.of("{\"t\":1700000000000}"), "candle 1"},
                new Object[] {"a time that is not a number", List.of("[\"soon\",\"100\",\"104\",\"98\",\"101\"]"),
                        "open time"},
                new Object[] {"a price that is not a decimal", List.of("[\"1700000000000\",\"100\",\"1,04\",\"98\",\"101\"]"),
                        "high"},
                new Object[] {"a price sent as a float", List.of("[\"1700000000000\",100.5,\"104\",\"98\",\"101\"]"),
                        "open"},
                new Object[] {"the same minute twice", List.of(GOOD, GOOD), "order"},
                new Object[] {"minutes in the wrong order", List.of(NEXT, GOOD), "order"});
        return VENUES.stream().flatMap(venue -> cases.stream()
                .map(c -> Arguments.of(venue, c[0], c[1], c[2])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedRows")
    void malformedRowsAreABadResponseSayingWhatIsWrong(Venue venue, String what, List<String> rows, String named) {
        stub.answer(200, "application/json", venue.answer(rows));

        VenueException error = recentCandlesFail(venue);

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains(venue.name(), named);
    }

    static Stream<Venue> venues() {
        return VENUES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void wellFormedRowsAreReadOldestFirstWhateverTheVenuesOrder(Venue venue) {
        stub.answer(200, "application/json", venue.answer(List.of(GOOD, NEXT)));

        var candles = venue.feed().apply(stub.baseUrl()).recentCandles("BTCUSDT", 2);

        assertThat(candles).extracting(c -> c.openTime().toEpochMilli()).containsExactly(1_700_000_000_000L,
                1_700_000_060_000L);
        assertThat(candles.getFirst().high()).isEqualByComparingTo("104");
        assertThat(candles.getLast().close()).isEqualByComparingTo("100.5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void answerWithoutRowsWhereRowsBelongIsABadResponse(Venue venue) {
        stub.answer(200, "application/json", venue.envelope().apply("{\"rows\":[]}"));

        VenueException error = recentCandlesFail(venue);

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains(venue.name(), "list");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void gatewayErrorPageIsNotACrash(Venue venue) {
        stub.answer(502, "text/html", "<html><body>502 Bad Gateway</body></html>");

        VenueException error = recentCandlesFail(venue);

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.getMessage()).contains("502");
    }

    private VenueException recentCandlesFail(Venue venue) {
        return catchThrowableOfType(VenueException.class,
                () -> venue.feed().apply(stub.baseUrl()).recentCandles("BTCUSDT", 10));
    }
}
