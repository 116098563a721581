package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.paper.PaperVenue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransferOverHttpTest {

    private PaperVenueServer server;
    private PaperVenue venue;

    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
        server.seedAccount(Seeds.trader());
        venue = Seeds.client(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BigDecimal funding() {
        return server.walletBalance(Seeds.KEY, Wallet.FUNDING, "USDT");
    }

    private BigDecimal futures() {
        return server.walletBalance(Seeds.KEY, Wallet.FUTURES, "USDT");
    }

    @Test
    void crossTopUpMovesFundingIntoFutures() {
        TransferReceipt receipt = venue.transferToMargin(Seeds.crossTopUp("intent-1", "250.50"));

        assertThat(receipt.applied()).isTrue();
        assertThat(receipt.venueTransferId()).isNotBlank();
        assertThat(funding()).isEqualByComparingTo("749.50");
        assertThat(futures()).isEqualByComparingTo("5250.50");
        assertThat(venue.readMargin(Seeds.CROSS_USDT).marginBalance()).isEqualByComparingTo("5250.50");
    }

    @Test
    void isolatedTopUpAddsToThePositionsMarginOnly() {
        venue.transferToMargin(Seeds.isolatedTopUp("intent-1", "100"));

        assertThat(server.isolatedMargin(Seeds.KEY, "BTCUSDT")).isEqualByComparingTo("3100");
        assertThat(futures()).isEqualByComparingTo("5000");
        assertThat(funding()).isEqualByComparingTo("900");
    }

    @Test
    void duplicateClientIdMovesNoMoreMoneyAndReturnsTheFirstTransfer() {
        TransferReceipt first = venue.transferToMargin(Seeds.crossTopUp("intent-1", "100"));

        TransferReceipt again = venue.transferToMargin(Seeds.crossTopUp("intent-1", "100"));

        assertThat(again).isEqualTo(new TransferReceipt(first.venueTransferId(), true));
        assertThat(funding()).isEqualByComparingTo("900");
        assertThat(futures()).isEqualByComparingTo("5100");
        assertThat(server.transfers(Seeds.KEY)).hasSize(1);
    }

    @Test
    void racingDuplicatesMoveMoneyOnce() throws Exception {
        List<Callable<TransferReceipt>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(() -> venue.transferToMargin(Seeds.crossTopUp("intent-race", "10")));
        }
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<TransferReceipt> receipt : pool.invokeAll(racers)) {
                ids.add(receipt.get().venueTransferId());
            }
        }

        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(server.transfers(Seeds.KEY)).hasSize(1);
        assertThat(funding()).isEqualByComparingTo("990");
    }

    @Test
    void lookupFindsAnAppliedTransfer() {
        TransferReceipt receipt = venue.transferToMargin(Seeds.crossTopUp("intent-1", "100"));

        assertThat(venue.findTransfer(Seeds.crossTopUp("intent-1", "100")))
                .isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
    }

    @Test
    void lookupOfAnUnknownClientIdIsNotFound() {
        venue.transferToMargin(Seeds.crossTopUp("intent-1", "100"));

        assertThat(venue.findTransfer(Seeds.crossTopUp("intent-never-sent", "100")))
                .isInstanceOf(TransferLookup.NotFound.class);
    }

    @Test
    void insufficientSourceBalanceMovesNothing() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Seeds.crossTopUp("intent-1", "1000.01")));

        assertThat(error.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(error.venueCode()).isEqualTo("2002");
        assertThat(funding()).isEqualByComparingTo("1000");
        assertThat(futures()).isEqualByComparingTo("5000");
        assertThat(server.transfers(Seeds.KEY)).isEmpty();
    }

    @Test
    void amountFinerThanTheTransferStepIsRejected() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Seeds.crossTopUp("intent-1", "10.005")));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.venueCode()).isEqualTo("2003");
        assertThat(funding()).isEqualByComparingTo("1000");
    }

    @Test
    void nonPositiveAmountIsRejected() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Seeds.crossTopUp("intent-1", "0")));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.venueCode()).isEqualTo("2003");
    }

    @Test
    void topUpOfAPositionThatIsNotOpenIsRejected() {
        server.setMarkPrice("BTCUSDT", "50000");

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Seeds.isolatedTopUp("intent-1", "100")));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.venueCode()).isEqualTo("3001");
        assertThat(funding()).isEqualByComparingTo("1000");
    }
}
