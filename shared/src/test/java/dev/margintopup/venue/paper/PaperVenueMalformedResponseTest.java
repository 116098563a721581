package dev.margintopup.venue.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.StubVenueServer;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adapter against a stub that answers whatever each test tells it to: a venue, a proxy or
 * a load balancer can all send things that are not the venue's JSON, and none of them may turn
 * into a number we act on.
 */
class PaperVenueMalformedResponseTest {

    private static final String SECRET = "stub-secret-never-shown";
    private static final MarginQuery CROSS = new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING");
    private static final TransferInstruction TOP_UP = new TransferInstruction(
            "intent-1", "USDT", new BigDecimal("25.00"), "FUNDING", MarginMode.CROSS, null, Instant.EPOCH);
    private static final String GOOD_MARGIN = """
            {"asOf":1700000000000,"asset":"USDT","marginBalance":"1000.5","maintenanceMargin":"80",
             "sourceFree":"400","transferStep":"0.01","markPrice":null,"liquidationPrice":null,
             "positions":[
               {"symbol":"BTCUSDT","side":"LONG","quantity":"0.5","markPrice":"50000","maintenanceMargin":"50.5",
                "liquidationPrice":null},
               {"symbol":"ETHUSDT","side":"SHORT","quantity":"3","markPrice":"3000","maintenanceMargin":"29.5",
                "liquidationPrice":"3400"}]}""";

    private StubVenueServer stub;
    private PaperVenue venue;

