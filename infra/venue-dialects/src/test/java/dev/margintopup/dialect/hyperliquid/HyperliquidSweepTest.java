package dev.margintopup.dialect.hyperliquid;

import static dev.margintopup.dialect.hyperliquid.HyperliquidSeeds.ACCOUNT;
import static dev.margintopup.dialect.hyperliquid.HyperliquidSeeds.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.dialect.SpoiledAfterMoving;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.hyperliquid.HyperliquidVenue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sweep-back over Hyperliquid. Cross: one {@code usdClassTransfer} perp → spot under the intent's
 * nonce, found again in the ledger, refused beyond the withdrawable (10 000 perp less 1 000 of loss and
 * 1 500 of initial margin: 7 500). Isolated: {@code updateIsolatedMargin} with a negative amount, then
 * the transfer to spot under the next nonce; with ETH marked at 3 300 the position holds 3 000 margin,
 * +3 000 PnL and 1 320 initial margin, so all 3 000 may leave it. Every resend is the very same signed
 * action, which the venue takes at most once.
 */
class HyperliquidSweepTest {

    private static final Map<String, BigDecimal> SWEEP = Map.of("afterMinutes", new BigDecimal("3"),
            "lookbackDays", new BigDecimal("1"), "dailyCap", new BigDecimal("10000"));

    private HyperliquidDialectServer server;

    @BeforeEach
    void start() {
        server = HyperliquidSeeds.server();
        server.setMarkPrice(ETH, "3300");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver sweeps() {
        return new TopUpDriver(Instant.now().minusSeconds(1), () -> HyperliquidSeeds.client(server), "venue",
                HyperliquidVenue.NAME, "venueEndpoint", server.baseUrl(), "asset", "USDC", "sourceWallet", "SPOT",
                "maxTransfer", new BigDecimal("10000"), "sweep", SWEEP);
    }

    private String ledger() {
        return String.join(", ", server.transfers(ACCOUNT).stream()
                .map(e -> (e.toPerp() ? "spot→perp " : "perp→spot ") + e.usdc().stripTrailingZeros().toPlainString())
                .toList());
    }

    @Test
    void aCrossSweepMovesExactlyTheAmountBackToSpotOnceEvenDeliveredAgain() {
        TopUpDriver sweeps = sweeps();

        sweeps.confirmedThenRedeliveredInVain(sweeps.openSweep("500"));

        assertThat(ledger()).isEqualTo("perp→spot 500");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1500");
        assertThat(server.perpBalance(ACCOUNT)).isEqualByComparingTo("9500");
    }

    @Test
    void aSweepIsFoundInTheLedgerAndATopUpsLookupNeverTakesItForItself() {
        TransferInstruction sweep = HyperliquidSeeds.cross("500");
        assertThat(HyperliquidSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());

        HyperliquidSeeds.client(server).transferFromMargin(sweep);

        assertThat(HyperliquidSeeds.client(server).findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
        assertThat(HyperliquidSeeds.client(server).findTransfer(sweep)).isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void aLostSweepAnswerIsFoundInTheLedgerAndNeverSentAgain() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.LOSE_RESPONSE,
                HyperliquidDialectServer.USD_CLASS_TRANSFER));
        TopUpDriver sweeps = sweeps();

        sweeps.confirmedThenRedeliveredInVain(sweeps.openSweep("500"));

        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isEqualTo(1);
        assertThat(ledger()).isEqualTo("perp→spot 500");
    }

