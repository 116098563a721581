package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sweep-back out of Binance cross margin over the dialect: one universal transfer back to the wallet,
 * found again by type, asset, amount and time, and refused beyond what the account may release.
 */
class BinanceUsdmSweepTest {

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

    private static TransferInstruction sweep(String amount, String to, MarginMode mode) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), to, mode,
                mode == MarginMode.ISOLATED ? "ETHUSDT" : null, Instant.now());
    }

    @Test
    void a_cross_sweep_moves_the_futures_wallet_back_to_funding_once_and_is_found_again() {
        TransferInstruction sweep = sweep("500", "FUNDING", MarginMode.CROSS);
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());

        TransferReceipt receipt = venue.transferFromMargin(sweep);

        assertThat(server.transfers(Binance.KEY)).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("UMFUTURE_FUNDING");
            assertThat(t.amount()).isEqualByComparingTo("500");
        });
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("1500");
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("1250");
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
        assertThat(venue.findTransfer(Binance.cross("500"))).as("a top-up's lookup never sees the sweep")
                .isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void a_lost_answer_is_outcome_unknown_and_the_sweep_is_found_by_reconciling() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.LOSE_RESPONSE, "POST", Binance.TRANSFER));
        TransferInstruction sweep = sweep("200", "SPOT", MarginMode.CROSS);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(sweep));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        long tranId = server.transfers(Binance.KEY).getFirst().tranId();
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(Long.toString(tranId)));
        assertThat(server.balance(Binance.KEY, Wallet.SPOT, "USDT")).isEqualByComparingTo("1200");
    }

    @Test
    void more_than_the_account_may_release_is_refused_and_nothing_moves() {
        // 2 000 in the wallet, but the cross position keeps its initial margin: less than 1 990 may leave.
        TransferInstruction sweep = sweep("1990", "FUNDING", MarginMode.CROSS);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(sweep));

        assertThat(error.outcomeUnknown()).isFalse();
        assertThat(server.transfers(Binance.KEY)).isEmpty();
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("2000");
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void an_isolated_sweep_is_refused_before_anything_is_sent() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferFromMargin(sweep("50", "SPOT", MarginMode.ISOLATED)));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.getMessage()).contains("not available");
        assertThat(server.transfers(Binance.KEY)).isEmpty();
    }
}
