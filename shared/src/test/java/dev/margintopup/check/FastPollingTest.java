package dev.margintopup.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountItem;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.check.CheckResult.Outcome;
import dev.margintopup.check.ScriptedVenue.Margin;
import dev.margintopup.ledger.Intent;
import dev.margintopup.testing.Accounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inside the watch band (here 5 % from liquidation, polled every 10 s) the checker polls until the
 * next scheduled check is due; outside it, one check. The clock is simulated: the sleeper moves it.
 */
class FastPollingTest {

    private static final String ACCOUNT = "desk-btc-cross";
    private static final Margin FAR = new Margin("0.1", "0.2", "5000");
    private static final Margin IN_BAND = new Margin("0.3", "0.04", "5000");
    private static final Margin BREACHED = new Margin("0.55", "0.03", "5000");

    private final CheckerPorts ports = new CheckerPorts(FAR);
    private final Instant tick = ports.clock.instant();
    private final AccountItem item = new AccountItem(Accounts.item(ACCOUNT,
            "triggerMovePercent", new BigDecimal("2"), "targetMovePercent", new BigDecimal("4"),
            "watchBandMovePercent", new BigDecimal("5"), "pollIntervalSeconds", new BigDecimal("10")));
    private final List<Instant> sleptUntil = new ArrayList<>();
    private final FastPolling polling = new FastPolling(ports.checks, moment -> {
        sleptUntil.add(moment);
        ports.clock.set(moment);
    });

    @Test
    void far_from_the_band_a_check_is_one_venue_request_and_no_aws_call() {
        run();
        int warm = ports.awsCalls();
        ports.clock.set(tick.plus(Duration.ofMinutes(1)));
        List<CheckResult> results = polling.run(new CheckRequest(ACCOUNT, tick.plus(Duration.ofMinutes(1)), item),
                r -> {});

        assertThat(results).singleElement().extracting(CheckResult::outcome).isEqualTo(Outcome.NO_ACTION);
        assertThat(ports.venue.marginReads).hasValue(2);
        assertThat(ports.awsCalls()).as("a warm no-op check makes no AWS call").isEqualTo(warm);
        assertThat(sleptUntil).isEmpty();
    }

    @Test
    void inside_the_band_it_polls_every_interval_until_the_margin_before_the_next_check_and_counts_its_calls() {
        ports.venue.report(IN_BAND);
        List<CheckResult> results = run();

        assertThat(results).extracting(CheckResult::checkId).containsExactly(
                ACCOUNT + "@2026-11-24T21:00:00Z", ACCOUNT + "@2026-11-24T21:00:10Z",
                ACCOUNT + "@2026-11-24T21:00:20Z", ACCOUNT + "@2026-11-24T21:00:30Z",
                ACCOUNT + "@2026-11-24T21:00:40Z", ACCOUNT + "@2026-11-24T21:00:50Z");
        assertThat(results).extracting(CheckResult::outcome).containsOnly(Outcome.NO_ACTION);
        assertThat(FastPolling.lastPollStart(tick, 1)).isEqualTo(tick.plus(Duration.ofSeconds(50)));
        // Six venue requests; the AWS calls are the cold container's key read and first last-seen write only.
        assertThat(ports.venue.marginReads).hasValue(6);
        assertThat(ports.secretReads).hasValue(1);
        assertThat(ports.ledgerCalls).hasValue(1);
        assertThat(ports.bus.batches()).isZero();
    }