    @Test
    void aSweepThatNeverArrivedIsSentAgainAsTheSameActionAndMovesOnce() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.HTTP_500,
                HyperliquidDialectServer.USD_CLASS_TRANSFER));
        TopUpDriver sweeps = sweeps();

        sweeps.confirmedOnRetry(sweeps.openSweep("500"));

        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isEqualTo(2);
        assertThat(ledger()).isEqualTo("perp→spot 500");
    }

    @Test
    void anUnreadableAnswerAfterTheSweepWasSentIsOutcomeUnknownAndReconciledToOneTransfer() {
        server.injectFault(HyperliquidFault.applied(HyperliquidFault.Type.APPLIED_HTML_PAGE,
                HyperliquidDialectServer.USD_CLASS_TRANSFER, null));
        TopUpDriver sweeps = sweeps();

        SpoiledAfterMoving.assertNeverARefusal(() -> HyperliquidSeeds.client(server)
                .transferFromMargin(HyperliquidSeeds.cross("200")));
        server.injectFault(HyperliquidFault.applied(HyperliquidFault.Type.APPLIED_HTML_PAGE,
                HyperliquidDialectServer.USD_CLASS_TRANSFER, null));
        assertThat(sweeps.neverFailed(sweeps.openSweep("300"), 3).state()).isEqualTo(IntentState.CONFIRMED);

        assertThat(ledger()).isEqualTo("perp→spot 200, perp→spot 300");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1500");
    }

    @Test
    void aCrossSweepBeyondTheWithdrawableIsRefusedAndMovesNothing() {
        TransferInstruction sweep = HyperliquidSeeds.cross("7600");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> HyperliquidSeeds.client(server).transferFromMargin(sweep));

        assertThat(error.outcomeUnknown()).as(error.getMessage()).isFalse();
        assertThat(error.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(server.transfers(ACCOUNT)).isEmpty();
        assertThat(HyperliquidSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());

        TopUpDriver sweeps = sweeps();
        assertThat(sweeps.deliver(sweeps.openSweep("7600")).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(server.perpBalance(ACCOUNT)).isEqualByComparingTo("10000");
    }

    @Test
    void anIsolatedSweepTakesTheMarginOutOfThePositionAndBackToSpotAndIsFoundByTheTransfer() {
        TransferInstruction sweep = HyperliquidSeeds.isolated("500");

        HyperliquidSeeds.client(server).transferFromMargin(sweep);

        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("2500");
        assertThat(server.perpBalance(ACCOUNT)).isEqualByComparingTo("10000");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1500");
        assertThat(server.isolatedAdds(ACCOUNT)).singleElement()
                .satisfies(change -> assertThat(change.usdc()).isEqualByComparingTo("-500"));
        assertThat(HyperliquidSeeds.client(server).findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
    }

    @Test
    void aRefusedTransferAfterTheReduceIsNeverARefusalAndTheResendMovesEachLegOnce() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.HTTP_500,
                HyperliquidDialectServer.USD_CLASS_TRANSFER));
        TransferInstruction sweep = HyperliquidSeeds.isolated("500");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> HyperliquidSeeds.client(server).transferFromMargin(sweep));
        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);

        HyperliquidSeeds.client(server).transferFromMargin(sweep);

        assertThat(server.isolatedAdds(ACCOUNT)).hasSize(1);
        assertThat(ledger()).isEqualTo("perp→spot 500");
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("2500");
    }

    @Test
    void aReduceBeyondWhatThePositionMayReleaseIsRefusedAndMovesNothing() {
        server.setMarkPrice(ETH, "2800");
        TransferInstruction sweep = HyperliquidSeeds.isolated("100");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> HyperliquidSeeds.client(server).transferFromMargin(sweep));

        assertThat(error.outcomeUnknown()).as(error.getMessage()).isFalse();
        assertThat(server.isolatedAdds(ACCOUNT)).isEmpty();
        assertThat(server.transfers(ACCOUNT)).isEmpty();
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("3000");
    }

    /** The reduce applied, then its answer lost or spoiled. */
    static Stream<HyperliquidFault> reduceAnswersLost() {
        return Stream.of(HyperliquidFault.of(HyperliquidFault.Type.LOSE_RESPONSE,
                        HyperliquidDialectServer.UPDATE_ISOLATED_MARGIN),
                HyperliquidFault.applied(HyperliquidFault.Type.APPLIED_HTML_PAGE,
                        HyperliquidDialectServer.UPDATE_ISOLATED_MARGIN, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reduceAnswersLost")
    void aReduceWhoseAnswerIsLostIsResentAsTheSameReduceWhichCountsAsTakenAndTheSweepMovesOnce(HyperliquidFault fault) {
        server.injectFault(fault);
        TransferInstruction sweep = HyperliquidSeeds.isolated("500");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> HyperliquidSeeds.client(server).transferFromMargin(sweep));
        assertThat(error.kind()).as("never a refusal").isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(HyperliquidSeeds.client(server).findSweep(sweep)).as("the reduce is not in the ledger")
                .isEqualTo(new TransferLookup.NotFound());

        HyperliquidSeeds.client(server).transferFromMargin(sweep);

        assertThat(server.isolatedAdds(ACCOUNT)).as("one reduce").hasSize(1);
        assertThat(ledger()).isEqualTo("perp→spot 500");
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("2500");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1500");
        assertThat(HyperliquidSeeds.client(server).findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
    }

    @Test
    void anIsolatedSweepWhoseTransferAnswerIsLostIsReconciledByTheTransferServiceAndMovesOnce() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.LOSE_RESPONSE,
                HyperliquidDialectServer.USD_CLASS_TRANSFER));
        TopUpDriver sweeps = new TopUpDriver(Instant.now().minusSeconds(1), () -> HyperliquidSeeds.client(server),
                "venue", HyperliquidVenue.NAME, "venueEndpoint", server.baseUrl(), "asset", "USDC", "sourceWallet",
                "SPOT", "marginMode", "isolated", "symbol", ETH, "sweep", SWEEP);

        sweeps.confirmedThenRedeliveredInVain(sweeps.openSweep("500"));

        assertThat(server.isolatedAdds(ACCOUNT)).as("one reduce").hasSize(1);
        assertThat(ledger()).isEqualTo("perp→spot 500");
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("2500");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1500");
    }

    @Test
    void anIsolatedReadingSaysWhatThePositionKeepsSoThatNoSweepAsksMoreThanTheVenueReleases() {
        // 10 ETH at 3 300 and 25× leverage: 1 320 of initial margin, and the +3 000 of profit stays in.
        assertThat(HyperliquidSeeds.client(server).readMargin(HyperliquidSeeds.ISOLATED).marginToKeep())
                .isEqualByComparingTo("4320");
        assertThat(HyperliquidSeeds.client(server).readMargin(HyperliquidSeeds.CROSS).marginToKeep()).isNull();
    }
}
