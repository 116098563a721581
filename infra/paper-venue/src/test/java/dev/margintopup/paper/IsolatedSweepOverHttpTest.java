package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.paper.PaperVenue;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sweep out of an isolated position over HTTP: the venue reduces the position's margin and pays it
 * back to the owner's wallet in one request under the intent's client id, never below what the
 * position must keep, and the adapter finds it again by that id.
 */
class IsolatedSweepOverHttpTest {

    private static final String TRANSFERS = "/api/v1/transfers";

    private PaperVenueServer server;
    private PaperVenue venue;

    /** 0.5 BTC long from 60 000 on 20x, 3 000 of isolated margin: 1 500 of initial margin, 150 of maintenance. */
    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
        server.seedAccount(PaperAccount.builder(Seeds.KEY, Seeds.SECRET)
                .balance(Wallet.FUNDING, "USDT", "1000")
                .position(PaperPosition.isolated("BTCUSDT", Side.LONG, "0.5", "60000", "3000", "0.005")
                        .withLeverage(20))
                .build());
        venue = Seeds.client(server, Seeds.SECRET, Seeds.VENUE_CLOCK, Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static TransferInstruction sweep(String clientId, String amount) {
        return new TransferInstruction(clientId, "USDT", new BigDecimal(amount), "FUNDING", MarginMode.ISOLATED,
                "BTCUSDT", Seeds.VENUE_CLOCK.instant());
    }

    private BigDecimal funding() {
        return server.walletBalance(Seeds.KEY, Wallet.FUNDING, "USDT");
    }

    private BigDecimal positionMargin() {
        return server.isolatedMargin(Seeds.KEY, "BTCUSDT");
    }

    @Test
    void a_sweep_reduces_the_positions_margin_into_the_owners_wallet_once_and_is_found_by_its_client_id() {
        TransferReceipt receipt = venue.transferFromMargin(sweep("sweep-1", "1000"));

        assertThat(receipt.applied()).isTrue();
        assertThat(positionMargin()).isEqualByComparingTo("2000");
        assertThat(funding()).isEqualByComparingTo("2000");
        assertThat(venue.findSweep(sweep("sweep-1", "1000"))).isEqualTo(new TransferLookup.Found(receipt.venueTransferId()));
        assertThat(venue.findSweep(sweep("sweep-2", "1000"))).isEqualTo(new TransferLookup.NotFound());
        assertThat(server.transfers(Seeds.KEY)).singleElement().satisfies(t -> {
            assertThat(t.from()).as("out of the position, not a wallet").isNull();
            assertThat(t.symbol()).isEqualTo("BTCUSDT");
            assertThat(t.to()).isEqualTo("FUNDING");
        });
    }

    @Test
    void the_snapshot_gives_what_the_position_keeps_and_the_venue_refuses_a_cent_more() {
        MarginSnapshot before = venue.readMargin(Seeds.ISOLATED_BTC);
        assertThat(before.marginToKeep()).as("initial margin at 20x").isEqualByComparingTo("1500");
        BigDecimal releasable = before.marginBalance().subtract(before.marginToKeep());

        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> venue.transferFromMargin(sweep("too-much", releasable.add(new BigDecimal("0.01")).toPlainString())));

        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(positionMargin()).isEqualByComparingTo("3000");
        assertThat(funding()).isEqualByComparingTo("1000");
        assertThat(venue.findSweep(sweep("too-much", "1500.01"))).isEqualTo(new TransferLookup.NotFound());

        venue.transferFromMargin(sweep("exactly", releasable.toPlainString()));
        assertThat(positionMargin()).isEqualByComparingTo("1500");
    }

    @Test
    void unrealised_profit_stays_in_the_position_and_a_reduce_to_liquidation_is_refused() {
        server.setMarkPrice("BTCUSDT", "62000");
        MarginSnapshot profit = venue.readMargin(Seeds.ISOLATED_BTC);
        // 1 000 of profit: balance 4 000; initial margin 1 550 at the new mark, plus the profit.
        assertThat(profit.marginToKeep()).isEqualByComparingTo("2550");

        server.setMarkPrice("BTCUSDT", "60000");
        server.seedAccount(PaperAccount.builder(Seeds.KEY, Seeds.SECRET)
                .balance(Wallet.FUNDING, "USDT", "1000")
                .position(PaperPosition.isolated("BTCUSDT", Side.LONG, "0.5", "60000", "3000", "0.005"))
                .build());
        MarginSnapshot noLeverage = venue.readMargin(Seeds.ISOLATED_BTC);
        assertThat(noLeverage.marginToKeep()).as("no leverage given: the maintenance").isEqualByComparingTo("150");

        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> venue.transferFromMargin(sweep("to-liquidation", "2850")));
        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(positionMargin()).isEqualByComparingTo("3000");
    }

    @Test
    void a_lost_answer_is_outcome_unknown_the_sweep_applied_once_and_a_resend_moves_nothing_more() {
        server.injectFault(Fault.loseResponse(TRANSFERS));
        TransferInstruction sweep = sweep("sweep-lost", "500");

        VenueException lost = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(sweep));

        assertThat(lost.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        String applied = server.transfers(Seeds.KEY).getFirst().transferId();
        assertThat(venue.findSweep(sweep)).isEqualTo(new TransferLookup.Found(applied));
        assertThat(venue.transferFromMargin(sweep)).isEqualTo(new TransferReceipt(applied, true));
        assertThat(server.transfers(Seeds.KEY)).hasSize(1);
        assertThat(positionMargin()).isEqualByComparingTo("2500");
        assertThat(funding()).isEqualByComparingTo("1500");
    }

    @Test
    void an_unreadable_answer_after_sending_is_outcome_unknown_never_a_refusal() {
        server.injectFault(Fault.http500(TRANSFERS));

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferFromMargin(sweep("sweep-500", "500")));

        assertThat(error.outcomeUnknown()).isTrue();
        assertThat(venue.findSweep(sweep("sweep-500", "500"))).isEqualTo(new TransferLookup.NotFound());
        assertThat(positionMargin()).isEqualByComparingTo("3000");
    }

    @Test
    void a_sweep_of_a_position_that_is_not_open_moves_nothing() {
        TransferInstruction eth = new TransferInstruction("sweep-eth", "USDT", new BigDecimal("10"), "FUNDING",
                MarginMode.ISOLATED, "ETHUSDT", Seeds.VENUE_CLOCK.instant());

        VenueException refused = catchThrowableOfType(VenueException.class, () -> venue.transferFromMargin(eth));

        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(server.transfers(Seeds.KEY)).isEmpty();
        assertThat(funding()).isEqualByComparingTo("1000");
    }
}
