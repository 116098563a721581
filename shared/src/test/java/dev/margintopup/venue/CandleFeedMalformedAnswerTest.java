package dev.margintopup.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.policy.Candle;

import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceCandles;
import dev.margintopup.venue.bybit.BybitCandles;
import dev.margintopup.venue.hyperliquid.HyperliquidCandles;
import dev.margintopup.venue.okx.OkxCandles;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every venue's candle feed against answers that are not candles, served over HTTP in the venue's
 * own envelope: each is a BAD_RESPONSE that says what is wrong, never a crash and never a candle
 * made up from a guess. Hyperliquid sends a candle as an object, not a row: its cases are its own.
 */
class CandleFeedMalformedAnswerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** A venue's feed, the symbol it is asked for, and how it wraps candles (given oldest first) in its answer. */
    private record Venue(String name, String symbol, Function<String, CandleFeed> feed, UnaryOperator<String> envelope,
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

    /** The venues whose candles are kline rows. */
    private static final List<Venue> ROW_VENUES = List.of(
            new Venue("binance-usdm", "BTCUSDT", url -> new BinanceCandles(url, HTTP, TIMEOUT), rows -> rows, false),
            new Venue("bybit-v5", "BTCUSDT", url -> new BybitCandles(url, HTTP, TIMEOUT),
                    rows -> "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"symbol\":\"BTCUSDT\",\"category\":\"linear\","
                            + "\"list\":" + rows + "},\"retExtInfo\":{},\"time\":1700000100000}", true),
            new Venue("okx-v5", "BTCUSDT", url -> new OkxCandles(url, HTTP, TIMEOUT),
                    rows -> "{\"code\":\"0\",\"msg\":\"\",\"data\":" + rows + "}", true));

    /** Hyperliquid's window ends with the minute of our clock: the one after the last candle below. */
    private static final Clock HYPERLIQUID_CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_090_000L), ZoneOffset.UTC);
    private static final Venue HYPERLIQUID = new Venue("hyperliquid", "BTC",
            url -> new HyperliquidCandles(url, HTTP, HYPERLIQUID_CLOCK, TIMEOUT), rows -> rows, false);
    private static final List<Venue> VENUES = Stream.concat(ROW_VENUES.stream(), Stream.of(HYPERLIQUID)).toList();

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
        return ROW_VENUES.stream().flatMap(venue -> cases.stream()
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

    static Stream<Venue> rowVenues() {
        return ROW_VENUES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowVenues")
    void wellFormedRowsAreReadOldestFirstWhateverTheVenuesOrder(Venue venue) {
        stub.answer(200, "application/json", venue.answer(List.of(GOOD, NEXT)));

        var candles = venue.feed().apply(stub.baseUrl()).recentCandles(venue.symbol(), 2);

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
                () -> venue.feed().apply(stub.baseUrl()).recentCandles(venue.symbol(), 10));
    }

    // ---- Hyperliquid: one object per candle, the window asked for by time ----

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HL_OPEN = 1_699_999_980_000L;
    private static final String HL_GOOD = hyperliquidCandle(HL_OPEN, "100", "104", "98", "101");
    private static final String HL_NEXT = hyperliquidCandle(HL_OPEN + 60_000, "101", "102", "100", "100.5");

    private static String hyperliquidCandle(long openTime, String open, String high, String low, String close) {
        return "{\"t\":" + openTime + ",\"T\":" + (openTime + 59_999) + ",\"s\":\"BTC\",\"i\":\"1m\",\"o\":\"" + open
                + "\",\"c\":\"" + close + "\",\"h\":\"" + high + "\",\"l\":\"" + low + "\",\"v\":\"0.0\",\"n\":0}";
    }

    /** The good candle with one thing changed. */
    private static String spoiled(Consumer<ObjectNode> change) {
        try {
            ObjectNode candle = (ObjectNode) JSON.readTree(HL_GOOD);
            change.accept(candle);
            return candle.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> malformedHyperliquidCandles() {
        Stream<Arguments> missing = Stream.of("t", "T", "s", "i", "o", "h", "l", "c").map(field -> Arguments.of(
                "a candle without " + field, List.of(spoiled(c -> c.remove(field))),
                "field " + field + " of candle 1 is missing"));
        Stream<Arguments> wrong = Stream.of(
                Arguments.of("an open time sent as a string", List.of(spoiled(c -> c.put("t", Long.toString(HL_OPEN)))),
                        "field t of candle 1 is not epoch milliseconds"),
                Arguments.of("a price sent as a number", List.of(spoiled(c -> c.put("o", 100.5))),
                        "field o of candle 1 is not a decimal string"),
                Arguments.of("a price that is not a decimal", List.of(spoiled(c -> c.put("h", "1,04"))),
                        "field h of candle 1 is not a decimal string"),
                Arguments.of("a candle of another coin", List.of(spoiled(c -> c.put("s", "ETH"))),
                        "field s of candle 1 is ETH but coin BTC was asked for"),
                Arguments.of("a candle of another interval", List.of(spoiled(c -> c.put("i", "5m"))),
                        "field i of candle 1 is 5m but interval 1m was asked for"),
                Arguments.of("a candle closing an hour after it opened",
                        List.of(spoiled(c -> c.put("T", HL_OPEN + 3_599_999))), "field T of candle 1"),
                Arguments.of("a high below the open", List.of(spoiled(c -> c.put("h", "99"))), "high"),
                Arguments.of("a candle sent as a kline row", List.of("[" + HL_OPEN + ",\"100\",\"104\",\"98\",\"101\"]"),
                        "candle 1 is not an object"),
                Arguments.of("the same minute twice", List.of(HL_GOOD, HL_GOOD), "oldest-first order"),
                Arguments.of("minutes in the wrong order", List.of(HL_NEXT, HL_GOOD), "oldest-first order"));
        return Stream.concat(missing, wrong);
    }

    @ParameterizedTest(name = "hyperliquid: {0}")
    @MethodSource("malformedHyperliquidCandles")
    void malformedHyperliquidCandlesAreABadResponseNamingTheFieldAndCandle(String what, List<String> candles,
            String named) {
        stub.answer(200, "application/json", HYPERLIQUID.answer(candles));

        VenueException error = recentCandlesFail(HYPERLIQUID);

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("hyperliquid", named);
    }

    @Test
    void hyperliquidIsAskedForTheOneMinuteWindowEndingNowAndItsCandlesComeOldestFirst() throws Exception {
        stub.answer(200, "application/json", HYPERLIQUID.answer(List.of(HL_GOOD, HL_NEXT)));

        List<Candle> candles = HYPERLIQUID.feed().apply(stub.baseUrl()).recentCandles("BTC", 10);

        assertThat(candles).extracting(c -> c.openTime().toEpochMilli()).containsExactly(HL_OPEN, HL_OPEN + 60_000);
        assertThat(candles.getFirst().high()).isEqualByComparingTo("104");
        assertThat(candles.getLast().close()).isEqualByComparingTo("100.5");
        String request = stub.lastRequest();
        assertThat(request).startsWith("POST /info ");
        JsonNode body = JSON.readTree(request.substring("POST /info ".length()));
        long now = HYPERLIQUID_CLOCK.millis();
        assertThat(body.path("type").asText()).isEqualTo("candleSnapshot");
        assertThat(body.path("req").path("coin").asText()).isEqualTo("BTC");
        assertThat(body.path("req").path("interval").asText()).isEqualTo("1m");
        assertThat(body.path("req").path("endTime").asLong()).isEqualTo(now);
        // Nine minutes back: the window overlaps the minute forming now and the nine before it.
        assertThat(body.path("req").path("startTime").asLong()).isEqualTo(now - 9 * 60_000);
    }

    @Test
    void hyperliquidCandlesBeyondTheCountAskedForAreLeftOutOldestFirst() {
        stub.answer(200, "application/json", HYPERLIQUID.answer(List.of(HL_GOOD, HL_NEXT,
                hyperliquidCandle(HL_OPEN + 120_000, "100.5", "100.5", "99", "99.5"))));

        List<Candle> candles = HYPERLIQUID.feed().apply(stub.baseUrl()).recentCandles("BTC", 2);

        assertThat(candles).extracting(c -> c.openTime().toEpochMilli()).containsExactly(HL_OPEN + 60_000,
                HL_OPEN + 120_000);
    }

    static Stream<Arguments> hyperliquidAnswersThatAreNotCandles() {
        return Stream.of(
                Arguments.of("no candle at all", 200, "application/json", "[]", Kind.BAD_RESPONSE,
                        "no candle of coin BTC in the last 10 minutes"),
                // What the venue answers for a coin it does not list: a refusal, not a broken answer.
                Arguments.of("null for the coin", 200, "application/json", "null", Kind.REJECTED, "coin BTC"),
                Arguments.of("an HTML page", 200, "text/html", "<html><body>maintenance</body></html>",
                        Kind.BAD_RESPONSE, "not JSON"),
                Arguments.of("a refusal in its own words", 200, "application/json",
                        "{\"status\":\"err\",\"response\":\"Invalid candle request\"}", Kind.REJECTED,
                        "Invalid candle request"),
                Arguments.of("a request it could not read", 422, "text/plain",
                        "Failed to deserialize the JSON body into the target type", Kind.BAD_RESPONSE, "HTTP 422"));
    }

    @ParameterizedTest(name = "hyperliquid: {0}")
    @MethodSource("hyperliquidAnswersThatAreNotCandles")
    void hyperliquidAnswersThatAreNotCandlesFailWithWhatTheySaid(String what, int status, String type, String body,
            Kind kind, String named) {
        stub.answer(status, type, body);

        VenueException error = recentCandlesFail(HYPERLIQUID);

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.getMessage()).contains("hyperliquid", named);
    }
}
