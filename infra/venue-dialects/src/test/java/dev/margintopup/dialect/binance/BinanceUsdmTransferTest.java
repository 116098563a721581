package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exactly-once top-ups without a client id: each leg found again by type, asset, amount and time. */
class BinanceUsdmTransferTest {

    private static final String TRANSFER = "/sapi/v1/asset/transfer";
    private static final String POSITION_MARGIN = "/fapi/v1/positionMargin";

    private BinanceDialectServer server;
    private BinanceUsdmVenue venue;

    @BeforeEach
    void start() {
        server = BinanceDialectServer.start(0);
        Binance.seedTrader(server);
        venue = Binance.venue(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void crossTopUpMovesFundingIntoTheFuturesWalletOnce() {
        TransferInstruction topUp = Binance.cross("100");

        TransferReceipt receipt = venue.transferToMargin(topUp);

        assertThat(receipt.applied()).isTrue();
        assertThat(server.transfers(Binance.KEY)).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("FUNDING_UMFUTURE");
            assertThat(t.amount()).isEqualByComparingTo("100");
            assertThat(Long.toString(t.tranId())).isEqualTo(receipt.venueTransferId());
        });
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("650");
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("2100");
        assertThat(venue.findTransfer(topUp)).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
    }

    @Test
    void isolatedTopUpMovesSpotIntoThePositionThroughTheFuturesWallet() {
        TransferInstruction topUp = Binance.isolated("50");

        TransferReceipt receipt = venue.transferToMargin(topUp);

        assertThat(server.balance(Binance.KEY, Wallet.SPOT, "USDT")).isEqualByComparingTo("950");
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("2000");
        assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("350");
        assertThat(server.transfers(Binance.KEY)).singleElement()
                .satisfies(t -> assertThat(t.type()).isEqualTo("MAIN_UMFUTURE"));
        assertThat(server.marginChanges(Binance.KEY)).singleElement()
                .satisfies(c -> assertThat(c.amount()).isEqualByComparingTo("50"));
        assertThat(venue.findTransfer(topUp)).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
        assertThat(venue.readMargin(Binance.ISOLATED_ETH).marginBalance()).isEqualByComparingTo("150");
    }

    @Test
    void lostAnswerIsOutcomeUnknownAndReconcilesToFound() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.LOSE_RESPONSE, "POST", TRANSFER));
        TransferInstruction topUp = Binance.cross("100");

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(topUp));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        long tranId = server.transfers(Binance.KEY).getFirst().tranId();
        assertThat(venue.findTransfer(topUp)).isEqualTo(new TransferLookup.Found(Long.toString(tranId)));
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("650");
    }

    @Test
    void neverSentInstructionIsNotFound() {
        assertThat(venue.findTransfer(Binance.cross("100"))).isEqualTo(new TransferLookup.NotFound());
        assertThat(venue.findTransfer(Binance.isolated("50"))).isEqualTo(new TransferLookup.NotFound());
        assertThat(server.transfers(Binance.KEY)).isEmpty();
    }

    @Test
    void crashBetweenTheTwoLegsIsUnfinishedAndFinishingSendsTheMarginLegAlone() {
        // The wallet leg lands but its answer is lost: the margin leg is never sent.
        server.injectFault(BinanceFault.of(BinanceFault.Type.LOSE_RESPONSE, "POST", TRANSFER));
        TransferInstruction topUp = Binance.isolated("50");
        catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(topUp));
        assertThat(server.marginChanges(Binance.KEY)).isEmpty();

        // A fresh adapter, as in the next Lambda invocation, from the persisted instruction alone.
        BinanceUsdmVenue retry = Binance.venue(server);
        TransferLookup lookup = retry.findTransfer(topUp);
        assertThat(lookup).isInstanceOf(TransferLookup.Unfinished.class);
        long tranId = server.transfers(Binance.KEY).getFirst().tranId();
        assertThat(((TransferLookup.Unfinished) lookup).walletTransferId()).isEqualTo(Long.toString(tranId));
        retry.finishTransfer(topUp, (TransferLookup.Unfinished) lookup);

        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        assertThat(server.marginChanges(Binance.KEY)).hasSize(1);
        assertThat(server.balance(Binance.KEY, Wallet.SPOT, "USDT")).isEqualByComparingTo("950");
        assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("350");
        assertThat(retry.findTransfer(topUp)).isInstanceOf(TransferLookup.Found.class);
    }

    @Test
    void marginLegFailingAfterTheWalletLegIsUnknownNeverNothingMovedAndARetryFinishesIt() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.HTTP_500, "POST", POSITION_MARGIN));
        TransferInstruction topUp = Binance.isolated("50");

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(topUp));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.getMessage()).contains("moved 50 USDT into the USDⓈ-M wallet", "adds it alone");
        TransferLookup lookup = venue.findTransfer(topUp);
        assertThat(lookup).isInstanceOf(TransferLookup.Unfinished.class);

        venue.finishTransfer(topUp, (TransferLookup.Unfinished) lookup);

        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("350");
    }

    @Test
    void refusedMarginLegAfterTheWalletLegIsNotReportedAsNothingMoved() {
        server.seedAccount("crossOnlyKey", "crossOnlySecret")
                .wallet(Wallet.SPOT, "USDT", "100")
                .crossPosition("ETHUSDT", "1", "3000", "0.005");
        BinanceUsdmVenue crossOnly = Binance.venue(server, "crossOnlyKey", "crossOnlySecret");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> crossOnly.transferToMargin(Binance.isolated("50")));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.venueCode()).isEqualTo("-4049");
        assertThat(server.balance("crossOnlyKey", Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("50");
    }

    @Test
    void transferOfTheSameAmountBeforeTheIntentIsNotTakenForIt() {
        TransferInstruction topUp = Binance.cross("100");
        server.recordTransfer(Binance.KEY, "FUNDING_UMFUTURE", "USDT", "100",
                topUp.createdAt().minus(Duration.ofMinutes(5)).toEpochMilli());

        assertThat(venue.findTransfer(topUp)).isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void twoMatchingTransfersInTheWindowAreUnknown() {
        TransferInstruction topUp = Binance.cross("100");
        long now = topUp.createdAt().toEpochMilli();
        server.recordTransfer(Binance.KEY, "FUNDING_UMFUTURE", "USDT", "100", now + 1);
        server.recordTransfer(Binance.KEY, "FUNDING_UMFUTURE", "USDT", "100", now + 2);

        assertThat(venue.findTransfer(topUp)).isInstanceOf(TransferLookup.Unknown.class);
    }

    @Test
    void unreadableHistoryIsUnknownNeverNotFound() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.HTTP_500, "GET", TRANSFER));

        assertThat(venue.findTransfer(Binance.cross("100"))).isInstanceOf(TransferLookup.Unknown.class);
    }

    @Test
    void amountOffTheTransferStepIsRejectedBeforeAnythingIsSent() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Binance.cross("10.005")));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(server.requestCount("POST", TRANSFER)).isZero();
    }

    @Test
    void reconcileGraceCoversHistoryLag() {
        assertThat(venue.reconcileGrace()).isEqualTo(Duration.ofMinutes(2));
    }
}
