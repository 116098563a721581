package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.okx.OkxSeeds.ETH;
import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.dialect.SpoiledAfterMoving;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sweep-back over OKX. Cross: one trading → funding transfer under the intent's client id, found again
 * by it, refused beyond what the cross positions leave free (the trader's 5 500 cash less 1 000 of loss
 * and 3 000 of initial margin: 1 500). Isolated: a margin reduce (found again in the bills as sub-type
 * 161), then for FUNDING the transfer out; with ETH marked at 3 300 the position holds 3 000 margin,
 * +3 000 PnL and 3 300 initial margin, so 2 700 may leave it.
 */
class OkxV5SweepTest {

    private static final Map<String, BigDecimal> SWEEP = Map.of("afterMinutes", new BigDecimal("3"),
            "lookbackDays", new BigDecimal("1"), "dailyCap", new BigDecimal("10000"));

    private OkxDialectServer server;

    @BeforeEach
    void start() {
        server = OkxSeeds.server(OkxSeeds.trader());
        server.setMarkPrice(ETH, "3300");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver sweeps() {
        return new TopUpDriver(Instant.now().minusSeconds(1), () -> OkxSeeds.client(server), "venue", OkxV5Venue.NAME,
                "venueEndpoint", server.baseUrl(), "maxTransfer", new BigDecimal("5000"), "sweep", SWEEP);
    }

    private String transfersOut() {
        return String.join(", ", server.transfers(KEY).stream()
                .map(t -> t.from() + "→" + t.to() + " " + t.amt().stripTrailingZeros().toPlainString()).toList());
    }

    @Test
    void aCrossSweepMovesExactlyTheAmountBackToFundingOnceEvenDeliveredAgain() {
        TopUpDriver sweeps = sweeps();
        Intent sweep = sweeps.openSweep("500");

        sweeps.confirmedThenRedeliveredInVain(sweep);

        assertThat(transfersOut()).isEqualTo("18→6 500");
        assertThat(server.transfers(KEY).getFirst().clientId()).isEqualTo(sweep.intentId().replace("-", ""));
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1500");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5000");
    }

    @Test
    void aSweepIsFoundByItsClientIdAndATopUpsLookupNeverTakesItForItself() {
        TransferInstruction sweep = OkxSeeds.cross("500");
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());

        TransferReceipt receipt = OkxSeeds.client(server).transferFromMargin(sweep);

        assertThat(OkxSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
        assertThat(OkxSeeds.client(server).findTransfer(sweep)).as("the same client id read as a top-up")
                .isInstanceOf(TransferLookup.Unknown.class);
    }