    @BeforeEach
    void startStub() {
        stub = new StubVenueServer();
        venue = new PaperVenue(stub.baseUrl(), new VenueCredentials("stub-key-0001", SECRET, null),
                HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private void answer(int status, String contentType, String body) {
        stub.answer(status, contentType, body);
    }

    private VenueException sourceReadFails() {
        return catchThrowableOfType(VenueException.class,
                () -> venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING")));
    }

    private VenueException readMarginFails() {
        return catchThrowableOfType(VenueException.class, () -> venue.readMargin(CROSS));
    }

    @Test
    void wellFormedMarginIsReadIntoExactDecimals() {
        answer(200, "application/json", GOOD_MARGIN);

        var snapshot = venue.readMargin(CROSS);

        assertThat(snapshot.venue()).isEqualTo("paper");
        assertThat(snapshot.asOf()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("1000.5");
        assertThat(snapshot.markPrice()).isNull();
        assertThat(snapshot.positions()).containsExactly(
                new Position("BTCUSDT", Position.Side.LONG, new BigDecimal("0.5"), new BigDecimal("50000"),
                        new BigDecimal("50.5"), null),
                new Position("ETHUSDT", Position.Side.SHORT, new BigDecimal("3"), new BigDecimal("3000"),
                        new BigDecimal("29.5"), new BigDecimal("3400")));
    }

    @Test
    void positionWithAnUnknownSideIsABadResponseNamingTheField() {
        answer(200, "application/json", GOOD_MARGIN.replace("\"side\":\"SHORT\"", "\"side\":\"BOTH\""));

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("side", "BOTH");
    }

    @Test
    void positionWithoutAMarkIsABadResponseNamingThePosition() {
        answer(200, "application/json", GOOD_MARGIN.replace("\"markPrice\":\"3000\"", "\"markPrice\":\"0\""));

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("ETHUSDT", "markPrice");
    }

    @Test
    void answerWithoutItsPositionsIsABadResponse() {
        answer(200, "application/json", GOOD_MARGIN.replaceAll("(?s),\\s*\"positions\".*]", ""));

        assertThat(readMarginFails().getMessage()).contains("positions", "missing");
    }

    @Test
    void htmlErrorPageIsABadResponse() {
        answer(200, "text/html", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>");

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("paper", "/api/v1/margin", "not JSON", "<!DOCTYPE html>");
    }

    @Test
    void emptyBodyIsABadResponse() {
        answer(200, "application/json", "");

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("/api/v1/margin", "empty");
    }

    @Test
    void missingFieldIsABadResponseNamingTheField() {
        answer(200, "application/json", GOOD_MARGIN.replace("\"maintenanceMargin\":\"80\",", ""));

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("maintenanceMargin", "missing");
    }

    @Test
    void nonNumericAmountIsABadResponseNamingTheField() {
        answer(200, "application/json", GOOD_MARGIN.replace("\"transferStep\":\"0.01\"", "\"transferStep\":\"lots\""));

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("transferStep", "not a decimal");
    }

    @Test
    void aSourceBalanceThatIsNotADecimalIsABadResponseNamingTheField() {
        answer(200, "application/json", """
                {"wallet":"FUNDING","asset":"USDT","free":"lots"}""");

        VenueException error = sourceReadFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("free", "not a decimal");
    }

    @Test
    void aSourceBalanceInAnotherAssetIsABadResponse() {
        answer(200, "application/json", """
                {"wallet":"FUNDING","asset":"USDC","free":"400"}""");

        VenueException error = sourceReadFails();

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("asset", "USDC");
    }

    @Test
    void theMarginReadLeavesTheSourceUnread() {
        answer(200, "application/json", GOOD_MARGIN);

        assertThat(venue.readMargin(CROSS).sourceFree()).isNull();
    }

    @Test
    void amountSentAsJsonNumberIsABadResponse() {
        answer(200, "application/json", GOOD_MARGIN.replace("\"marginBalance\":\"1000.5\"", "\"marginBalance\":1000.5"));

        assertThat(readMarginFails().getMessage()).contains("marginBalance");
    }

    @Test
    void negativeMaintenanceIsABadResponse() {
        answer(200, "application/json", GOOD_MARGIN.replace("\"maintenanceMargin\":\"80\"", "\"maintenanceMargin\":\"-1\""));

        assertThat(readMarginFails().kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void transferAnsweredWithHtmlMayHaveHappened() {
        answer(200, "text/html", "<html>maintenance</html>");

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(TOP_UP));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.outcomeUnknown()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"clientId\":\"intent-1\",\"status\":\"APPLIED\"}",
            "{\"transferId\":4711,\"clientId\":\"intent-1\",\"status\":\"APPLIED\"}"})
    void transferReceiptWithoutAReadableTransferIdLeavesTheOutcomeUnknown(String receipt) {
        answer(200, "application/json", receipt);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(TOP_UP));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.getMessage()).contains("transferId");
    }

    @Test
    void bareClientErrorWithoutVenueBodyIsNotTakenAsARefusal() {
        answer(404, "text/html", "<html>Not Found</html>");

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(TOP_UP));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.venueCode()).isNull();
    }

    @Test
    void gatewayErrorPageLeavesTheOutcomeUnknown() {
        answer(503, "text/html", "<html>Service Unavailable</html>");

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(TOP_UP));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
    }

    @Test
    void lookupAnsweredWithHtmlIsUnknownNotAThrow() {
        answer(200, "text/html", "<html>oops</html>");

        assertThat(venue.findTransfer(TOP_UP)).isInstanceOf(TransferLookup.Unknown.class);
    }

    @Test
    void lookupOfATransferWithAnotherAmountIsUnknown() {
        answer(200, "application/json", """
                {"transfers":[{"transferId":"PT9","clientId":"intent-1","asset":"USDT","amount":"99.00",
                  "from":"FUNDING","to":"FUTURES","symbol":null,"time":1}]}""");

        assertThat(venue.findTransfer(TOP_UP)).isInstanceOf(TransferLookup.Unknown.class);
    }

    @Test
    void venueEchoingTheSecretHasItScrubbedFromTheMessage() {
        answer(400, "application/json", "{\"code\":3002,\"msg\":\"bad secret " + SECRET + " for stub-key-0001\"}");

        VenueException error = readMarginFails();

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.getMessage()).doesNotContain(SECRET).doesNotContain("stub-key-0001").contains("3002");
    }
}
