package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every class of Binance error maps to its kind, names venue, endpoint and code, and moves nothing. */
class BinanceUsdmErrorTest {

    private static final String TRANSFER = "/sapi/v1/asset/transfer";
    private static final String ACCOUNT = "/fapi/v3/account";

    private BinanceDialectServer server;
    private BinanceUsdmVenue venue;
    private final List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        server = BinanceDialectServer.start(0);
        Binance.seedTrader(server);
        venue = Binance.venue(server);
    }

    @AfterEach
    void stop() {
        // Every message any test saw: none may carry the secret, the full key or a signature.
        assertThat(messages).allSatisfy(message -> assertThat(message)
                .doesNotContain(Binance.SECRET)
                .doesNotContain(Binance.KEY)
                .doesNotContainPattern("[0-9a-f]{64}"));
        server.close();
    }

    @Test
    void wrongSecretIsAuthWithTheSignatureCode() {
        VenueException error = failure(() -> Binance.venue(server, Binance.KEY, "not-the-secret")
                .readMargin(Binance.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.AUTH);
        assertThat(error.venueCode()).isEqualTo("-1022");
        assertThat(error.getMessage()).contains("binance-usdm", "/sapi/v1/account/apiRestrictions");
    }

    @Test
    void unknownKeyIsAuth() {
        VenueException error = failure(() -> Binance.venue(server, "someoneElsesKey", Binance.SECRET)
                .transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.AUTH);
        assertThat(error.venueCode()).isEqualTo("-2015");
        assertThat(server.transfers(Binance.KEY)).isEmpty();
    }

    @Test
    void skewedVenueClockIsReSyncedOnceAndTheRequestGoesThrough() {
        server.skewClock(Duration.ofSeconds(-30));

        TransferInstruction topUp = Binance.cross("100");
        venue.transferToMargin(topUp);

        assertThat(server.requestCount("GET", "/api/v3/time")).isEqualTo(1);
        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        assertThat(venue.readMargin(Binance.CROSS_USDT).marginBalance()).isEqualByComparingTo("2300");
        assertThat(server.requestCount("GET", "/fapi/v1/time")).isEqualTo(1);
    }

    @Test
    void timestampRejectedAfterTheReSyncIsTimestampAndMovesNothing() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.REJECT_TIMESTAMP, "POST", TRANSFER).unlimited());

        VenueException error = failure(() -> venue.transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.TIMESTAMP);
        assertThat(error.venueCode()).isEqualTo("-1021");
        assertThat(error.getMessage()).contains("re-sync", TRANSFER);
        assertThat(server.requestCount("POST", TRANSFER)).isEqualTo(2);
        assertThat(server.transfers(Binance.KEY)).isEmpty();
    }

    @Test
    void sourceWalletShortOfTheAmountIsInsufficientBalance() {
        VenueException error = failure(() -> venue.transferToMargin(Binance.cross("5000")));

        assertThat(error.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(error.venueCode()).isEqualTo("-5013");
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("750");
    }

    @Test
    void throttlingIsRateLimitedWithRetryAfterAndUsedWeight() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.RATE_LIMIT, "POST", TRANSFER));

        VenueException error = failure(() -> venue.transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(error.venueCode()).isEqualTo("-1003");
        assertThat(error.getMessage()).contains("retry after 7 s", "X-SAPI-USED-IP-WEIGHT-1M=12000");
        assertThat(server.transfers(Binance.KEY)).isEmpty();
    }

    @Test
    void throttledFuturesReadNamesTheFuturesWeightHeader() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.RATE_LIMIT, "GET", ACCOUNT));

        VenueException error = failure(() -> venue.readMargin(Binance.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(error.getMessage()).contains("X-MBX-USED-WEIGHT-1M=2400");
    }

    static Stream<BinanceFault.Type> serverFailures() {
        return Stream.of(BinanceFault.Type.HTTP_500, BinanceFault.Type.HTTP_503_UNKNOWN,
                BinanceFault.Type.MAINTENANCE_PAGE);
    }

    @ParameterizedTest
    @MethodSource("serverFailures")
    void serverFailureOnATransferIsOutcomeUnknownAndNothingMoved(BinanceFault.Type type) {
        server.injectFault(BinanceFault.of(type, "POST", TRANSFER));
        TransferInstruction topUp = Binance.cross("100");

        VenueException error = failure(() -> venue.transferToMargin(topUp));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.outcomeUnknown()).isTrue();
        assertThat(server.transfers(Binance.KEY)).isEmpty();
        assertThat(venue.findTransfer(topUp)).isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void unreachableVenueIsOutcomeUnknown() {
        server.close();

        VenueException error = failure(() -> venue.transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        server = BinanceDialectServer.start(0);
    }

    static Stream<BinanceFault> malformedMarginReads() {
        return Stream.of(
                BinanceFault.missingField("GET", ACCOUNT, "totalMaintMargin"),
                BinanceFault.nonNumeric("GET", ACCOUNT, "totalMarginBalance"),
                BinanceFault.of(BinanceFault.Type.HTML_PAGE, "GET", ACCOUNT),
                BinanceFault.of(BinanceFault.Type.EMPTY_BODY, "GET", ACCOUNT),
                BinanceFault.nonNumeric("POST", "/sapi/v1/asset/get-funding-asset", "free"),
                BinanceFault.missingField("GET", "/fapi/v1/multiAssetsMargin", "multiAssetsMargin"));
    }

    @ParameterizedTest
    @MethodSource("malformedMarginReads")
    void malformedCrossReadIsBadResponseNamingTheField(BinanceFault fault) {
        server.injectFault(fault);

        // What a check about to act reads: the margin, then the source.
        VenueException error = failure(() -> {
            venue.readMargin(Binance.CROSS_USDT);
            venue.sourceFree(Binance.FUNDING_USDT);
        });

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("binance-usdm", fault.path());
        if (fault.field() != null) {
            assertThat(error.getMessage()).contains("field " + fault.field());
        }
    }

    static Stream<BinanceFault> malformedIsolatedReads() {
        String risk = "/fapi/v3/positionRisk";
        return Stream.of(
                BinanceFault.missingField("GET", risk, "isolatedWallet"),
                BinanceFault.nonNumeric("GET", risk, "maintMargin"),
                BinanceFault.nonNumeric("GET", risk, "liquidationPrice"),
                BinanceFault.of(BinanceFault.Type.HTML_PAGE, "GET", risk),
                BinanceFault.of(BinanceFault.Type.EMPTY_BODY, "GET", risk));
    }

    @ParameterizedTest
    @MethodSource("malformedIsolatedReads")
    void malformedIsolatedReadIsBadResponse(BinanceFault fault) {
        server.injectFault(fault);

        VenueException error = failure(() -> venue.readMargin(Binance.ISOLATED_ETH));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        if (fault.field() != null) {
            assertThat(error.getMessage()).contains("field " + fault.field());
        }
    }

    static Stream<BinanceFault> malformedTransferAnswers() {
        return Stream.of(
                BinanceFault.missingField("POST", TRANSFER, "tranId"),
                BinanceFault.nonNumeric("POST", TRANSFER, "tranId"),
                BinanceFault.of(BinanceFault.Type.HTML_PAGE, "POST", TRANSFER),
                BinanceFault.of(BinanceFault.Type.EMPTY_BODY, "POST", TRANSFER));
    }

    static Stream<BinanceFault> malformedHistoryAnswers() {
        return Stream.of(
                BinanceFault.missingField("GET", TRANSFER, "total"),
                BinanceFault.nonNumeric("GET", TRANSFER, "total"));
    }

    @ParameterizedTest
    @MethodSource("malformedHistoryAnswers")
    void malformedHistoryAnswerIsUnknownNamingTheFieldAndMovesNothing(BinanceFault fault) {
        server.injectFault(fault);

        TransferLookup lookup = venue.findTransfer(Binance.cross("100"));

        assertThat(lookup).isInstanceOfSatisfying(TransferLookup.Unknown.class,
                unknown -> assertThat(unknown.reason()).contains("binance-usdm", "field " + fault.field()));
        assertThat(server.transfers(Binance.KEY)).isEmpty();
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("750");
    }

    @ParameterizedTest
    @MethodSource("malformedTransferAnswers")
    void malformedTransferAnswerLeavesTheOutcomeUnknownAndMovesNothing(BinanceFault fault) {
        server.injectFault(fault);

        VenueException error = failure(() -> venue.transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.outcomeUnknown()).isTrue();
        assertThat(server.transfers(Binance.KEY)).isEmpty();
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("750");
    }

    @Test
    void malformedMarginAddAnswerIsOutcomeUnknownAndAddsNothing() {
        server.injectFault(BinanceFault.nonNumeric("POST", "/fapi/v1/positionMargin", "amount"));

        VenueException error = failure(() -> venue.transferToMargin(Binance.isolated("50")));

        assertThat(error.outcomeUnknown()).isTrue();
        assertThat(error.getMessage()).contains("field amount");
        assertThat(server.marginChanges(Binance.KEY)).isEmpty();
        assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("300");
    }

    private VenueException failure(Runnable call) {
        VenueException error = catchThrowableOfType(VenueException.class, call::run);
        assertThat(error).as("expected a VenueException").isNotNull();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        messages.add(error.toString());
        return error;
    }
}
