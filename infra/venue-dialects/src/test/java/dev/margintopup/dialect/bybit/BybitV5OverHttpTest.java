package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.ExpectedPositions.BY_VALUE;
import static dev.margintopup.dialect.ExpectedPositions.position;
import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_USDT;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_BTC;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.crossTopUp;
import static dev.margintopup.dialect.bybit.BybitSeeds.isolatedTopUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.bybit.BybitV5Venue;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Bybit adapter against the Bybit dialect server over HTTP: reads, transfers, reconciliation. */
class BybitV5OverHttpTest {

    private static final String INTENT = "3f1e2d4c-5b6a-4789-8abc-def012345678";
    private static final String OTHER_INTENT = "0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d";

    private BybitDialectServer server;
    private BybitV5Venue crossVenue;
    private BybitV5Venue isolatedVenue;

    @BeforeEach
    void start() {
        server = BybitSeeds.server();
        crossVenue = BybitSeeds.client(server, CROSS_KEY);
        isolatedVenue = BybitSeeds.client(server, ISOLATED_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void crossSnapshotIsMaintenanceOverMarginBalanceWithTheFundingWalletAsSource() {
        MarginSnapshot snapshot = crossVenue.readMargin(CROSS_USDT);

        assertThat(snapshot.venue()).isEqualTo("bybit-v5");
        assertThat(snapshot.asOf()).isEqualTo(BybitSeeds.CLOCK.instant());
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("9000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("1450");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.161111111111");
        assertThat(snapshot.sourceFree()).as("the margin read leaves the source unread").isNull();
        assertThat(crossVenue.sourceFree(BybitSeeds.FUNDING_USDT)).isEqualByComparingTo("1000");
        assertThat(snapshot.transferStep()).isEqualByComparingTo("0.01");
        assertThat(snapshot.markPrice()).isNull();
        assertThat(snapshot.liquidationPrice()).isNull();
    }

    @Test
    void isolatedSnapshotIsPositionMaintenanceOverItsMarginPlusPnlWithLiquidationPrice() {
        MarginSnapshot snapshot = isolatedVenue.readMargin(ISOLATED_BTC);

        assertThat(snapshot.marginBalance()).isEqualByComparingTo("2000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("145");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0725");
        assertThat(snapshot.markPrice()).isEqualByComparingTo("58000");
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("54271.36");
        assertThat(snapshot.distanceToLiquidation()).isEqualByComparingTo("0.0642868965517");
        assertThat(isolatedVenue.sourceFree(new SourceQuery(MarginMode.ISOLATED, "USDT", "FUNDING")))
                .isEqualByComparingTo("1000");
    }

    @Test
    void crossSnapshotCarriesEveryOpenLinearPositionSettledInTheAsset() {
        MarginSnapshot snapshot = crossVenue.readMargin(CROSS_USDT);

        // Bybit gives no liquidation price for a cross position: it depends on the whole account.
        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("ETHUSDT", Position.Side.LONG, "10", "2900", "1450", null));
    }

    @Test
    void aCrossReadThatNeedsNoPositionsMakesNoPositionListRequest() {
        MarginQuery ratioOnly = new MarginQuery(CROSS_USDT.mode(), null, "USDT", "FUNDING", false);
        int before = server.requestCount(BybitDialectServer.POSITION_LIST);

        MarginSnapshot snapshot = crossVenue.readMargin(ratioOnly);

        assertThat(snapshot.positions()).isEmpty();
        assertThat(snapshot.marginRatio()).isEqualByComparingTo(crossVenue.readMargin(CROSS_USDT).marginRatio());
        assertThat(server.requestCount(BybitDialectServer.POSITION_LIST) - before)
                .as("only the read that lists positions asks for them").isEqualTo(1);
    }

    @Test
    void isolatedSnapshotCarriesItsPositionWithTheLiquidationPrice() {
        MarginSnapshot snapshot = isolatedVenue.readMargin(ISOLATED_BTC);

        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("BTCUSDT", Position.Side.LONG, "0.5", "58000", "145", "54271.36"));
    }

