package dev.margintopup.venue.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.margintopup.policy.Candle;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The candle feed against a stub that answers whatever each test says, over real HTTP. */
class PaperCandlesMalformedAnswerTest {

    private static final String GOOD = """
            {"symbol":"BTCUSDT","interval":"1m","candles":[
             {"openTime":1740830400000,"open":"60000","high":"60100","low":"59000","close":"59500"},
             {"openTime":1740830460000,"open":"59500","high":"59600","low":"59400","close":"59550.5"}]}""";

    private HttpServer stub;
    private volatile int status;
    private volatile String body;
    private volatile String lastQuery;
    private PaperCandles candles;

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            try (exchange) {
                lastQuery = exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getQuery()
                        + (exchange.getRequestHeaders().containsKey("X-PAPER-SIGNATURE") ? " signed" : "");
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        });
        stub.start();
        candles = new PaperCandles("http://127.0.0.1:" + stub.getAddress().getPort() + "/", HttpClient.newHttpClient(),
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private VenueException failure(int status, String body) {
        this.status = status;
        this.body = body;
        return catchThrowableOfType(VenueException.class, () -> candles.recentCandles("BTCUSDT", 2));
    }

    @Test
    void wellFormedAnswerIsReadOldestFirstWithExactDecimalsAndAskedForUnsigned() {
        status = 200;
        body = GOOD;

        List<Candle> read = candles.recentCandles("BTCUSDT", 2);

        assertThat(read).extracting(Candle::openTime).containsExactly(
                Instant.parse("2025-03-01T12:00:00Z"), Instant.parse("2025-03-01T12:01:00Z"));
        assertThat(read.getLast().close()).isEqualByComparingTo("59550.5");
        assertThat(read.getFirst().low()).isEqualByComparingTo("59000");
        assertThat(lastQuery).isEqualTo("/api/v1/klines?symbol=BTCUSDT&limit=2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | <html>bad gateway</html>                                                                   | the body is not JSON
            empty                    | ''                                                                                         | the body is empty
            no candles               | {"symbol":"BTCUSDT"}                                                                       | field candles is missing
            other symbol             | {"symbol":"ETHUSDT","candles":[]}                                                          | field symbol is ETHUSDT but BTCUSDT was asked for
            number not string        | {"symbol":"BTCUSDT","candles":[{"openTime":1,"open":60000,"high":"1","low":"1","close":"1"}]} | field candles[0].open is not a decimal string
            missing low              | {"symbol":"BTCUSDT","candles":[{"openTime":1,"open":"1","high":"1","close":"1"}]}          | field candles[0].low is missing
            time as text             | {"symbol":"BTCUSDT","candles":[{"openTime":"1","open":"1","high":"1","low":"1","close":"1"}]} | field candles[0].openTime is not epoch milliseconds
            high below close         | {"symbol":"BTCUSDT","candles":[{"openTime":1,"open":"1","high":"1","low":"1","close":"2"}]} | field candles[0]: a candle's high must be its highest price
            out of order             | {"symbol":"BTCUSDT","candles":[{"openTime":2,"open":"1","high":"1","low":"1","close":"1"},{"openTime":1,"open":"1","high":"1","low":"1","close":"1"}]} | field candles[1].openTime 1970-01-01T00:00:00.001Z does not come after
            too many                 | {"symbol":"BTCUSDT","candles":[{},{},{}]}                                                  | holds 3 candles, more than the 2 asked for
            """)
    void malformedAnswerIsABadResponseNamingTheField(String label, String answer, String expected) {
        VenueException error = failure(200, answer);

        assertThat(error).as(label).isNotNull();
        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.endpoint()).isEqualTo("/api/v1/klines");
        assertThat(error.getMessage()).contains(expected);
    }

    @Test
    void venueRefusalIsTypedByItsCodeAndStatus() {
        VenueException refused = failure(400, "{\"code\":3003,\"msg\":\"no market in BTCUSDT\"}");
        VenueException throttled = failure(429, "{\"code\":1100,\"msg\":\"too many requests\"}");
        VenueException down = failure(503, "<html>maintenance</html>");

        assertThat(refused.kind()).isEqualTo(Kind.REJECTED);
        assertThat(refused.venueCode()).isEqualTo("3003");
        assertThat(refused.getMessage()).contains("no market in BTCUSDT");
        assertThat(throttled.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(down.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
    }

    @Test
    void noAnswerAtAllIsOutcomeUnknown() {
        stub.stop(0);

        VenueException error = catchThrowableOfType(VenueException.class, () -> candles.recentCandles("BTCUSDT", 5));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
    }

    @Test
    void countOutsideWhatTheVenueServesIsRefusedBeforeAnyRequest() {
        lastQuery = null;

        assertThatThrownBy(() -> candles.recentCandles("BTCUSDT", 0)).hasMessageContaining("count must be from 1 to 1000");
        assertThatThrownBy(() -> candles.recentCandles("BTCUSDT", 1001)).hasMessageContaining("was 1001");
        assertThat(lastQuery).isNull();
    }
}
