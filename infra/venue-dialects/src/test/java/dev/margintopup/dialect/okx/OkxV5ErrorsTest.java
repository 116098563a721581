package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.okx.OkxSeeds.ETH;
import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static dev.margintopup.dialect.okx.OkxSeeds.PASSPHRASE;
import static dev.margintopup.dialect.okx.OkxSeeds.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OkxV5ErrorsTest {

    private OkxDialectServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private OkxV5Venue venue(OkxAccount account) {
        server = OkxSeeds.server(account);
        return OkxSeeds.client(server);
    }

    /** Every failure names the venue and endpoint and never carries the secret, the passphrase or a signature. */
    private static VenueException failure(Executable call) {
        VenueException e = catchThrowableOfType(VenueException.class, () -> {
            try {
                call.execute();
            } catch (Throwable t) {
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw new AssertionError(t);
            }
        });
        assertThat(e).as("a VenueException").isNotNull();
        assertThat(e.getMessage()).startsWith("okx-v5 /api/v5/")
                .doesNotContain(SECRET).doesNotContain(PASSPHRASE).doesNotContain(KEY)
                .doesNotContainPattern("[A-Za-z0-9+/]{43}=");
        return e;
    }

    private void assertNothingMoved() {
        assertThat(server.transfers(KEY)).isEmpty();
        assertThat(server.bills(KEY)).isEmpty();
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1000");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5500");
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("3000");
    }

    // ---- authentication and clock ----

    @Test
    void aWrongSecretIsAuthAndMovesNothing() {
        server = OkxSeeds.server(OkxSeeds.trader());
        OkxV5Venue wrong = OkxSeeds.client(server.baseUrl(), new VenueCredentials(KEY, "WRONG" + SECRET, PASSPHRASE));

        VenueException e = failure(() -> wrong.transferToMargin(OkxSeeds.cross("100")));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.venueCode()).isEqualTo("50113");
        assertNothingMoved();
    }

    @Test
    void aWrongPassphraseIsAuth() {
        server = OkxSeeds.server(OkxSeeds.trader());
        OkxV5Venue wrong = OkxSeeds.client(server.baseUrl(), new VenueCredentials(KEY, SECRET, "not-it"));

        VenueException e = failure(() -> wrong.readMargin(OkxSeeds.CROSS));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.venueCode()).isEqualTo("50105");
    }

    @Test
    void anUnknownKeyIsAuth() {
        server = OkxSeeds.server(OkxSeeds.trader());
        OkxV5Venue wrong = OkxSeeds.client(server.baseUrl(), new VenueCredentials("okx-key-unknown", SECRET, PASSPHRASE));

        assertThat(failure(() -> wrong.readMargin(OkxSeeds.CROSS)).venueCode()).isEqualTo("50111");
    }

    @Test
    void aMissingPassphraseIsConfigBeforeAnyRequest() {
        server = OkxSeeds.server(OkxSeeds.trader());
        OkxV5Venue none = OkxSeeds.client(server.baseUrl(), new VenueCredentials(KEY, SECRET, null));

        assertThat(failure(() -> none.readMargin(OkxSeeds.CROSS)).kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.requestCount(OkxDialectServer.CONFIG)).isZero();
    }

    @Test
    void aSkewedClockIsResyncedWithTheVenueAndTheRequestSentOnceMore() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.setClockSkew(Duration.ofSeconds(90));
        server.setTimeEndpointSkew(Duration.ofSeconds(90));

        venue.transferToMargin(OkxSeeds.cross("100"));

        assertThat(server.requestCount(OkxDialectServer.TIME)).isEqualTo(1);
        assertThat(server.transfers(KEY)).hasSize(1);
    }

    @Test
    void aSkewThatResyncingCannotFixIsTimestamp() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.setClockSkew(Duration.ofSeconds(90));

        VenueException e = failure(() -> venue.transferToMargin(OkxSeeds.cross("100")));

        assertThat(e.kind()).isEqualTo(Kind.TIMESTAMP);
        assertThat(e.venueCode()).isEqualTo("50102");
        assertNothingMoved();
    }

    // ---- refusals and outages ----

    @Test
    void moreThanTheFundingAccountHoldsIsInsufficientBalance() {
        OkxV5Venue venue = venue(OkxSeeds.trader());

        VenueException e = failure(() -> venue.transferToMargin(OkxSeeds.cross("1000.01")));

        assertThat(e.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(e.venueCode()).isEqualTo("58350");
        assertNothingMoved();
    }

    @Test
    void throttlingIsRateLimitedAndSaysTheEndpointsLimit() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.injectFault(OkxFault.of(OkxFault.Type.RATE_LIMIT, OkxDialectServer.TRANSFER));

        VenueException e = failure(() -> venue.transferToMargin(OkxSeeds.cross("100")));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.venueCode()).isEqualTo("50011");
        assertThat(e.getMessage()).contains("2 requests per s per user and currency");
        assertNothingMoved();
    }

    @Test
    void aServerErrorOnTheTransferIsOutcomeUnknownAndReconcilesAsNotFound() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        TransferInstruction instruction = OkxSeeds.cross("100");
        server.injectFault(OkxFault.of(OkxFault.Type.HTTP_500, OkxDialectServer.TRANSFER));

        VenueException e = failure(() -> venue.transferToMargin(instruction));

        assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(e.venueCode()).isEqualTo("50026");
        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.NotFound.class);
        assertNothingMoved();
    }

    @Test
    void aMaintenancePageIsOutcomeUnknown() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.injectFault(OkxFault.of(OkxFault.Type.MAINTENANCE_PAGE, OkxDialectServer.TRANSFER));

        VenueException e = failure(() -> venue.transferToMargin(OkxSeeds.cross("100")));

        assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(e.getMessage()).contains("HTTP 503");
    }

    @Test
    void anUnreadableHistoryIsUnknownNeverNotFound() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.injectFault(OkxFault.of(OkxFault.Type.SERVICE_UNAVAILABLE, OkxDialectServer.TRANSFER_STATE));

        assertThat(venue.findTransfer(OkxSeeds.cross("100"))).isInstanceOf(TransferLookup.Unknown.class);
    }

    // ---- malformed answers ----

    static Stream<Arguments> malformedReads() {
        return Stream.of(
                Arguments.of(OkxFault.of(OkxFault.Type.EMPTY_BODY, OkxDialectServer.BALANCE), "empty body"),
                Arguments.of(OkxFault.of(OkxFault.Type.HTML_PAGE, OkxDialectServer.BALANCE), "not OKX's JSON"),
                Arguments.of(OkxFault.missingField(OkxDialectServer.BALANCE, "mgnRatio"), "field mgnRatio"),
                Arguments.of(OkxFault.nonNumeric(OkxDialectServer.BALANCE, "mmr"), "field mmr"),
                Arguments.of(OkxFault.missingField(OkxDialectServer.FUNDING_BALANCES, "availBal"), "field availBal"),
                Arguments.of(OkxFault.missingField(OkxDialectServer.CONFIG, "acctLv"), "field acctLv"));
    }

    @ParameterizedTest
    @MethodSource("malformedReads")
    void aMalformedCrossReadIsBadResponseNamingTheField(OkxFault fault, String named) {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.injectFault(fault);

        // What a check about to act reads: the margin, then the source.
        VenueException e = failure(() -> {
            venue.readMargin(OkxSeeds.CROSS);
            venue.sourceFree(OkxSeeds.FUNDING_USDT);
        });

        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains(named);
    }

    static Stream<Arguments> malformedPositions() {
        return Stream.of(
                Arguments.of(OkxFault.missingField(OkxDialectServer.POSITIONS, "margin"), "field margin"),
                Arguments.of(OkxFault.nonNumeric(OkxDialectServer.POSITIONS, "markPx"), "field markPx"),
                Arguments.of(OkxFault.nonNumeric(OkxDialectServer.POSITIONS, "upl"), "field upl"));
    }

    @ParameterizedTest
    @MethodSource("malformedPositions")
    void aMalformedPositionIsBadResponseNamingTheField(OkxFault fault, String named) {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        server.injectFault(fault);

        VenueException e = failure(() -> venue.readMargin(OkxSeeds.ISOLATED));

        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains(named);
    }

    static Stream<Arguments> malformedTransferAnswers() {
        return Stream.of(
                Arguments.of(OkxFault.of(OkxFault.Type.EMPTY_BODY, OkxDialectServer.TRANSFER), "empty body"),
                Arguments.of(OkxFault.missingField(OkxDialectServer.TRANSFER, "transId"), "field transId"),
                Arguments.of(OkxFault.nonNumeric(OkxDialectServer.TRANSFER, "amt"), "field amt"),
                Arguments.of(OkxFault.of(OkxFault.Type.HTML_PAGE, OkxDialectServer.TRANSFER), "not OKX's JSON"));
    }

    @ParameterizedTest
    @MethodSource("malformedTransferAnswers")
    void aMalformedTransferAnswerLeavesTheOutcomeUnknownAndMovesNothing(OkxFault fault, String named) {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        venue.readMargin(OkxSeeds.CROSS); // account config cached, so the fault meets the transfer calls
        server.injectFault(fault);

        VenueException e = failure(() -> venue.transferToMargin(OkxSeeds.cross("100")));

        assertThat(e.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(e.outcomeUnknown()).isTrue();
        assertThat(e.getMessage()).contains(named);
        assertNothingMoved();
    }

    static Stream<Arguments> malformedTransferStateAnswers() {
        return Stream.of(
                Arguments.of(OkxFault.of(OkxFault.Type.EMPTY_BODY, OkxDialectServer.TRANSFER_STATE), "empty body"),
                Arguments.of(OkxFault.of(OkxFault.Type.HTML_PAGE, OkxDialectServer.TRANSFER_STATE), "not OKX's JSON"));
    }

    @ParameterizedTest
    @MethodSource("malformedTransferStateAnswers")
    void aMalformedTransferStateAnswerIsUnknownNamingWhyAndMovesNothing(OkxFault fault, String named) {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        venue.readMargin(OkxSeeds.CROSS);
        server.injectFault(fault);

        TransferLookup lookup = venue.findTransfer(OkxSeeds.cross("100"));

        assertThat(lookup).isInstanceOfSatisfying(TransferLookup.Unknown.class,
                unknown -> assertThat(unknown.reason()).contains(named));
        assertNothingMoved();
    }

    // ---- account and key checks ----

    @Test
    void aKeyThatCanWithdrawIsRefusedBeforeAnythingMoves() {
        OkxV5Venue venue = venue(OkxSeeds.trader().perm("read_only,trade,withdraw"));

        VenueException read = failure(() -> venue.readMargin(OkxSeeds.CROSS));
        VenueException transfer = failure(() -> venue.transferToMargin(OkxSeeds.cross("100")));

        assertThat(read.kind()).isEqualTo(Kind.CONFIG);
        assertThat(transfer.kind()).isEqualTo(Kind.CONFIG);
        assertThat(transfer.getMessage()).contains("Withdraw");
        assertNothingMoved();
    }

    @Test
    void aReadOnlyKeyCanReadButNotTransfer() {
        OkxV5Venue venue = venue(OkxSeeds.trader().perm("read_only"));

        venue.readMargin(OkxSeeds.CROSS);
        VenueException e = failure(() -> venue.transferToMargin(OkxSeeds.cross("100")));

        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("Trade");
        assertNothingMoved();
    }

    @Test
    void isolatedIsRefusedInMultiCurrencyMode() {
        OkxV5Venue venue = venue(OkxSeeds.trader().acctLv("3"));

        VenueException read = failure(() -> venue.readMargin(OkxSeeds.ISOLATED));
        VenueException transfer = failure(() -> venue.transferToMargin(OkxSeeds.isolated("100", "FUNDING")));

        assertThat(read.kind()).isEqualTo(Kind.CONFIG);
        assertThat(transfer.kind()).isEqualTo(Kind.CONFIG);
        assertThat(transfer.getMessage()).contains("Futures mode");
        assertNothingMoved();
    }

    @Test
    void crossInMultiCurrencyModeReadsTheAccountLevelRatio() {
        OkxV5Venue venue = venue(OkxSeeds.trader().acctLv("3"));

        // adjEq = 5 500 − 1 000; the isolated position does not exist in this mode's maths
        assertThat(venue.readMargin(OkxSeeds.CROSS).marginRatio()).isEqualByComparingTo("0.0666666666667");
    }

    @Test
    void aSpotModeAccountIsRefused() {
        OkxV5Venue venue = venue(OkxSeeds.trader().acctLv("1"));

        assertThat(failure(() -> venue.transferToMargin(OkxSeeds.cross("100"))).kind()).isEqualTo(Kind.CONFIG);
        assertNothingMoved();
    }

    @Test
    void spotAsTheSourceOfCrossIsRefused() {
        OkxV5Venue venue = venue(OkxSeeds.trader());
        TransferInstruction fromSpot = new TransferInstruction("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "USDT",
                new BigDecimal("100"), "SPOT", MarginMode.CROSS, null, java.time.Instant.now());

        assertThat(failure(() -> venue.transferToMargin(fromSpot)).kind()).isEqualTo(Kind.CONFIG);
        assertThat(failure(() -> venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SPOT"))).kind())
                .isEqualTo(Kind.CONFIG);
        assertNothingMoved();
    }

    @Test
    void bothSidesOpenInHedgeModeIsRefusedNotGuessed() {
        OkxV5Venue venue = venue(OkxSeeds.trader().posMode("long_short_mode")
                .position(OkxPosition.isolated(ETH, "long", "1000", "3000", "3000", "0.01"))
                .position(OkxPosition.isolated(ETH, "short", "500", "3000", "1500", "0.01")));

        assertThat(failure(() -> venue.transferToMargin(OkxSeeds.isolated("100", "FUNDING"))).kind())
                .isEqualTo(Kind.CONFIG);
    }

    @Test
    void anAssetWithoutAKnownTransferStepIsNotSupportedYet() {
        OkxV5Venue venue = venue(OkxSeeds.trader());

        VenueException e = failure(() -> venue.readMargin(new MarginQuery(MarginMode.CROSS, null, "DOGE", "FUNDING")));

        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("not supported yet");
    }
}
