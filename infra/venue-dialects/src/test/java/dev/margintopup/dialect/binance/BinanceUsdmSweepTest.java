package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
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
 * Sweep-back out of Binance over the dialect. Cross: one universal transfer back to the wallet, found
 * again by type, asset, amount and time, and refused beyond what the account may release. Isolated: a
 * reduce of the position's margin, then that transfer, each found again like a top-up's legs.
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

    // ---- an isolated position: positionMargin type 2, then the transfer back ----

    /** The isolated ETHUSDT position topped up to 1 300 of margin: balance 1 100, 580 kept at 10x. */
    private void topUpIsolated() {
        venue.transferToMargin(Binance.isolated("1000"));
    }

    private BigDecimal ethMargin() {
        return server.isolatedWallet(Binance.KEY, "ETHUSDT");
    }

    private BigDecimal spot() {
        return server.balance(Binance.KEY, Wallet.SPOT, "USDT");
    }

    @Test
    void an_isolated_sweep_reduces_the_position_then_returns_the_amount_to_the_wallet_once_and_is_found_again() {
        topUpIsolated();
        TransferInstruction sweep = sweep("400", "SPOT", MarginMode.ISOLATED);
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());

        TransferReceipt receipt = venue.transferFromMargin(sweep);

        assertThat(ethMargin()).isEqualByComparingTo("900");
        assertThat(spot()).isEqualByComparingTo("400");
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("2000");
        assertThat(server.marginChanges(Binance.KEY)).filteredOn(c -> c.type() == 2).singleElement()
                .satisfies(c -> assertThat(c.amount()).isEqualByComparingTo("400"));
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
        assertThat(venue.findTransfer(Binance.isolated("400"))).as("a top-up's lookup never sees the sweep")
                .isEqualTo(new TransferLookup.NotFound());
    }

    @Test
    void the_snapshot_keeps_what_binance_keeps_and_a_cent_more_is_refused_with_nothing_moved() {
        topUpIsolated();
        MarginSnapshot before = venue.readMargin(Binance.ISOLATED_ETH);
        assertThat(before.marginToKeep()).as("initial margin of 2 ETH at 2 900 on 10x").isEqualByComparingTo("580");
        BigDecimal releasable = before.marginBalance().subtract(before.marginToKeep());
        TransferInstruction tooMuch = sweep(releasable.add(new BigDecimal("0.01")).toPlainString(), "SPOT",
                MarginMode.ISOLATED);

        VenueException refused = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(tooMuch));

        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(refused.venueCode()).isEqualTo("-4051");
        assertThat(ethMargin()).isEqualByComparingTo("1300");
        assertThat(spot()).isZero();
        assertThat(venue.findSweep(tooMuch)).isEqualTo(new TransferLookup.NotFound());

        venue.transferFromMargin(sweep(releasable.toPlainString(), "SPOT", MarginMode.ISOLATED));
        assertThat(ethMargin()).isEqualByComparingTo("780");
    }

    /** Sends the isolated sweep of a topped-up position through {@code fault}: its outcome is never a refusal. */
    private VenueException outcomeUnknownWhen(BinanceFault.Type fault, String path, TransferInstruction sweep) {
        topUpIsolated();
        server.injectFault(BinanceFault.of(fault, "POST", path));
        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(sweep));
        assertThat(error.kind()).as(fault + " on " + path).isEqualTo(Kind.OUTCOME_UNKNOWN);
        return error;
    }

    @Test
    void a_lost_answer_to_the_reduce_is_outcome_unknown_and_reconciling_finishes_with_the_wallet_leg_alone() {
        TransferInstruction sweep = sweep("300", "SPOT", MarginMode.ISOLATED);

        VenueException lost = outcomeUnknownWhen(BinanceFault.Type.LOSE_RESPONSE, Binance.POSITION_MARGIN, sweep);
        assertThat(ethMargin()).as("the reduce happened").isEqualByComparingTo("1000");
        TransferLookup lookup = venue.findSweep(sweep);
        assertThat(lookup).isInstanceOf(TransferLookup.Unfinished.class);

        TransferReceipt finished = venue.finishSweep(sweep, (TransferLookup.Unfinished) lookup);

        assertThat(ethMargin()).as("reduced once").isEqualByComparingTo("1000");
        assertThat(spot()).isEqualByComparingTo("300");
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(finished.venueTransferId()));
    }

    @Test
    void a_lost_answer_to_the_wallet_leg_is_outcome_unknown_and_the_sweep_is_found_by_reconciling() {
        TransferInstruction sweep = sweep("300", "SPOT", MarginMode.ISOLATED);

        VenueException lost = outcomeUnknownWhen(BinanceFault.Type.LOSE_RESPONSE, Binance.TRANSFER, sweep);
        assertThat(venue.findSweep(sweep)).isInstanceOf(TransferLookup.Found.class);
        assertThat(ethMargin()).isEqualByComparingTo("1000");
        assertThat(spot()).isEqualByComparingTo("300");
    }

    @Test
    void an_unreadable_answer_after_sending_the_reduce_is_outcome_unknown_never_a_refusal() {
        TransferInstruction sweep = sweep("300", "SPOT", MarginMode.ISOLATED);

        VenueException error = outcomeUnknownWhen(BinanceFault.Type.HTML_PAGE, Binance.POSITION_MARGIN, sweep);
        assertThat(venue.findSweep(sweep)).as("the dialect applied nothing").isEqualTo(new TransferLookup.NotFound());
        assertThat(ethMargin()).isEqualByComparingTo("1300");
    }

    @Test
    void a_failed_wallet_leg_after_the_reduce_is_outcome_unknown_and_the_money_waits_in_the_futures_wallet() {
        TransferInstruction sweep = sweep("300", "SPOT", MarginMode.ISOLATED);

        VenueException error = outcomeUnknownWhen(BinanceFault.Type.HTTP_500, Binance.TRANSFER, sweep);
        assertThat(error.getMessage()).doesNotContain(Binance.SECRET);
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("2300");
        assertThat(venue.findSweep(sweep)).isInstanceOf(TransferLookup.Unfinished.class);
    }
}
