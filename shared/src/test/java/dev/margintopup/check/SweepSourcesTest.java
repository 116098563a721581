package dev.margintopup.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.Source;
import dev.margintopup.account.SweepSettings;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentKind;
import dev.margintopup.ledger.Leg;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import dev.margintopup.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a sweep goes back to (decision 0030): each source gets what was drawn from it, last source first. */
class SweepSourcesTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final InMemoryLedger ledger = new InMemoryLedger(clock, Duration.ofDays(365));
    private final AccountConfig account = account(List.of(Source.only("FUNDING"), Source.only("SPOT")), 2);
    private int checks;

    private static AccountConfig account(List<Source> sources, int lookbackDays) {
        return new AccountConfig("acct", "paper", MarginMode.CROSS, null, "USDT", sources.getFirst().wallet(),
                new BigDecimal("0.8"), new BigDecimal("0.6"), new BigDecimal("5000"), new BigDecimal("20000"),
                new BigDecimal("10"), Duration.ZERO, 1, "margin-topup/read/acct", "margin-topup/transfer/acct", true,
                false, null, null, null, null, sources, null, new SweepSettings(Duration.ofMinutes(30), lookbackDays,
                        new BigDecimal("20000"), new BigDecimal("0.6")));
    }

    /** A top-up drawn as {@code legs}, every leg confirmed. */
    private void toppedUp(Leg... legs) {
        BigDecimal total = List.of(legs).stream().map(Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        OpenResult opened = ledger.openIntent(nextCheck(), account,
                new Decision.TopUp(new BigDecimal("0.85"), total, new BigDecimal("0.6"), null), List.of(legs));
        settle(((OpenResult.Opened) opened).intent());
    }

    /** A sweep returned as {@code legs}, every leg confirmed. */
    private void swept(Leg... legs) {
        BigDecimal total = List.of(legs).stream().map(Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        CheckId check = nextCheck();
        ledger.recordInsideBand(account.accountId(), check.scheduledTime().minus(Duration.ofHours(1)));
        OpenResult opened = ledger.openSweep(check, account, new SweepDecision(new BigDecimal("0.3"), total,
                new BigDecimal("0.5"), legs[0].fromWallet(), "test"), List.of(legs),
                check.scheduledTime().minus(Duration.ofMinutes(30)), ledger.sweptOn(account.accountId(), ledger.today()));
        settle(((OpenResult.Opened) opened).intent());
    }

    private void settle(Intent intent) {
        Intent held = intent;
        while (true) {
            Intent claimed = ledger.claim(held, Duration.ofMinutes(1)).orElseThrow();
            assertThat(ledger.confirm(claimed, "venue-" + claimed.intentId(), Duration.ZERO, false)).isTrue();
            if (claimed.nextLegs().isEmpty()) {
                return;
            }
            held = ledger.intent(claimed.accountId(), claimed.nextLeg(clock.instant()).intentId()).orElseThrow();
        }
    }

    private CheckId nextCheck() {
        clock.advance(Duration.ofMinutes(1));
        return new CheckId(account.accountId(), clock.instant().plusSeconds(++checks));
    }

    private SweepSources read(AccountConfig config) {
        return SweepSources.read(ledger, config, ledger.today());
    }

    @Test
    void a_sweep_goes_back_to_the_last_source_drawn_first_and_never_more_to_a_source_than_came_from_it() {
        toppedUp(new Leg("FUNDING", new BigDecimal("600")), new Leg("SPOT", new BigDecimal("300")));

        SweepSources sources = read(account);
        assertThat(sources.total()).isEqualByComparingTo("900");
        assertThat(sources.legs(new BigDecimal("700"), new BigDecimal("10"))).containsExactly(
                new Leg("SPOT", new BigDecimal("300")), new Leg("FUNDING", new BigDecimal("400")));
        assertThat(sources.legs(new BigDecimal("250"), new BigDecimal("10")))
                .containsExactly(new Leg("SPOT", new BigDecimal("250")));
        assertThat(sources.legs(new BigDecimal("5000"), new BigDecimal("10"))).as("at most what was drawn")
                .containsExactly(new Leg("SPOT", new BigDecimal("300")), new Leg("FUNDING", new BigDecimal("600")));
    }

    @Test
    void what_was_swept_back_to_a_source_is_no_longer_returnable_to_it() {
        toppedUp(new Leg("FUNDING", new BigDecimal("600")), new Leg("SPOT", new BigDecimal("300")));
        swept(new Leg("SPOT", new BigDecimal("300")), new Leg("FUNDING", new BigDecimal("100")));

        SweepSources sources = read(account);
        assertThat(sources.returnableTo("SPOT")).isZero();
        assertThat(sources.returnableTo("FUNDING")).isEqualByComparingTo("500");
        assertThat(sources.legs(new BigDecimal("800"), new BigDecimal("10")))
                .containsExactly(new Leg("FUNDING", new BigDecimal("500")));
    }

    @Test
    void a_share_below_the_minimum_transfer_is_passed_over_for_the_source_before_it() {
        toppedUp(new Leg("FUNDING", new BigDecimal("600")), new Leg("SPOT", new BigDecimal("5")));

        assertThat(read(account).legs(new BigDecimal("300"), new BigDecimal("10")))
                .containsExactly(new Leg("FUNDING", new BigDecimal("300")));
    }

    @Test
    void only_top_ups_within_the_look_back_count_and_a_wallet_no_longer_listed_gets_nothing() {
        toppedUp(new Leg("FUNDING", new BigDecimal("600")), new Leg("SPOT", new BigDecimal("300")));
        clock.advance(Duration.ofDays(1));
        toppedUp(new Leg("SPOT", new BigDecimal("50")));

        assertThat(read(account(account.sources(), 1)).total()).as("today only").isEqualByComparingTo("50");
        assertThat(read(account).total()).as("today and yesterday").isEqualByComparingTo("950");
        assertThat(read(account(List.of(Source.only("SPOT")), 2)).total()).as("FUNDING is no longer a source")
                .isEqualByComparingTo("350");
    }

    @Test
    void a_failed_leg_gives_its_share_back_so_nothing_returns_to_a_source_it_never_left() {
        OpenResult opened = ledger.openIntent(nextCheck(), account, new Decision.TopUp(new BigDecimal("0.85"),
                new BigDecimal("900"), new BigDecimal("0.6"), null),
                List.of(new Leg("FUNDING", new BigDecimal("600")), new Leg("SPOT", new BigDecimal("300"))));
        Intent first = ledger.claim(((OpenResult.Opened) opened).intent(), Duration.ofMinutes(1)).orElseThrow();
        assertThat(ledger.confirm(first, "venue-1", Duration.ZERO, false)).isTrue();
        Intent second = ledger.claim(ledger.intent("acct", first.nextLeg(clock.instant()).intentId()).orElseThrow(),
                Duration.ofMinutes(1)).orElseThrow();
        assertThat(ledger.fail(second, "the venue refused")).isTrue();

        assertThat(ledger.bySourceOn("acct", ledger.today(), IntentKind.TOP_UP)).containsOnlyKeys("FUNDING");
        assertThat(read(account).returnableTo("SPOT")).isZero();
        assertThat(read(account).returnableTo("FUNDING")).isEqualByComparingTo("600");
    }
}
