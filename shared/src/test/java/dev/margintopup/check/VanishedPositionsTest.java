package dev.margintopup.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountItem;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.check.CheckResult.Outcome;
import dev.margintopup.check.ScriptedVenue.Margin;
import dev.margintopup.testing.Accounts;
import dev.margintopup.venue.PositionEnd;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A position that vanishes while at risk or topping up is reported once, as liquidated or closed. */
class VanishedPositionsTest {

    private static final String ACCOUNT = "desk-btc-cross";
    private static final Margin GONE = new Margin("0", null, "0");

    private final CheckerPorts ports = new CheckerPorts(new Margin("0.2", null, "0"));
    private final AccountItem item = new AccountItem(Accounts.item(ACCOUNT));
    private Instant tick = ports.clock.instant();

    @Test
    void a_liquidation_while_at_risk_publishes_position_liquidated_once() {
        ports.venue.endsAs(new PositionEnd(PositionEnd.How.LIQUIDATED, "BTCUSDT", new BigDecimal("41250.5"),
                tick.plus(Duration.ofSeconds(70))));
        check(new Margin("0.9", null, "0"));

        CheckResult gone = check(GONE);
        check(GONE);
        check(GONE);

        assertThat(gone.outcome()).isEqualTo(Outcome.POSITION_GONE);
        assertThat(ports.bus.published(EventCatalogue.POSITION_LIQUIDATED.detailType())).singleElement()
                .extracting(InMemoryEventPublisher::wire)
                .satisfies(d -> assertThat(d)
                        .containsEntry("cause", "liquidation")
                        .containsEntry("symbol", "BTCUSDT")
                        .containsEntry("liquidationPrice", "41250.5")
                        .containsEntry("lastMarginRatio", "0.9")
                        .containsEntry("lastSeverity", "IMMINENT")
                        .containsEntry("openIntentId", null));
        assertThat(ports.venue.endReads).as("the venue is asked how it ended once").hasValue(1);
        assertThat(InMemoryEventPublisher.wire(ports.bus.published(EventCatalogue.POSITION_LIQUIDATED.detailType()).getFirst()).keySet())
                .as("events/position-liquidated.json shows every field")
                .containsExactlyElementsOf(EventExamples.detailFields("position-liquidated.json"));
        assertThat(ports.memory.auditTrail(ACCOUNT)).extracting(e -> e.kind()).contains("POSITION_LIQUIDATED");
    }

    @Test
    void a_position_the_owner_closed_while_at_risk_publishes_position_closed() {
        ports.venue.endsAs(new PositionEnd(PositionEnd.How.CLOSED, null, null, null));
        check(new Margin("0.6", null, "0"));
        check(GONE);

        assertThat(ports.bus.published(EventCatalogue.POSITION_CLOSED.detailType())).singleElement()
                .satisfies(e -> assertThat(InMemoryEventPublisher.wire(e).keySet()).as("events/position-closed.json shows every field")
                        .containsExactlyElementsOf(EventExamples.detailFields("position-closed.json")));
        assertThat(ports.bus.published(EventCatalogue.POSITION_LIQUIDATED.detailType())).isEmpty();
    }

    @Test
    void a_venue_that_cannot_tell_is_reported_as_liquidated_with_cause_unknown() {
        check(new Margin("0.6", null, "0"));
        check(GONE);

        assertThat(ports.bus.published(EventCatalogue.POSITION_LIQUIDATED.detailType())).singleElement()
                .satisfies(e -> assertThat(InMemoryEventPublisher.wire(e)).containsEntry("cause", "unknown")
                        .containsEntry("liquidationPrice", null));
    }

    @Test
    void a_position_that_vanishes_with_a_top_up_in_flight_names_the_intent() {
        CheckResult requested = check(new Margin("0.6", null, "5000"));
        assertThat(requested.outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);

        check(GONE);

        assertThat(ports.bus.published(EventCatalogue.POSITION_LIQUIDATED.detailType())).singleElement()
                .satisfies(e -> assertThat(InMemoryEventPublisher.wire(e)).containsEntry("openIntentId", requested.intentId()));
    }

    @Test
    void a_position_closed_while_healthy_says_nothing_and_later_checks_stay_free() {
        check(new Margin("0.2", null, "0"));
        check(GONE);
        int callsAfterFirstLook = ports.awsCalls();
        check(GONE);
        check(GONE);

        assertThat(ports.bus.published()).isEmpty();
        assertThat(ports.awsCalls()).as("only the first check without a position reads the ledger")
                .isEqualTo(callsAfterFirstLook);
        assertThat(ports.venue.endReads).hasValue(0);
    }

    @Test
    void a_second_container_that_sees_the_same_vanished_position_does_not_report_it_again() {
        check(new Margin("0.9", null, "0"));
        check(GONE);
        CheckService other = ports.anotherContainer();
        CheckResult second = other.check(new CheckRequest(ACCOUNT, tick, item));

        assertThat(second.outcome()).isEqualTo(Outcome.NO_ACTION);
        assertThat(ports.bus.published(EventCatalogue.POSITION_LIQUIDATED.detailType())).hasSize(1);
    }

    private CheckResult check(Margin margin) {
        ports.venue.report(margin);
        ports.clock.set(tick);
        CheckResult result = ports.checks.check(new CheckRequest(ACCOUNT, tick, item));
        tick = tick.plus(Duration.ofMinutes(1));
        return result;
    }
}
