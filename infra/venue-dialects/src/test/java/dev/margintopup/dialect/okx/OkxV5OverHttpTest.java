package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.ExpectedPositions.BY_VALUE;
import static dev.margintopup.dialect.ExpectedPositions.position;
import static dev.margintopup.dialect.okx.OkxSeeds.ETH;
import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.okx.OkxClientId;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OkxV5OverHttpTest {

    private OkxDialectServer server;
    private OkxV5Venue venue;

    @BeforeEach
    void start() {
        server = OkxSeeds.server(OkxSeeds.trader());
        venue = OkxSeeds.client(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BigDecimal funding() {
        return server.fundingBalance(KEY, "USDT");
    }

    private BigDecimal trading() {
        return server.tradingBalance(KEY, "USDT");
    }

    private BigDecimal ethMargin() {
        return server.isolatedMargin(KEY, ETH);
    }

    @Test
    void crossSnapshotIsTheInverseOfOkxsMarginRatio() {
        MarginSnapshot snapshot = venue.readMargin(OkxSeeds.CROSS);

        assertThat(snapshot.venue()).isEqualTo("okx-v5");
        assertThat(snapshot.asset()).isEqualTo("USDT");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("300");
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("4500");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0666666666667");
        assertThat(snapshot.sourceFree()).as("the margin read leaves the source unread").isNull();
        assertThat(venue.sourceFree(OkxSeeds.FUNDING_USDT)).isEqualByComparingTo("1000");
        assertThat(snapshot.transferStep()).isEqualByComparingTo("0.01");
        assertThat(snapshot.markPrice()).isNull();
        assertThat(snapshot.liquidationPrice()).isNull();
        assertThat(snapshot.asOf()).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
    }

    @Test
    void crossSnapshotCarriesEveryOpenCrossPositionInTheAssetButNotTheIsolatedOne() {
        MarginSnapshot snapshot = venue.readMargin(OkxSeeds.CROSS);

        // 100 contracts of 0.01 BTC: OKX's USD notional 60000 over the mark gives the size in BTC.
        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position(OkxSeeds.BTC, Position.Side.LONG, "1", "60000", "300", null));
    }

    @Test
    void aCrossReadThatNeedsNoPositionsMakesNoPositionsRequest() {
        MarginQuery ratioOnly = new MarginQuery(OkxSeeds.CROSS.mode(), null, "USDT", "FUNDING", false);
        int before = server.requestCount(OkxDialectServer.POSITIONS);

        MarginSnapshot snapshot = venue.readMargin(ratioOnly);

        assertThat(snapshot.positions()).isEmpty();
        assertThat(snapshot.marginRatio()).isEqualByComparingTo(venue.readMargin(OkxSeeds.CROSS).marginRatio());
        assertThat(server.requestCount(OkxDialectServer.POSITIONS) - before)
                .as("only the read that lists positions asks for them").isEqualTo(1);
    }

    @Test
    void isolatedSnapshotCarriesItsPositionWithTheLiquidationPrice() {
        MarginSnapshot snapshot = venue.readMargin(OkxSeeds.ISOLATED);

        // (10 x 3000 - 3000) / (10 x (1 - 0.01 - 0.0005)): maintenance and the liquidation fee
        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position(ETH, Position.Side.LONG, "10", "2800", "280", "2728.65"));
    }

    @Test
    void longShortModeGivesOnePositionPerSide() {
        OkxAccount hedged = new OkxAccount("okx-key-hedge-0002", OkxSeeds.SECRET, OkxSeeds.PASSPHRASE)
                .posMode("long_short_mode")
                .trading("USDT", "9000")
                .position(OkxPosition.cross(OkxSeeds.BTC, "long", "50", "59000", "0.005"))
                .position(OkxPosition.cross(OkxSeeds.BTC, "short", "30", "61000", "0.005"));
        server.seedAccount(hedged);

        MarginSnapshot snapshot = OkxSeeds.client(server.baseUrl(),
                new VenueCredentials("okx-key-hedge-0002", OkxSeeds.SECRET, OkxSeeds.PASSPHRASE)).readMargin(OkxSeeds.CROSS);

        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position(OkxSeeds.BTC, Position.Side.LONG, "0.5", "60000", "150", null),
                position(OkxSeeds.BTC, Position.Side.SHORT, "0.3", "60000", "90", null));
    }

    @Test
    void isolatedSnapshotIsRatedAsOkxRatesItWithTheLiquidationFee() {
        MarginSnapshot snapshot = venue.readMargin(OkxSeeds.ISOLATED);

        // margin + upl = 1000 against maintenance 280 plus a 14 liquidation fee: OKX's mgnRatio is
        // 1000 / 294, a ratio of 0.294 where margin + upl over maintenance would say 0.28.
        assertThat(snapshot.marginBalance()).isCloseTo(okxRated("1000", "280", "14"), within(new BigDecimal("1E-9")));
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("280");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.294");
        assertThat(snapshot.markPrice()).isEqualByComparingTo("2800");
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("2728.65");
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.ISOLATED, "USDT", "FUNDING"))).isEqualByComparingTo("1000");
    }

    @Test
    void isolatedSnapshotFromSpotCountsTheTradingAccountsFreeCash() {
        // 5 500 cash less the cross position's 3 000 initial margin at 20x.
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.ISOLATED, "USDT", "SPOT"))).isEqualByComparingTo("2500");
    }

    @Test
    void aMarkPriceMoveShowsInTheNextSnapshot() {
        server.setMarkPrice(ETH, "2750");

        // margin + upl = 500 on maintenance 275 and a 13.75 liquidation fee, rated as OKX rates it.
        assertThat(venue.readMargin(OkxSeeds.ISOLATED).marginBalance())
                .isCloseTo(okxRated("500", "275", "13.75"), within(new BigDecimal("1E-9")));
    }

    @Test
    void accountConfigIsReadOncePerAdapter() {
        venue.readMargin(OkxSeeds.CROSS);
        venue.readMargin(OkxSeeds.ISOLATED);
        venue.transferToMargin(OkxSeeds.cross("10"));

        assertThat(server.requestCount(OkxDialectServer.CONFIG)).isEqualTo(1);
    }

    @Test
    void crossTopUpMovesFundingIntoTradingOnce() {
        TransferInstruction instruction = OkxSeeds.cross("250.50");

        TransferReceipt receipt = venue.transferToMargin(instruction);
        VenueException again = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(instruction));

        assertThat(receipt.applied()).isTrue();
        assertThat(again.kind()).as("a repeated client id may be ours: reconcile").isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(again.venueCode()).isEqualTo("58404");
        assertThat(funding()).isEqualByComparingTo("749.50");
        assertThat(trading()).isEqualByComparingTo("5750.50");
        assertThat(server.transfers(KEY)).singleElement().satisfies(t -> {
            assertThat(t.clientId()).isEqualTo(OkxClientId.of(instruction.clientId()));
            assertThat(t.transId()).isEqualTo(receipt.venueTransferId());
            assertThat(t.from()).isEqualTo("6");
            assertThat(t.to()).isEqualTo("18");
        });
        assertThat(venue.readMargin(OkxSeeds.CROSS).marginBalance()).isEqualByComparingTo("4750.50");
    }

    @Test
    void isolatedTopUpTransfersIntoTradingThenAddsToThePosition() {
        TransferReceipt receipt = venue.transferToMargin(OkxSeeds.isolated("100", "FUNDING"));

        assertThat(receipt.applied()).isTrue();
        assertThat(funding()).isEqualByComparingTo("900");
        assertThat(trading()).isEqualByComparingTo("5500");
        assertThat(ethMargin()).isEqualByComparingTo("3100");
        assertThat(server.transfers(KEY)).hasSize(1);
        assertThat(server.bills(KEY)).singleElement().satisfies(b -> {
            assertThat(b.instId()).isEqualTo(ETH);
            assertThat(b.posBalChg()).isEqualByComparingTo("100");
        });
        assertThat(venue.readMargin(OkxSeeds.ISOLATED).marginBalance())
                .isCloseTo(okxRated("1100", "280", "14"), within(new BigDecimal("1E-9")));
    }

    @Test
    void isolatedTopUpFromSpotIsOnlyAMarginAdd() {
        TransferInstruction instruction = OkxSeeds.isolated("100", "SPOT");

        venue.transferToMargin(instruction);

        assertThat(server.transfers(KEY)).isEmpty();
        assertThat(trading()).isEqualByComparingTo("5400");
        assertThat(ethMargin()).isEqualByComparingTo("3100");
        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.Found.class);
    }

    @Test
    void aLostTransferAnswerIsFoundOnReconcile() {
        TransferInstruction instruction = OkxSeeds.cross("100");
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.TRANSFER));

        VenueException lost = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(instruction));

        assertThat(lost.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        TransferLookup lookup = venue.findTransfer(instruction);
        assertThat(lookup).isEqualTo(new TransferLookup.Found(server.transfers(KEY).getFirst().transId()));
        assertThat(funding()).isEqualByComparingTo("900");
        assertThat(server.transfers(KEY)).hasSize(1);
    }

    @Test
    void aNeverSentInstructionIsNotFound() {
        assertThat(venue.findTransfer(OkxSeeds.cross("100"))).isInstanceOf(TransferLookup.NotFound.class);
        assertThat(venue.findTransfer(OkxSeeds.isolated("100", "FUNDING"))).isInstanceOf(TransferLookup.NotFound.class);
        assertThat(venue.findTransfer(OkxSeeds.isolated("100", "SPOT"))).isInstanceOf(TransferLookup.NotFound.class);
    }

    @Test
    void aCrashBetweenTheTransferAndTheAddIsUnfinishedAndFinishingMakesOnlyTheAdd() {
        TransferInstruction instruction = OkxSeeds.isolated("100", "FUNDING");
        server.injectFault(OkxFault.of(OkxFault.Type.SERVICE_UNAVAILABLE, OkxDialectServer.MARGIN_BALANCE));

        VenueException halfway = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(instruction));

        assertThat(halfway.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(funding()).isEqualByComparingTo("900");
        assertThat(ethMargin()).isEqualByComparingTo("3000");
        // The wallet transfer is there, the add is not: only the add may be sent.
        TransferLookup lookup = venue.findTransfer(instruction);
        assertThat(lookup).isInstanceOfSatisfying(TransferLookup.Unfinished.class, unfinished -> assertThat(
                unfinished.walletTransferId()).isEqualTo(server.transfers(KEY).getFirst().transId()));

        OkxV5Venue restarted = OkxSeeds.client(server);
        restarted.finishTransfer(instruction, (TransferLookup.Unfinished) lookup);

        assertThat(funding()).isEqualByComparingTo("900");
        assertThat(ethMargin()).isEqualByComparingTo("3100");
        assertThat(trading()).isEqualByComparingTo("5500");
        assertThat(server.transfers(KEY)).hasSize(1);
        assertThat(server.bills(KEY)).hasSize(1);
        assertThat(restarted.findTransfer(instruction))
                .isEqualTo(new TransferLookup.Found(server.transfers(KEY).getFirst().transId()));
    }

    @Test
    void aLostAddAnswerIsFound() {
        TransferInstruction instruction = OkxSeeds.isolated("100", "FUNDING");
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.MARGIN_BALANCE));

        VenueException lost = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(instruction));

        assertThat(lost.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.Found.class);
        assertThat(ethMargin()).isEqualByComparingTo("3100");
        assertThat(server.transfers(KEY)).hasSize(1);
        assertThat(server.bills(KEY)).hasSize(1);
    }

    @Test
    void aTransferUnderTheSameClientIdForAnotherAmountIsNeverFound() {
        TransferInstruction instruction = OkxSeeds.cross("100");
        venue.transferToMargin(instruction);
        TransferInstruction tampered = new TransferInstruction(instruction.clientId(), "USDT", new BigDecimal("200"),
                "FUNDING", MarginMode.CROSS, null, instruction.createdAt());

        assertThat(venue.findTransfer(tampered)).isInstanceOf(TransferLookup.Unknown.class);
        assertThat(catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(tampered)).kind())
                .isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(server.transfers(KEY)).hasSize(1);
    }

    @Test
    void demoTradingSendsTheSimulatedTradingHeader() {
        server.seedAccount(new OkxAccount("demo-key-0001", "demosecret", "demopass").demo(true)
                .funding("USDT", "50").trading("USDT", "0"));
        var credentials = new dev.margintopup.venue.VenueCredentials("demo-key-0001", "demosecret", "demopass");

        var demo = OkxSeeds.client(server.baseUrl() + "?" + OkxV5Venue.DEMO_QUERY, credentials);
        demo.readMargin(OkxSeeds.CROSS);
        VenueException live = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server.baseUrl(), credentials).readMargin(OkxSeeds.CROSS));

        assertThat(demo.sourceFree(OkxSeeds.FUNDING_USDT)).isEqualByComparingTo("50");
        assertThat(live.kind()).isEqualTo(Kind.AUTH);
        assertThat(live.venueCode()).isEqualTo("50101");
    }

    /** The equity OKX counts on a maintenance of {@code mmr}: {@code mmr × mgnRatio}, its mgnRatio (margin + upl) ÷ (mmr + fee). */
    private static BigDecimal okxRated(String marginPlusUpl, String mmr, String fee) {
        BigDecimal maintenance = new BigDecimal(mmr);
        return maintenance.multiply(new BigDecimal(marginPlusUpl))
                .divide(maintenance.add(new BigDecimal(fee)), java.math.MathContext.DECIMAL64);
    }
}