    @Test
    void hedgeModeGivesOnePositionPerSideAndEmptyRowsAreNoPositions() {
        server.seedAccount(BybitAccount.builder("bybit-hedge-key-0003", BybitSeeds.CANARY_SECRET)
                .fund("USDT", "100")
                .unified("USDT", "20000")
                .position(BybitPosition.hedge("BTCUSDT", "Buy", "0.2", "60000", "10", "0.005"))
                .position(BybitPosition.hedge("BTCUSDT", "Sell", "0.1", "59000", "10", "0.005"))
                .position(BybitPosition.cross("SOLUSDT", "Buy", "0", "150", "10", "0.01"))
                .build());
        server.setMarkPrice("BTCUSDT", "58000");

        MarginSnapshot snapshot = BybitSeeds.client(server, "bybit-hedge-key-0003").readMargin(CROSS_USDT);

        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("BTCUSDT", Position.Side.LONG, "0.2", "58000", "58", null),
                position("BTCUSDT", Position.Side.SHORT, "0.1", "58000", "29", null));
    }

    @Test
    void crossTopUpMovesFundingToUnifiedOnceUnderTheIntentId() {
        TransferReceipt receipt = crossVenue.transferToMargin(crossTopUp(INTENT, "250"));

        assertThat(receipt).isEqualTo(new TransferReceipt(INTENT, true));
        assertThat(server.fundBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("750");
        assertThat(server.unifiedBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("10250");
        assertThat(server.transfers(CROSS_KEY)).singleElement()
                .satisfies(t -> assertThat(t.transferId()).isEqualTo(INTENT));
        assertThat(crossVenue.readMargin(CROSS_USDT).marginBalance()).isEqualByComparingTo("9250");
    }

    @Test
    void sendingTheSameIntentAgainIsRefusedAsOutcomeUnknownAndMovesNothingMore() {
        crossVenue.transferToMargin(crossTopUp(INTENT, "250"));

        VenueException again = catchThrowableOfType(VenueException.class,
                () -> crossVenue.transferToMargin(crossTopUp(INTENT, "250")));

        assertThat(again.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(again.venueCode()).isEqualTo("131214");
        assertThat(server.transfers(CROSS_KEY)).hasSize(1);
        assertThat(server.fundBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("750");
    }

    @Test
    void isolatedTopUpMovesToUnifiedThenAddsToThePosition() {
        TransferReceipt receipt = isolatedVenue.transferToMargin(isolatedTopUp(INTENT, "100"));

        assertThat(receipt).isEqualTo(new TransferReceipt(INTENT, true));
        assertThat(server.fundBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("900");
        assertThat(server.unifiedBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("200");
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3100");
        assertThat(isolatedVenue.readMargin(ISOLATED_BTC).marginBalance()).isEqualByComparingTo("2100");
    }

    @Test
    void lostTransferAnswerIsUnknownThenFoundByTransferIdAndAResendMovesNothing() {
        server.injectFault(BybitFault.of(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.INTER_TRANSFER));
        TransferInstruction topUp = crossTopUp(INTENT, "250");

        VenueException error = catchThrowableOfType(VenueException.class, () -> crossVenue.transferToMargin(topUp));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(crossVenue.findTransfer(topUp)).isEqualTo(new TransferLookup.Found(INTENT));
        assertThat(catchThrowableOfType(VenueException.class, () -> crossVenue.transferToMargin(topUp)).kind())
                .isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(server.transfers(CROSS_KEY)).hasSize(1);
        assertThat(server.fundBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("750");
    }

    @Test
    void neverSentInstructionIsNotFound() {
        assertThat(crossVenue.findTransfer(crossTopUp(OTHER_INTENT, "250"))).isEqualTo(new TransferLookup.NotFound());
        assertThat(isolatedVenue.findTransfer(isolatedTopUp(OTHER_INTENT, "100")))
                .isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void instructionOlderThanTheHistoryWindowIsUnknownNotNotFound() {
        TransferInstruction old = new TransferInstruction(OTHER_INTENT, "USDT", new java.math.BigDecimal("250"),
                "FUNDING", MarginMode.CROSS, null, Instant.parse("2025-02-20T12:00:00Z"));

        assertThat(crossVenue.findTransfer(old)).isInstanceOf(TransferLookup.Unknown.class);
    }

    @Test
    void crashBetweenWalletTransferAndAddMarginIsUnfinishedAndFinishingSendsTheAddAlone() {
        server.injectFault(BybitFault.of(BybitFault.Type.DROP, BybitDialectServer.ADD_MARGIN));
        TransferInstruction topUp = isolatedTopUp(INTENT, "100");

        VenueException crash = catchThrowableOfType(VenueException.class, () -> isolatedVenue.transferToMargin(topUp));

        assertThat(crash.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(server.fundBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("900");
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3000");
        // A fresh adapter, as after a Lambda restart: it knows only the persisted instruction.
        BybitV5Venue restarted = BybitSeeds.client(server, ISOLATED_KEY);
        TransferLookup lookup = restarted.findTransfer(topUp);
        assertThat(lookup).isInstanceOfSatisfying(TransferLookup.Unfinished.class,
                unfinished -> assertThat(unfinished.walletTransferId()).isEqualTo(INTENT));

        assertThat(restarted.finishTransfer(topUp, (TransferLookup.Unfinished) lookup))
                .isEqualTo(new TransferReceipt(INTENT, true));

        BybitSeeds.assertIsolatedTopUpOf100MovedOnce(server);
    }

    @Test
    void retryAfterTheAddMayHaveHappenedIsUnknownAndNeverAddsAgain() {
        server.injectFault(BybitFault.of(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.ADD_MARGIN));
        TransferInstruction topUp = isolatedTopUp(INTENT, "100");
        catchThrowableOfType(VenueException.class, () -> isolatedVenue.transferToMargin(topUp));
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3100");

        assertThat(isolatedVenue.findTransfer(topUp)).isInstanceOf(TransferLookup.Unknown.class);
        VenueException retry = catchThrowableOfType(VenueException.class, () -> isolatedVenue.transferToMargin(topUp));

        assertThat(retry.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(server.requestCount(BybitDialectServer.ADD_MARGIN)).isEqualTo(1);
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3100");
    }

    @Test
    void positionTouchedAfterACrashBetweenStepsIsUnknownNotResent() {
        server.injectFault(BybitFault.of(BybitFault.Type.DROP, BybitDialectServer.ADD_MARGIN));
        TransferInstruction topUp = isolatedTopUp(INTENT, "100");
        catchThrowableOfType(VenueException.class, () -> isolatedVenue.transferToMargin(topUp));
        server.touchPosition(ISOLATED_KEY, "BTCUSDT");

        assertThat(isolatedVenue.findTransfer(topUp)).isInstanceOf(TransferLookup.Unknown.class);
        assertThat(catchThrowableOfType(VenueException.class, () -> isolatedVenue.transferToMargin(topUp)).kind())
                .isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3000");
    }

    @Test
    void reconcileGraceIsAMinute() {
        assertThat(crossVenue.reconcileGrace()).hasSeconds(60);
    }

    @Test
    void spotSourceIsAConfigurationErrorBecauseSpotIsAlreadyUnifiedMargin() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> crossVenue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SPOT")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("bybit-v5", "FUNDING");
    }
}
