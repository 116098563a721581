package dev.margintopup.check;

import static dev.margintopup.bus.InMemoryEventPublisher.wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountItem;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.policy.Position;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.testing.InMemoryVenue;
import dev.margintopup.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rescue capacity: one long of notional 10 000 with 200 of maintenance needs 9 800 more margin per
 * whole adverse move, so margin 1 000 plus what the sources may give S absorbs (800 + S) ÷ 9 800.
 * The account asks for 10 %: S ≥ 180 is enough, below 5 % is critical.
 */
class RescueCapacityTest {

    private static final String ACCOUNT = "desk-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryLedger ledger = new InMemoryLedger(clock, Duration.ofDays(365));
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryVenue venue = new InMemoryVenue(clock).margin("1000", "200")
            .positions(new Position("BTCUSDT", Position.Side.LONG, BigDecimal.ONE, new BigDecimal("10000"),
                    new BigDecimal("200"), null))
            .wallet("FUNDING", "1100").wallet("SPOT", "1000");
    private final InMemorySecrets secrets = new InMemorySecrets()
            .put("margin-topup/read/" + ACCOUNT, "read-key", "read-secret");
    private final CheckService service = new CheckService(Accounts.VALIDATOR, secrets.cache(clock), venue, ledger, bus,
            clock);
    private final Map<String, Object> item = Accounts.item(ACCOUNT, "rescueMovePercent", new BigDecimal("10"),
            "sourceWallet", null, "sources", List.of(
                    Map.of("wallet", "FUNDING", "floor", new BigDecimal("1000")),
                    Map.of("wallet", "SPOT", "floor", new BigDecimal("1000"))));

    private CheckResult check() {
        clock.advance(Duration.ofMinutes(1));
        return service.check(new CheckRequest(ACCOUNT, clock.instant(), new AccountItem(item)));
    }

    @Test
    void the_heartbeat_measures_it_with_what_the_sources_may_give_above_their_floors() {
        venue.wallet("FUNDING", "3000");

        CheckResult result = check();

        // (800 + 2 000) ÷ 9 800
        assertThat(result.rescueCapacity().movePercent()).isEqualByComparingTo("28.5714");
        assertThat(result.rescueCapacity().sourcesMayGive()).isEqualByComparingTo("2000");
        assertThat(result.rescueCapacity().level()).isEqualTo(RescueCapacity.Level.ENOUGH);
        assertThat(bus.published()).isEmpty();
    }

    @Test
    void far_from_the_trigger_between_heartbeats_it_costs_no_request() {
        check();
        int sourceReads = venue.sourceReads();

        CheckResult between = check();

        assertThat(between.rescueCapacity()).isNull();
        assertThat(venue.sourceReads()).isEqualTo(sourceReads);
    }

    @Test
    void below_the_accounts_move_it_is_announced_once_per_level_as_it_falls() {
        CheckResult low = check();
        // Nearer the trigger (ratio 0.33, past the 0.3 target) every check measures it.
        venue.margin("600", "200");
        check();
        venue.wallet("FUNDING", "1000");
        CheckResult critical = check();
        check();

        // (800 + 100) ÷ 9 800, then (400 + 0) ÷ 9 800
        assertThat(low.rescueCapacity().movePercent()).isEqualByComparingTo("9.1836");
        assertThat(low.rescueCapacity().level()).isEqualTo(RescueCapacity.Level.LOW);
        assertThat(critical.rescueCapacity().level()).isEqualTo(RescueCapacity.Level.CRITICAL);
        assertThat(bus.published(EventCatalogue.RESCUE_CAPACITY_LOW.detailType()))
                .extracting(e -> wire(e).get("level")).containsExactly("LOW", "CRITICAL");
        assertThat(wire(bus.published().getFirst())).containsEntry("capacityMovePercent", "9.1836")
                .containsEntry("rescueMovePercent", "10").containsEntry("sourcesMayGive", "100.00");
    }

    @Test
    void recovered_and_fallen_again_it_is_announced_again() {
        check();
        venue.wallet("FUNDING", "5000");
        clock.advance(CheckService.LastSeen.HEARTBEAT);
        check();
        venue.wallet("FUNDING", "1100");
        clock.advance(CheckService.LastSeen.HEARTBEAT);
        check();

        assertThat(bus.published(EventCatalogue.RESCUE_CAPACITY_LOW.detailType())).hasSize(2);
    }

    @Test
    void sources_that_cannot_be_read_for_the_measurement_alone_leave_a_healthy_check_healthy() {
        venue.nextSourceReadFails(dev.margintopup.venue.VenueException.Kind.RATE_LIMITED);

        CheckResult result = check();

        assertThat(result.outcome()).isEqualTo(CheckResult.Outcome.NO_ACTION);
        assertThat(result.rescueCapacity()).isNull();
        assertThat(bus.published()).isEmpty();
    }

    @Test
    void an_account_that_does_not_ask_for_it_never_reads_its_sources_for_it() {
        item.remove("rescueMovePercent");

        CheckResult result = check();

        assertThat(result.rescueCapacity()).isNull();
        assertThat(venue.sourceReads()).isZero();
    }
}