    @Test
    void aLostSweepAnswerIsFoundByClientIdAndNeverSentAgain() {
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.TRANSFER));
        TopUpDriver sweeps = sweeps();

        sweeps.confirmedThenRedeliveredInVain(sweeps.openSweep("500"));

        assertThat(server.requestCount(OkxDialectServer.TRANSFER)).isEqualTo(1);
        assertThat(transfersOut()).isEqualTo("18→6 500");
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1500");
    }

    @Test
    void anUnreadableAnswerAfterTheSweepWasSentIsOutcomeUnknownAndReconciledToOneTransfer() {
        server.injectFault(OkxFault.appliedThen(OkxFault.Type.APPLIED_HTML_PAGE, OkxDialectServer.TRANSFER, null));
        SpoiledAfterMoving.assertNeverARefusal(() -> OkxSeeds.client(server).transferFromMargin(OkxSeeds.cross("200")));

        server.injectFault(OkxFault.appliedThen(OkxFault.Type.APPLIED_MISSING_FIELD, OkxDialectServer.TRANSFER,
                "transId"));
        TopUpDriver sweeps = sweeps();
        assertThat(sweeps.neverFailed(sweeps.openSweep("300"), 3).state()).isEqualTo(IntentState.CONFIRMED);

        assertThat(transfersOut()).isEqualTo("18→6 200, 18→6 300");
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1500");
    }

    @Test
    void aCrossSweepBeyondWhatThePositionsLeaveFreeIsRefusedAndMovesNothing() {
        TransferInstruction sweep = OkxSeeds.cross("1600");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferFromMargin(sweep));

        assertThat(error.outcomeUnknown()).as(error.getMessage()).isFalse();
        assertThat(error.venueCode()).isEqualTo("58121");
        assertThat(server.transfers(KEY)).isEmpty();
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5500");
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());

        TopUpDriver sweeps = sweeps();
        assertThat(sweeps.deliver(sweeps.openSweep("1600")).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(server.transfers(KEY)).isEmpty();
    }

    @Test
    void anIsolatedSweepToTheTradingAccountIsOneReduceFoundInTheBills() {
        TransferInstruction sweep = OkxSeeds.isolated("500", "SPOT");

        OkxSeeds.client(server).transferFromMargin(sweep);

        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("2500");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("6000");
        assertThat(server.transfers(KEY)).isEmpty();
        assertThat(server.bills(KEY)).singleElement().satisfies(bill -> {
            assertThat(bill.subType()).isEqualTo("161");
            assertThat(bill.posBalChg()).isEqualByComparingTo("-500");
        });
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isEqualTo(
                new TransferLookup.Found("bill-" + server.bills(KEY).getFirst().billId()));
        assertThat(OkxSeeds.client(server).findTransfer(sweep)).as("a top-up's lookup reads adds only")
                .isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void aLostReduceAnswerIsOutcomeUnknownAndTheReduceIsFoundInTheBills() {
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.MARGIN_BALANCE));
        TransferInstruction sweep = OkxSeeds.isolated("500", "SPOT");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferFromMargin(sweep));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("2500");
    }

    @Test
    void anIsolatedSweepToFundingReducesThenTransfersAndTheTransferIsTheSweepFound() {
        TransferInstruction sweep = OkxSeeds.isolated("500", "FUNDING");

        TransferReceipt receipt = OkxSeeds.client(server).transferFromMargin(sweep);

        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("2500");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5500");
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1500");
        assertThat(transfersOut()).isEqualTo("18→6 500");
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
    }

    @Test
    void aStopBetweenTheReduceAndTheTransferIsUnfinishedAndFinishedWithTheTransferAloneOnce() {
        server.injectFault(OkxFault.of(OkxFault.Type.SERVICE_UNAVAILABLE, OkxDialectServer.TRANSFER));
        TransferInstruction sweep = OkxSeeds.isolated("500", "FUNDING");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferFromMargin(sweep));
        assertThat(error.kind()).as("the reduce moved money: never a refusal").isEqualTo(Kind.OUTCOME_UNKNOWN);
        TransferLookup found = OkxSeeds.client(server).findSweep(sweep);
        assertThat(found).isInstanceOf(TransferLookup.Unfinished.class);

        OkxSeeds.client(server).finishSweep(sweep, (TransferLookup.Unfinished) found);

        assertThat(server.bills(KEY)).as("one reduce").hasSize(1);
        assertThat(transfersOut()).isEqualTo("18→6 500");
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("2500");
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1500");
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
    }

    @Test
    void aReduceBeyondWhatThePositionMayReleaseIsRefusedAndMovesNothing() {
        TransferInstruction sweep = OkxSeeds.isolated("2800", "FUNDING");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferFromMargin(sweep));

        assertThat(error.outcomeUnknown()).as(error.getMessage()).isFalse();
        assertThat(error.venueCode()).isEqualTo("59301");
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("3000");
        assertThat(server.bills(KEY)).isEmpty();
        assertThat(server.transfers(KEY)).isEmpty();
        assertThat(OkxSeeds.client(server).findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());
    }

    /** Each money-moving request of an isolated sweep, with each answer spoiled after it moved the money. */
    static Stream<Arguments> isolatedSpoiledAfterMoving() {
        return Stream.of(Arguments.of("SPOT", OkxDialectServer.MARGIN_BALANCE, "amt"),
                        Arguments.of("FUNDING", OkxDialectServer.MARGIN_BALANCE, "instId"),
                        Arguments.of("FUNDING", OkxDialectServer.TRANSFER, "transId"))
                .flatMap(call -> Stream.of(OkxFault.Type.APPLIED_HTML_PAGE, OkxFault.Type.APPLIED_MISSING_FIELD)
                        .map(type -> Arguments.of(call.get()[0], OkxFault.appliedThen(type, (String) call.get()[1],
                                type == OkxFault.Type.APPLIED_HTML_PAGE ? null : (String) call.get()[2]))));
    }

    @ParameterizedTest(name = "back to {0}, {1}")
    @MethodSource("isolatedSpoiledAfterMoving")
    void anIsolatedSweepWhoseAnswerIsSpoiledAfterMovingIsNeverARefusalAndIsFinishedOnce(String source, OkxFault fault) {
        server.injectFault(fault);
        TransferInstruction sweep = OkxSeeds.isolated("500", source);

        SpoiledAfterMoving.assertNeverARefusal(() -> OkxSeeds.client(server).transferFromMargin(sweep));
        if (OkxSeeds.client(server).findSweep(sweep) instanceof TransferLookup.Unfinished unfinished) {
            OkxSeeds.client(server).finishSweep(sweep, unfinished);
        }

        assertThat(OkxSeeds.client(server).findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
        assertThat(server.bills(KEY)).as("one reduce").hasSize(1);
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("2500");
        assertThat(transfersOut()).isEqualTo("FUNDING".equals(source) ? "18→6 500" : "");
    }

    @Test
    void anIsolatedSweepStoppedBetweenTheReduceAndTheTransferIsFinishedByTheTransferServiceOnce() {
        server.injectFault(OkxFault.of(OkxFault.Type.SERVICE_UNAVAILABLE, OkxDialectServer.TRANSFER));
        TopUpDriver sweeps = new TopUpDriver(Instant.now().minusSeconds(1), () -> OkxSeeds.client(server), "venue",
                OkxV5Venue.NAME, "venueEndpoint", server.baseUrl(), "marginMode", "isolated", "symbol", ETH,
                "sweep", SWEEP);

        sweeps.confirmedOnRetry(sweeps.openSweep("500"));

        assertThat(server.bills(KEY)).as("one reduce").singleElement()
                .satisfies(bill -> assertThat(bill.subType()).isEqualTo("161"));
        assertThat(transfersOut()).isEqualTo("18→6 500");
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("2500");
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("1500");
    }

    @Test
    void anIsolatedReadingSaysWhatThePositionKeepsSoThatNoSweepAsksMoreThanOkxReleases() {
        // 10 ETH at 3 300 and 10× leverage: 3 300 of initial margin, and the +3 000 of profit stays in.
        assertThat(OkxSeeds.client(server).readMargin(OkxSeeds.ISOLATED).marginToKeep()).isEqualByComparingTo("6300");
        assertThat(OkxSeeds.client(server).readMargin(OkxSeeds.CROSS).marginToKeep()).isNull();
    }
}