    @Test
    void a_breach_between_two_polls_is_acted_on_at_the_next_poll_with_the_intent_protocol() {
        Instant breach = tick.plus(Duration.ofSeconds(15));
        ports.venue.follow(at -> at.isBefore(breach) ? IN_BAND : BREACHED);

        List<CheckResult> results = run();

        CheckResult acted = results.getLast();
        assertThat(acted.outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);
        assertThat(acted.checkId()).isEqualTo(ACCOUNT + "@2026-11-24T21:00:20Z");
        assertThat(Duration.between(breach, ports.clock.instant()))
                .as("acted on within one poll interval").isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(results).as("polling stops once a top-up is under way").hasSize(3);
        assertThat(ports.memory.intent(ACCOUNT, acted.intentId())).isPresent();
        assertThat(ports.bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(1);
    }

    @Test
    void a_top_up_the_cooldown_holds_back_keeps_polling_and_acts_at_the_first_poll_after_the_cooldown() {
        Map<String, Object> cooling = Accounts.item(ACCOUNT,
                "triggerMovePercent", new BigDecimal("2"), "targetMovePercent", new BigDecimal("4"),
                "watchBandMovePercent", new BigDecimal("5"), "pollIntervalSeconds", new BigDecimal("10"),
                "cooldownSeconds", new BigDecimal("80"));
        ports.venue.report(BREACHED);
        CheckResult first = polling.run(new CheckRequest(ACCOUNT, tick, new AccountItem(cooling)), r -> {}).getLast();
        assertThat(first.outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);
        // The transfer lands 5 s later: the cooldown runs to 85 s after this minute's check.
        ports.clock.set(tick.plus(Duration.ofSeconds(5)));
        Intent held = ports.ledger.claim(ports.ledger.intent(ACCOUNT, first.intentId()).orElseThrow(),
                Duration.ofSeconds(60)).orElseThrow();
        ports.ledger.confirm(held, "paper-1", Accounts.config(cooling).cooldown(), false);
        Instant cooldownEnds = tick.plus(Duration.ofSeconds(85));

        // The market keeps falling: the next scheduled check finds the account past its trigger again.
        Instant next = tick.plus(Duration.ofMinutes(1));
        ports.clock.set(next);
        List<CheckResult> results = polling.run(new CheckRequest(ACCOUNT, next, new AccountItem(cooling)), r -> {});

        assertThat(results).extracting(CheckResult::outcome).containsExactly(Outcome.COOLING_DOWN,
                Outcome.COOLING_DOWN, Outcome.COOLING_DOWN, Outcome.TOP_UP_REQUESTED);
        assertThat(results.getLast().checkId()).isEqualTo(ACCOUNT + "@2026-11-24T21:01:30Z");
        // Stopping at the first COOLING_DOWN would have left it unprotected until the check at 21:02.
        assertThat(Duration.between(cooldownEnds, ports.clock.instant()))
                .as("acted on within one poll interval of the cooldown's end").isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(ports.bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(2);
    }

    @Test
    void a_redelivered_invocation_polls_at_the_same_offsets_and_moves_nothing_twice() {
        Instant breach = tick.plus(Duration.ofSeconds(15));
        ports.venue.follow(at -> at.isBefore(breach) ? IN_BAND : BREACHED);
        CheckResult first = run().getLast();

        ports.clock.set(tick);
        List<CheckResult> again = run();

        assertThat(again.getLast().checkId()).isEqualTo(first.checkId());
        assertThat(again.getLast().outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(ports.bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(1);
        assertThat(ports.memory.usedOn(ACCOUNT, ports.memory.today())).isEqualByComparingTo(first.amount());
    }

    @Test
    void a_late_delivery_past_the_polling_window_checks_once_and_does_not_poll() {
        ports.venue.report(IN_BAND);
        ports.clock.set(tick.plus(Duration.ofSeconds(55)));

        assertThat(run()).hasSize(1);
        assertThat(sleptUntil).isEmpty();
    }

    @Test
    void polling_leaves_the_band_when_the_account_does() {
        Instant recovered = tick.plus(Duration.ofSeconds(25));
        ports.venue.follow(at -> at.isBefore(recovered) ? IN_BAND : FAR);

        assertThat(run()).extracting(CheckResult::checkId).last().isEqualTo(ACCOUNT + "@2026-11-24T21:00:30Z");
    }

    @Test
    void an_account_protected_by_the_ratio_pair_alone_has_no_band() {
        ports.venue.report(IN_BAND);

        List<CheckResult> results = polling.run(new CheckRequest(ACCOUNT, tick, new AccountItem(Accounts.item(ACCOUNT))), r -> {});

        assertThat(results).singleElement().extracting(CheckResult::watchBand).isNull();
    }

    @Test
    void a_slower_check_rate_polls_no_longer_than_the_window_the_lambda_timeout_allows() {
        assertThat(FastPolling.lastPollStart(tick, 3)).isEqualTo(tick.plus(Duration.ofSeconds(170)));
        assertThat(FastPolling.lastPollStart(tick, 60)).isEqualTo(tick.plus(FastPolling.MAX_WINDOW)
                .minus(FastPolling.MARGIN));
    }

    private List<CheckResult> run() {
        return polling.run(new CheckRequest(ACCOUNT, tick, item), r -> {});
    }
}
