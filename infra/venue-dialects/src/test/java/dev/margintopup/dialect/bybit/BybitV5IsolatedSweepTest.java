package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.bybit.BybitSeeds.CANARY_SECRET;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.bybit.BybitV5Venue;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sweep out of a Bybit isolated position over the dialect: add-margin with the amount negated, then
 * the inter-transfer UNIFIED → FUND under the intent's transferId. The transfer back is found by its id;
 * a reduce whose answer was lost cannot be told from any other change of the position, so it is never
 * sent again blind.
 */
class BybitV5IsolatedSweepTest {

    private BybitDialectServer server;
    private BybitV5Venue venue;

    /** 0.5 BTC long from 60 000 at 10x with 5 000 of margin, mark 60 000: 3 000 of initial margin, 2 000 releasable. */
    @BeforeEach
    void start() {
        server = BybitDialectServer.start(0, BybitSeeds.CLOCK);
        server.seedAccount(BybitSeeds.isolated("5000").build());
        server.setMarkPrice("BTCUSDT", "60000");
        venue = BybitSeeds.client(server, ISOLATED_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static TransferInstruction sweep(String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), "FUNDING",
                MarginMode.ISOLATED, "BTCUSDT", BybitSeeds.CLOCK.instant());
    }

    private BigDecimal positionMargin() {
        return server.positionIM(ISOLATED_KEY, "BTCUSDT");
    }

    private BigDecimal fund() {
        return server.fundBalance(ISOLATED_KEY, "USDT");
    }

    @Test
    void an_isolated_sweep_reduces_the_position_and_returns_the_amount_to_fund_once_found_by_its_transfer_id() {
        TransferInstruction sweep = sweep("1500");
        assertThat(venue.findSweep(sweep)).as("an untouched position was not reduced").isEqualTo(new TransferLookup.NotFound());

        TransferReceipt receipt = venue.transferFromMargin(sweep);

        assertThat(receipt).isEqualTo(new TransferReceipt(sweep.clientId(), true));
        assertThat(positionMargin()).isEqualByComparingTo("3500");
        assertThat(server.unifiedBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("200");
        assertThat(fund()).isEqualByComparingTo("2500");
        assertThat(server.transfers(ISOLATED_KEY)).singleElement().satisfies(t -> {
            assertThat(t.fromAccountType()).isEqualTo("UNIFIED");
            assertThat(t.toAccountType()).isEqualTo("FUND");
        });
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(sweep.clientId()));
    }

    @Test
    void the_snapshot_keeps_what_bybit_keeps_and_a_cent_more_is_refused_with_nothing_moved() {
        MarginSnapshot before = venue.readMargin(BybitSeeds.ISOLATED_BTC);
        assertThat(before.marginToKeep()).as("initial margin of 30 000 at 10x").isEqualByComparingTo("3000");
        BigDecimal releasable = before.marginBalance().subtract(before.marginToKeep());
        TransferInstruction tooMuch = sweep(releasable.add(new BigDecimal("0.01")).toPlainString());

        VenueException refused = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(tooMuch));

        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(refused.venueCode()).isEqualTo("110044");
        assertThat(refused.getMessage()).doesNotContain(CANARY_SECRET);
        assertThat(positionMargin()).isEqualByComparingTo("5000");
        assertThat(server.transfers(ISOLATED_KEY)).isEmpty();
        assertThat(venue.findSweep(tooMuch)).isEqualTo(new TransferLookup.NotFound());

        venue.transferFromMargin(sweep(releasable.toPlainString()));
        assertThat(positionMargin()).isEqualByComparingTo("3000");
    }

    @Test
    void unrealised_profit_stays_in_the_position() {
        server.setMarkPrice("BTCUSDT", "62000");

        MarginSnapshot profit = venue.readMargin(BybitSeeds.ISOLATED_BTC);

        // Balance 6 000 with 1 000 of profit: initial margin 3 100 at the new mark, plus the profit.
        assertThat(profit.marginToKeep()).isEqualByComparingTo("4100");
        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> venue.transferFromMargin(sweep("1900.01")));
        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        venue.transferFromMargin(sweep("1900"));
        assertThat(positionMargin()).isEqualByComparingTo("3100");
    }

    /** Sends the sweep through {@code fault} on {@code path}: whatever happened, its outcome is never a refusal. */
    private VenueException outcomeUnknownWhen(BybitFault.Type fault, String path, TransferInstruction sweep) {
        server.injectFault(BybitFault.of(fault, path));
        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(sweep));
        assertThat(error.kind()).as(fault + " on " + path).isEqualTo(Kind.OUTCOME_UNKNOWN);
        return error;
    }

    @Test
    void a_lost_answer_to_the_transfer_back_is_outcome_unknown_and_found_by_its_transfer_id() {
        TransferInstruction sweep = sweep("1000");

        VenueException lost = outcomeUnknownWhen(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.INTER_TRANSFER, sweep);
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(sweep.clientId()));
        assertThat(positionMargin()).isEqualByComparingTo("4000");
        assertThat(fund()).isEqualByComparingTo("2000");
    }

    @Test
    void a_lost_answer_to_the_reduce_is_outcome_unknown_and_never_reduced_again_blind() {
        TransferInstruction sweep = sweep("1000");

        VenueException lost = outcomeUnknownWhen(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.ADD_MARGIN, sweep);
        assertThat(venue.findSweep(sweep)).as("the position changed: cannot tell, never safe to resend")
                .isInstanceOf(TransferLookup.Unknown.class);
        assertThat(positionMargin()).as("reduced once").isEqualByComparingTo("4000");
        assertThat(server.unifiedBalance(ISOLATED_KEY, "USDT")).as("the money waits in the Unified wallet")
                .isEqualByComparingTo("1200");
        assertThat(fund()).isEqualByComparingTo("1000");
    }

    @Test
    void a_reduce_dropped_before_bybit_acted_is_not_found_and_a_resend_moves_the_money_once() {
        TransferInstruction sweep = sweep("1000");

        VenueException dropped = outcomeUnknownWhen(BybitFault.Type.DROP, BybitDialectServer.ADD_MARGIN, sweep);
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.NotFound());
        venue.transferFromMargin(sweep);
        assertThat(positionMargin()).isEqualByComparingTo("4000");
        assertThat(fund()).isEqualByComparingTo("2000");
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(sweep.clientId()));
    }

    @Test
    void an_unreadable_answer_to_the_transfer_back_after_the_reduce_is_outcome_unknown_never_a_refusal() {
        TransferInstruction sweep = sweep("1000");

        VenueException error = outcomeUnknownWhen(BybitFault.Type.HTTP_500, BybitDialectServer.INTER_TRANSFER, sweep);
        assertThat(error.getMessage()).contains("out of the isolated BTCUSDT position");
        assertThat(venue.findSweep(sweep)).isInstanceOf(TransferLookup.Unknown.class);
        assertThat(server.unifiedBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("1200");
    }
}
