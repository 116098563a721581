package dev.margintopup.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountItem;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.check.CheckResult.Outcome;
import dev.margintopup.check.ScriptedVenue.Margin;
import dev.margintopup.testing.Accounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code MarginAtRisk} never goes quiet while things get worse: trigger 0.5 and an empty source
 * wallet, so nothing can move and every check past the trigger alerts.
 */
class EscalatingAlertsTest {

    private static final String ACCOUNT = "desk-btc-cross";

    private final CheckerPorts ports = new CheckerPorts(new Margin("0.2", null, "0"));
    private final AccountItem item = new AccountItem(Accounts.item(ACCOUNT));
    private Instant tick = ports.clock.instant();

    @Test
    void each_rise_in_severity_after_a_first_alert_publishes_a_new_one_and_an_unchanged_one_stays_quiet() {
        assertThat(checkAt("0.55").outcome()).isEqualTo(Outcome.ALERT);
        assertThat(checkAt("0.6").outcome()).isEqualTo(Outcome.ALERT);
        checkAt("0.76");
        checkAt("0.78");
        checkAt("0.9");

        assertThat(alerts()).extracting(d -> d.get("severity"), d -> d.get("marginRatio"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("WARNING", "0.55"),
                        org.assertj.core.groups.Tuple.tuple("CRITICAL", "0.76"),
                        org.assertj.core.groups.Tuple.tuple("IMMINENT", "0.9"));
        assertThat(ports.memory.auditTrail(ACCOUNT)).filteredOn(e -> e.kind().equals("MARGIN_AT_RISK"))
                .as("every alerting check is audited, sent or not").hasSize(5);
    }

    @Test
    void the_alert_carries_severity_distance_to_liquidation_and_shortfall() {
        ports.venue.report(new Margin("0.6", "0.004", "0"));
        check();

        Map<String, Object> detail = alerts().getFirst();
        assertThat(detail).containsEntry("severity", "WARNING")
                .containsEntry("distanceToLiquidation", "0.004")
                .containsEntry("asset", "USDT")
                .containsEntry("cause", "SOURCE_BALANCE");
        // maintenance 600 ÷ target 0.3 = 2,000 of margin needed, 1,000 there, nothing can move.
        assertThat(detail.get("shortfall")).isEqualTo("1000.00");
        assertThat(detail.keySet()).as("events/margin-at-risk.json shows every field")
                .containsExactlyElementsOf(EventExamples.detailFields("margin-at-risk.json"));
    }

    @Test
    void inside_one_level_a_halved_room_or_a_grown_shortfall_is_sent_again() {
        checkAt("0.9");
        checkAt("0.92");
        checkAt("0.95");

        assertThat(alerts()).extracting(d -> d.get("marginRatio")).containsExactly("0.9", "0.95");
    }

    @Test
    void an_unchanged_situation_is_repeated_after_fifteen_minutes_and_not_before() {
        checkAt("0.55");
        for (int minute = 1; minute < 15; minute++) {
            checkAt("0.55");
        }
        assertThat(alerts()).hasSize(1);

        checkAt("0.55");
        assertThat(alerts()).hasSize(2);
    }

    @Test
    void a_redelivered_check_that_saw_it_worsen_sends_it_once() {
        checkAt("0.55");
        checkAt("0.8");
        CheckResult again = ports.checks.check(new CheckRequest(ACCOUNT, tick.minus(Duration.ofMinutes(1)), item));

        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(alerts()).hasSize(2);
    }

    @Test
    void a_top_up_a_limit_holds_back_is_a_watch_alert_with_what_it_could_not_move() {
        // 600 free in the source: the top-up moves what it can and the rest is the shortfall.
        ports.venue.report(new Margin("0.55", null, "600"));
        check();
        assertThat(alerts()).extracting(d -> d.get("severity")).containsExactly("WATCH");
        assertThat(alerts().getFirst().get("shortfall")).isEqualTo("233.34");
    }

    private CheckResult checkAt(String ratio) {
        ports.venue.report(new Margin(ratio, null, "0"));
        return check();
    }

    private CheckResult check() {
        ports.clock.set(tick);
        CheckResult result = ports.checks.check(new CheckRequest(ACCOUNT, tick, item));
        tick = tick.plus(Duration.ofMinutes(1));
        return result;
    }

    private List<Map<String, Object>> alerts() {
        return ports.bus.published(EventCatalogue.MARGIN_AT_RISK.detailType()).stream().map(InMemoryEventPublisher::wire).toList();
    }
}
