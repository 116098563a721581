package dev.margintopup.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.alert.Risk;
import dev.margintopup.alert.SentAlert;
import dev.margintopup.alert.Severity;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.Concurrently;
import dev.margintopup.testing.TestClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Ledger} must do, run against each implementation: the in-memory one with the
 * unit tests, DynamoDB's on the emulator with the integration tests. An implementation passes
 * only if duplicates, concurrent claims, lease expiry, the daily cap and the audit trail behave
 * exactly as the exactly-once protocol (decision 0001) needs.
 */
public abstract class LedgerContract {

    protected static final Duration RETENTION = Duration.ofDays(365);
    private static final Duration LEASE = Duration.ofSeconds(60);

    /** Mid-day UTC, so a test's minutes never cross midnight unless it moves the clock there. */
    protected final TestClock clock = new TestClock(
            Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12)));
    protected final String accountId = "acct-" + UUID.randomUUID().toString().substring(0, 8);
    private final AccountConfig account = Accounts.config(accountId);
    private final Instant start = clock.instant();
    private Ledger ledger;

    /** A ledger on an empty store (or one no other test's account ids collide with) using this clock. */
    protected abstract Ledger ledger(Clock clock, Duration retention);

    /**
     * The account's items' TTL, keyed as DynamoDB keys them ({@code STATE}, {@code INTENT#id},
     * {@code DAY#date}, {@code CHECK#millis}) and audit entries as {@code AUDIT#kind}; a
     * {@code null} value for an item that never expires.
     */
    protected abstract Map<String, Instant> expiries(String accountId);

    /** Does what DynamoDB's TTL process does eventually: deletes every item past its {@code expiresAt}. */
    protected abstract void deleteExpired();

    @BeforeEach
    void newLedger() {
        ledger = ledger(clock, RETENTION);
    }

    // ---------------------------------------------------------------- opening intents

    @Test
    void an_acting_check_opens_a_pending_intent_that_holds_the_account_and_counts_on_the_day() {
        OpenResult result = ledger.openIntent(check(1), account, topUp("400"));

        Intent intent = ((OpenResult.Opened) result).intent();
        assertThat(intent.state()).isEqualTo(IntentState.PENDING);
        assertThat(intent.intentId()).isEqualTo(check(1).intentId());
        assertThat(ledger.intent(accountId, intent.intentId())).contains(intent);
        assertThat(ledger.state(accountId).openIntentId()).isEqualTo(intent.intentId());
        assertThat(ledger.state(accountId).lastCheckAt()).isEqualTo(check(1).scheduledTime());
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
        assertThat(kinds()).containsExactly("TOP_UP_DECIDED");
        assertThat(ledger.auditTrail(accountId).getFirst().details())
                .containsEntry("checkId", check(1).value())
                .containsEntry("amount", "400");
    }

    @Test
    void a_redelivered_check_is_a_duplicate_and_writes_nothing() {
        Intent open = opened(1, "400");

        OpenResult again = ledger.openIntent(check(1), account, topUp("400"));

        assertThat(again).isEqualTo(new OpenResult.Duplicate(open));
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
        assertThat(kinds()).containsExactly("TOP_UP_DECIDED");
    }

    @Test
    void a_check_older_than_the_last_acting_one_is_a_duplicate() {
        Intent open = opened(5, "400");

        assertThat(ledger.openIntent(check(3), account, topUp("100"))).isEqualTo(new OpenResult.Duplicate(open));
        assertThat(ledger.recordDecision(check(4), "MARGIN_AT_RISK", new BigDecimal("0.7"), Map.of())).isFalse();
        assertThat(ledger.state(accountId).lastCheckAt()).isEqualTo(check(5).scheduledTime());
    }

    @Test
    void a_new_check_while_an_intent_is_open_finds_it_in_flight() {
        Intent open = opened(1, "400");

        assertThat(ledger.openIntent(check(2), account, topUp("100"))).isEqualTo(new OpenResult.IntentInFlight(open));
        assertThat(ledger.intent(accountId, check(2).intentId())).isEmpty();
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
    }

    @Test
    void an_amount_beyond_the_daily_cap_is_refused_whole_and_the_same_check_may_open_a_smaller_one() {
        settle(opened(1, "1000"));
        clock.advance(account.cooldown());
        settle(opened(10, "700"));
        clock.advance(account.cooldown());

        OpenResult tooMuch = ledger.openIntent(check(20), account, topUp("400"));

        assertThat(tooMuch).isEqualTo(new OpenResult.DailyCapExceeded(new BigDecimal("1700")));
        assertThat(ledger.intent(accountId, check(20).intentId())).isEmpty();
        assertThat(ledger.state(accountId).openIntentId()).isNull();
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("1700");
        OpenResult fits = ledger.openIntent(check(20), account, topUp("300"));
        assertThat(fits).isInstanceOf(OpenResult.Opened.class);
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("2000");
    }

    @Test
    void the_daily_cap_starts_again_on_the_next_utc_day() {
        settle(opened(1, "1000"));
        clock.advance(account.cooldown());
        settle(opened(10, "1000"));
        clock.set(start.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plusSeconds(60));

        OpenResult tomorrow = ledger.openIntent(new CheckId(accountId, clock.instant()), account, topUp("1000"));

        assertThat(tomorrow).isInstanceOf(OpenResult.Opened.class);
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("1000");
        assertThat(ledger.usedOn(accountId, start.atZone(java.time.ZoneOffset.UTC).toLocalDate()))
                .isEqualByComparingTo("2000");
    }

    @Test
    void a_confirmed_top_up_starts_the_cooldown_and_a_check_after_it_may_act_again() {
        settle(opened(1, "400"));
        Instant cooldownUntil = clock.instant().plus(account.cooldown());

        assertThat(ledger.openIntent(check(2), account, topUp("100")))
                .isEqualTo(new OpenResult.CoolingDown(cooldownUntil));
        clock.advance(account.cooldown());
        assertThat(ledger.openIntent(check(7), account, topUp("100"))).isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void concurrent_checks_of_one_account_open_exactly_one_intent() throws Exception {
        List<Callable<OpenResult>> checks = new ArrayList<>();
        for (int minute = 1; minute <= 6; minute++) {
            CheckId check = check(minute);
            checks.add(() -> ledger.openIntent(check, account, topUp("100")));
        }

        List<OpenResult> results = Concurrently.all(checks);

        assertThat(results).filteredOn(OpenResult.Opened.class::isInstance).hasSize(1);
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("100");
    }

    // ---------------------------------------------------------------- decisions that move nothing

    @Test
    void a_decision_is_recorded_once_per_check_with_its_check_in_the_audit() {
        assertThat(ledger.recordDecision(check(1), "DRY_RUN_DECISION", new BigDecimal("0.61"),
                Ledger.details("wouldMove", "250"))).isTrue();
        assertThat(ledger.recordDecision(check(1), "DRY_RUN_DECISION", new BigDecimal("0.61"),
                Ledger.details("wouldMove", "250"))).isFalse();

        assertThat(ledger.state(accountId).lastRatio()).isEqualByComparingTo("0.61");
        assertThat(ledger.auditTrail(accountId)).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("wouldMove", "250")
                .containsEntry("checkId", check(1).value()));
    }

    @Test
    void the_last_seen_ratio_never_moves_back_in_time() {
        ledger.recordLastSeen(accountId, check(5).scheduledTime(), new BigDecimal("0.2"));
        ledger.recordLastSeen(accountId, check(3).scheduledTime(), new BigDecimal("0.4"));

        assertThat(ledger.state(accountId).lastSeenAt()).isEqualTo(check(5).scheduledTime());
        assertThat(ledger.state(accountId).lastRatio()).isEqualByComparingTo("0.2");
        ledger.recordLastSeen(accountId, check(6).scheduledTime(), new BigDecimal("0.25"));
        assertThat(ledger.state(accountId).lastRatio()).isEqualByComparingTo("0.25");
    }

    @Test
    void the_last_seen_write_names_the_intent_the_account_holds_open() {
        assertThat(ledger.recordLastSeen(accountId, check(1).scheduledTime(), new BigDecimal("0.2"))).isEmpty();
        OpenResult opened = ledger.openIntent(check(2), account, topUp("100"));

        assertThat(ledger.recordLastSeen(accountId, check(3).scheduledTime(), new BigDecimal("0.1")))
                .contains(((OpenResult.Opened) opened).intent().intentId());
        assertThat(ledger.recordLastSeen(accountId, check(2).scheduledTime(), new BigDecimal("0.3")))
                .as("an older reading writes nothing and names nothing").isEmpty();
    }

    @Test
    void an_alert_is_claimed_once_per_cause_per_repeat_interval() {
        Duration repeat = Duration.ofMinutes(15);

        assertThat(ledger.claimAlert(accountId, "DAILY_CAP", repeat)).isTrue();
        assertThat(ledger.claimAlert(accountId, "DAILY_CAP", repeat)).isFalse();
        clock.advance(Duration.ofMinutes(14));
        assertThat(ledger.claimAlert(accountId, "DAILY_CAP", repeat)).isFalse();
        assertThat(ledger.claimAlert(accountId, "SOURCE_BALANCE", repeat)).isTrue();
        clock.advance(repeat);
        assertThat(ledger.claimAlert(accountId, "SOURCE_BALANCE", repeat)).isTrue();
    }

    @Test
    void a_worse_margin_alert_is_claimed_at_once_and_an_unchanged_one_waits_for_the_repeat_interval() {
        assertThat(sourceBalanceAlert(Severity.WARNING, "0.9", "100")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        // Each line: the level, the room left relative to the trigger's, the shortfall; and whether it is worse.
        Map<List<String>, Boolean> sequence = new java.util.LinkedHashMap<>();
        sequence.put(List.of("WARNING", "0.8", "110"), false);      // unchanged: nothing worse enough
        sequence.put(List.of("CRITICAL", "0.45", "110"), true);     // a higher level
        sequence.put(List.of("CRITICAL", "0.45", "137.4"), false);  // shortfall 24.9 % larger
        sequence.put(List.of("CRITICAL", "0.45", "137.5"), true);   // shortfall 25 % larger
        sequence.put(List.of("CRITICAL", "0.2251", "137.5"), false); // room not quite halved
        sequence.put(List.of("CRITICAL", "0.225", "137.5"), true);  // room halved
        sequence.put(List.of("WARNING", "0.9", "10"), false);       // better than the last one sent
        sequence.forEach((risk, worse) -> assertThat(
                sourceBalanceAlert(Severity.valueOf(risk.get(0)), risk.get(1), risk.get(2))).as("%s", risk)
                .isEqualTo(worse));

        SentAlert last = ledger.state(accountId).lastAlert();
        assertThat(last.cause()).isEqualTo("SOURCE_BALANCE");
        assertThat(last.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(last.room()).isEqualByComparingTo("0.225");
        assertThat(last.shortfall()).isEqualByComparingTo("137.5");
        assertThat(last.at()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MILLIS));

        clock.advance(Duration.ofMinutes(15));
        assertThat(sourceBalanceAlert(Severity.WARNING, "0.9", "10"))
                .as("an unchanged or better situation, once the interval passed").isTrue();
    }

    private boolean sourceBalanceAlert(Severity severity, String room, String shortfall) {
        return ledger.claimAlert(accountId, "SOURCE_BALANCE", risk(severity, room, shortfall), Duration.ofMinutes(15));
    }

    @Test
    void an_alert_without_a_level_after_a_margin_alert_keeps_the_repeat_rule_and_clears_the_level() {
        Duration repeat = Duration.ofMinutes(15);
        ledger.claimAlert(accountId, "DAILY_CAP", risk(Severity.IMMINENT, "0.1", "50"), repeat);

        assertThat(ledger.claimAlert(accountId, "ACCOUNT_CONFIG_INVALID:[readSecretId]", repeat)).isTrue();
        assertThat(ledger.state(accountId).lastAlert().severity()).isNull();
        assertThat(ledger.state(accountId).lastAlert().shortfall()).isNull();
        assertThat(ledger.claimAlert(accountId, "ACCOUNT_CONFIG_INVALID:[readSecretId]", repeat)).isFalse();
        assertThat(ledger.claimAlert(accountId, "DAILY_CAP", risk(Severity.WATCH, "0.9", "0"), repeat))
                .as("a margin alert after one without a level").isTrue();
    }

    @Test
    void concurrent_checks_that_see_the_same_worse_situation_send_it_once() throws Exception {
        Duration repeat = Duration.ofMinutes(15);
        ledger.claimAlert(accountId, "SOURCE_BALANCE", risk(Severity.WARNING, "0.9", "100"), repeat);

        List<Boolean> sent = Concurrently.times(6,
                () -> ledger.claimAlert(accountId, "SOURCE_BALANCE", risk(Severity.CRITICAL, "0.4", "100"), repeat));

        assertThat(sent).containsOnlyOnce(true);
    }

    @Test
    void a_rescue_capacity_level_is_claimed_once_per_change_and_apart_from_margin_alerts() {
        assertThat(ledger.claimRescueLevel(accountId, "LOW")).isTrue();
        assertThat(ledger.claimRescueLevel(accountId, "LOW")).isFalse();
        assertThat(ledger.claimAlert(accountId, "DAILY_CAP", Duration.ofMinutes(15))).isTrue();
        assertThat(ledger.claimRescueLevel(accountId, "LOW")).as("a margin alert in between changes nothing").isFalse();
        assertThat(ledger.claimAlert(accountId, "DAILY_CAP", Duration.ofMinutes(15))).isFalse();
        assertThat(ledger.claimRescueLevel(accountId, "CRITICAL")).isTrue();
        assertThat(ledger.claimRescueLevel(accountId, "ENOUGH")).isTrue();
        assertThat(ledger.claimRescueLevel(accountId, "LOW")).isTrue();
    }

    @Test
    void a_vanished_position_is_claimed_once_per_episode() {
        Instant firstEpisode = clock.instant().minusSeconds(120);
        assertThat(ledger.claimPositionGone(accountId, "ALERT#1", firstEpisode, clock.instant())).isTrue();
        assertThat(ledger.claimPositionGone(accountId, "ALERT#1", firstEpisode, clock.instant())).isFalse();

        clock.advance(Duration.ofMinutes(30));
        Instant laterEpisode = clock.instant().minusSeconds(60);
        assertThat(ledger.claimPositionGone(accountId, "INTENT#abc", laterEpisode, clock.instant())).isTrue();
        assertThat(ledger.claimPositionGone(accountId, "INTENT#abc", laterEpisode, clock.instant())).isFalse();
    }

    @Test
    void a_vanished_position_seen_again_under_the_episode_s_other_key_is_not_claimed_twice() {
        // The first check saw the intent open; its retry finds the intent closed and only the
        // alert of the same episode, which began before the first claim was made.
        Instant alertAt = clock.instant().minusSeconds(90);
        assertThat(ledger.claimPositionGone(accountId, "INTENT#abc", alertAt, clock.instant())).isTrue();

        clock.advance(Duration.ofSeconds(40));
        assertThat(ledger.claimPositionGone(accountId, "ALERT#" + alertAt.toEpochMilli(), alertAt, clock.instant()))
                .isFalse();
    }

    // ---------------------------------------------------------------- claims and leases

    @Test
    void a_claim_takes_a_pending_intent_with_a_lease_and_counts_the_attempt() {
        Intent open = opened(1, "400");

        Intent held = ledger.claim(open, LEASE).orElseThrow();

        assertThat(held.state()).isEqualTo(IntentState.SENDING);
        assertThat(held.attempt()).isEqualTo(1);
        assertThat(held.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(held.sentAt()).isEqualTo(clock.instant());
        assertThat(ledger.intent(accountId, open.intentId())).contains(held);
        assertThat(ledger.auditTrail(accountId).getLast().details())
                .containsEntry("from", "PENDING").containsEntry("attempt", "1");
    }

    @Test
    void a_live_lease_or_a_stale_view_cannot_be_claimed() {
        Intent open = opened(1, "400");
        Intent held = ledger.claim(open, LEASE).orElseThrow();

        assertThat(ledger.claim(open, LEASE)).as("claim from a view older than the last claim").isEmpty();
        assertThat(ledger.claim(held, LEASE)).as("claim while the lease is live").isEmpty();
        assertThat(ledger.intent(accountId, open.intentId())).contains(held);
    }

    @Test
    void an_expired_lease_is_taken_over_by_the_next_attempt_which_keeps_the_first_send_time() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();
        clock.advance(LEASE);

        Intent second = ledger.claim(held, LEASE).orElseThrow();

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.sentAt()).isEqualTo(held.sentAt());
        assertThat(second.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void concurrent_claims_of_one_intent_let_exactly_one_attempt_win() throws Exception {
        Intent open = opened(1, "400");
        List<Optional<Intent>> results = Concurrently.times(6, () -> ledger.claim(open, LEASE));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(ledger.intent(accountId, open.intentId()).orElseThrow().attempt()).isEqualTo(1);
        assertThat(kinds()).containsExactly("TOP_UP_DECIDED", "INTENT_CLAIMED");
    }

    @Test
    void a_worker_whose_lease_was_taken_over_can_no_longer_close_the_intent() {
        Intent first = ledger.claim(opened(1, "400"), LEASE).orElseThrow();
        clock.advance(LEASE);
        Intent second = ledger.claim(first, LEASE).orElseThrow();

        assertThat(ledger.confirm(first, "v-1", account.cooldown(), false)).isFalse();
        assertThat(ledger.fail(first, "late")).isFalse();
        assertThat(ledger.markUnknown(first, "late")).isFalse();
        assertThat(ledger.intent(accountId, first.intentId())).contains(second);
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
    }

    // ---------------------------------------------------------------- closing intents

    @Test
    void confirming_records_the_venue_transfer_releases_the_account_and_keeps_the_amount_counted() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();

        assertThat(ledger.confirm(held, "venue-77", account.cooldown(), true)).isTrue();

        Intent confirmed = ledger.intent(accountId, held.intentId()).orElseThrow();
        assertThat(confirmed.state()).isEqualTo(IntentState.CONFIRMED);
        assertThat(confirmed.venueTransferId()).isEqualTo("venue-77");
        assertThat(confirmed.leaseUntil()).isNull();
        assertThat(ledger.state(accountId).openIntentId()).isNull();
        assertThat(ledger.state(accountId).cooldownUntil()).isEqualTo(clock.instant().plus(account.cooldown()));
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
        assertThat(ledger.auditTrail(accountId).getLast().details())
                .containsEntry("venueTransferId", "venue-77").containsEntry("reconciled", "true");
    }

    @Test
    void failing_gives_the_amount_back_to_the_day_and_releases_the_account_without_cooldown() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();

        assertThat(ledger.fail(held, "insufficient balance")).isTrue();

        Intent failed = ledger.intent(accountId, held.intentId()).orElseThrow();
        assertThat(failed.state()).isEqualTo(IntentState.FAILED);
        assertThat(failed.reason()).isEqualTo("insufficient balance");
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("0");
        assertThat(ledger.state(accountId).openIntentId()).isNull();
        assertThat(ledger.openIntent(check(2), account, topUp("100"))).isInstanceOf(OpenResult.Opened.class);
    }

    // ---------------------------------------------------------------- top-ups drawn in legs

    @Test
    void a_top_up_in_legs_opens_its_first_leg_and_counts_the_whole_top_up_on_the_day() {
        Intent first = openedInLegs(1, "300", "200");

        assertThat(first.amount()).isEqualByComparingTo("300");
        assertThat(first.fromWallet()).isEqualTo("FUNDING");
        assertThat(first.nextLegs()).containsExactly(new Leg("SPOT", new BigDecimal("200")));
        assertThat(ledger.intent(accountId, first.intentId())).contains(first);
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("500");
        assertThat(ledger.auditTrail(accountId).getFirst().details()).containsEntry("legs", "FUNDING 300, SPOT 200");
    }

    @Test
    void confirming_a_leg_opens_the_next_one_as_the_open_intent_and_the_cooldown_waits_for_the_last() {
        Intent first = ledger.claim(openedInLegs(1, "300", "200"), LEASE).orElseThrow();

        assertThat(ledger.confirm(first, "venue-1", account.cooldown(), false)).isTrue();

        Intent second = first.nextLeg(clock.instant());
        Intent stored = ledger.intent(accountId, second.intentId()).orElseThrow();
        assertThat(stored.state()).isEqualTo(IntentState.PENDING);
        assertThat(stored.amount()).isEqualByComparingTo("200");
        assertThat(stored.fromWallet()).isEqualTo("SPOT");
        assertThat(stored.nextLegs()).isEmpty();
        assertThat(stored.intentId()).isNotEqualTo(first.intentId());
        assertThat(ledger.state(accountId).openIntentId()).isEqualTo(second.intentId());
        assertThat(ledger.state(accountId).cooldownUntil()).isNull();
        assertThat(kinds()).endsWith("INTENT_CONFIRMED", "LEG_OPENED");

        Intent held = ledger.claim(stored, LEASE).orElseThrow();
        assertThat(ledger.confirm(held, "venue-2", account.cooldown(), false)).isTrue();
        assertThat(ledger.state(accountId).openIntentId()).isNull();
        assertThat(ledger.state(accountId).cooldownUntil()).isEqualTo(clock.instant().plus(account.cooldown()));
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("500");
    }

    @Test
    void a_leg_confirmed_twice_opens_its_next_leg_once() {
        Intent first = ledger.claim(openedInLegs(1, "300", "200"), LEASE).orElseThrow();
        assertThat(ledger.confirm(first, "venue-1", account.cooldown(), false)).isTrue();

        assertThat(ledger.confirm(first, "venue-1", account.cooldown(), false)).isFalse();
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("500");
    }

    @Test
    void a_failed_leg_gives_back_its_amount_and_the_legs_after_it_and_releases_the_account() {
        Intent first = ledger.claim(openedInLegs(1, "300", "200"), LEASE).orElseThrow();
        assertThat(ledger.confirm(first, "venue-1", account.cooldown(), false)).isTrue();
        Intent second = ledger.claim(ledger.intent(accountId, first.nextLeg(clock.instant()).intentId()).orElseThrow(),
                LEASE).orElseThrow();

        assertThat(ledger.fail(second, "insufficient balance")).isTrue();

        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("300");
        assertThat(ledger.state(accountId).openIntentId()).isNull();
    }

    @Test
    void a_first_leg_that_fails_gives_back_the_whole_top_up() {
        Intent first = ledger.claim(openedInLegs(1, "300", "200"), LEASE).orElseThrow();

        assertThat(ledger.fail(first, "refused")).isTrue();

        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("0");
    }

    @Test
    void a_pending_intent_may_fail_without_ever_being_claimed() {
        Intent open = opened(1, "400");

        assertThat(ledger.fail(open, "account disabled")).isTrue();
        assertThat(ledger.intent(accountId, open.intentId()).orElseThrow().state()).isEqualTo(IntentState.FAILED);
    }

    @Test
    void an_unknown_outcome_keeps_the_account_held_until_it_is_settled() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();

        assertThat(ledger.markUnknown(held, "venue timed out")).isTrue();

        Intent unknown = ledger.intent(accountId, held.intentId()).orElseThrow();
        assertThat(unknown.state()).isEqualTo(IntentState.UNKNOWN);
        assertThat(unknown.reason()).isEqualTo("venue timed out");
        assertThat(ledger.state(accountId).openIntentId()).isEqualTo(held.intentId());
        assertThat(ledger.openIntent(check(2), account, topUp("100")))
                .isEqualTo(new OpenResult.IntentInFlight(unknown));
        assertThat(ledger.confirm(unknown, "venue-9", account.cooldown(), true)).isTrue();
        assertThat(ledger.state(accountId).openIntentId()).isNull();
    }

    @Test
    void an_unknown_intent_the_venue_never_saw_fails_and_gives_its_amount_back() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();
        ledger.markUnknown(held, "venue timed out");
        Intent unknown = ledger.intent(accountId, held.intentId()).orElseThrow();

        assertThat(ledger.fail(unknown, "not in the venue's history")).isTrue();
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("0");
    }

    @Test
    void a_settled_intent_cannot_move_again() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();
        ledger.confirm(held, "venue-1", account.cooldown(), false);
        Intent confirmed = ledger.intent(accountId, held.intentId()).orElseThrow();

        assertThatThrownBy(() -> ledger.fail(confirmed, "too late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONFIRMED");
        assertThat(ledger.claim(confirmed, LEASE)).isEmpty();
        assertThat(ledger.confirm(held, "venue-1", account.cooldown(), false)).as("a second confirm").isFalse();
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
    }

    // ---------------------------------------------------------------- the audit trail and expiry

    @Test
    void the_audit_trail_holds_every_move_and_note_in_order() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        ledger.note(held, "OUTCOME_UNKNOWN_WILL_RECONCILE", Ledger.details("attempt", "1", "reason", null));
        ledger.audit(accountId, "ACCOUNT_CONFIG_INVALID", null, Ledger.details("problems", "[maxTransfer]"));
        clock.advance(Duration.ofSeconds(1));
        ledger.confirm(held, "venue-5", account.cooldown(), true);

        List<AuditEntry> trail = ledger.auditTrail(accountId);

        assertThat(trail).extracting(AuditEntry::kind).containsExactly("TOP_UP_DECIDED", "INTENT_CLAIMED",
                "OUTCOME_UNKNOWN_WILL_RECONCILE", "ACCOUNT_CONFIG_INVALID", "INTENT_CONFIRMED");
        assertThat(trail).extracting(AuditEntry::intentId)
                .containsExactly(held.intentId(), held.intentId(), held.intentId(), null, held.intentId());
        assertThat(trail.get(2).details()).containsEntry("reason", "");
        assertThat(trail.getLast().at()).isEqualTo(clock.instant());
        assertThat(ledger.auditTrail("another-" + accountId)).isEmpty();
    }

    @Test
    void items_expire_as_the_protocol_needs_and_the_account_state_never_does() {
        Intent open = opened(1, "400");
        Instant now = clock.instant();

        Map<String, Instant> expiries = expiries(accountId);

        assertThat(expiries).containsEntry("STATE", null)
                .containsEntry("INTENT#" + open.intentId(), seconds(now.plus(RETENTION)))
                .containsEntry("DAY#" + open.day(), seconds(now.plus(Ledger.DAY_COUNTER_TTL)))
                .containsEntry("CHECK#" + check(1).scheduledTime().toEpochMilli(),
                        seconds(check(1).scheduledTime().plus(Ledger.CHECK_RECORD_TTL)))
                .containsEntry("AUDIT#TOP_UP_DECIDED", seconds(now.plus(RETENTION)));
    }

    @Test
    void an_expired_item_counts_until_the_ttl_process_deletes_it_and_a_late_check_stays_refused_after() {
        Intent held = ledger.claim(opened(1, "400"), LEASE).orElseThrow();
        ledger.confirm(held, "venue-1", account.cooldown(), false);
        clock.advance(Ledger.CHECK_RECORD_TTL.plusHours(1));

        assertThat(ledger.openIntent(check(1), account, topUp("100"))).as("before deletion")
                .isInstanceOf(OpenResult.Duplicate.class);
        deleteExpired();

        assertThat(expiries(accountId)).doesNotContainKey("CHECK#" + check(1).scheduledTime().toEpochMilli())
                .containsKey("INTENT#" + held.intentId());
        assertThat(ledger.openIntent(check(1), account, topUp("100"))).as("after deletion: the state still knows")
                .isInstanceOf(OpenResult.Duplicate.class);
        assertThat(ledger.intent(accountId, check(1).intentId()).orElseThrow().state())
                .isEqualTo(IntentState.CONFIRMED);
    }

    // ---------------------------------------------------------------- sweeps back out of margin

    @Test
    void a_sweep_opens_only_once_the_account_stayed_out_of_the_band_and_it_restarts_the_clock() {
        Instant inBand = check(1).scheduledTime();
        assertThat(ledger.openSweep(check(2), account, sweep("100"), inBand, BigDecimal.ZERO))
                .as("never seen in the band: no clock to wait out").isNotInstanceOf(OpenResult.Opened.class);
        ledger.recordInsideBand(accountId, inBand);

        assertThat(ledger.openSweep(check(3), account, sweep("100"), inBand.minusSeconds(60), BigDecimal.ZERO))
                .as("inside the band since the calm period began").isNotInstanceOf(OpenResult.Opened.class);
        OpenResult opened = ledger.openSweep(check(4), account, sweep("100"), inBand, BigDecimal.ZERO);

        Intent intent = ((OpenResult.Opened) opened).intent();
        assertThat(intent.kind()).isEqualTo(IntentKind.SWEEP);
        assertThat(intent.fromWallet()).isEqualTo("FUNDING");
        assertThat(ledger.intent(accountId, intent.intentId())).contains(intent);
        assertThat(ledger.state(accountId).openIntentId()).isEqualTo(intent.intentId());
        assertThat(ledger.state(accountId).lastInBandAt()).isEqualTo(check(4).scheduledTime());
        assertThat(ledger.sweptOn(accountId, ledger.today())).isEqualByComparingTo("100");
        assertThat(ledger.usedOn(accountId, ledger.today())).as("top-ups count apart").isZero();
        assertThat(kinds()).containsExactly("SWEEP_DECIDED");
        assertThat(ledger.openIntent(check(5), account, topUp("50"))).isEqualTo(new OpenResult.IntentInFlight(intent));
    }

    @Test
    void the_band_clock_never_moves_back_in_time() {
        ledger.recordInsideBand(accountId, check(5).scheduledTime());
        ledger.recordInsideBand(accountId, check(3).scheduledTime());

        assertThat(ledger.state(accountId).lastInBandAt()).isEqualTo(check(5).scheduledTime());
    }

    @Test
    void a_sweep_decided_on_a_stale_sweep_counter_is_refused_and_a_confirmed_one_starts_no_cooldown() {
        ledger.recordInsideBand(accountId, check(1).scheduledTime());
        settle(((OpenResult.Opened) ledger.openSweep(check(2), account, sweep("100"), check(1).scheduledTime(),
                BigDecimal.ZERO)).intent());

        assertThat(ledger.state(accountId).openIntentId()).isNull();
        assertThat(ledger.openSweep(check(40), account, sweep("100"), check(2).scheduledTime(), BigDecimal.ZERO))
                .as("read before the first sweep counted").isNotInstanceOf(OpenResult.Opened.class);
        assertThat(ledger.sweptOn(accountId, ledger.today())).isEqualByComparingTo("100");
        assertThat(ledger.openIntent(check(41), account, topUp("50")))
                .as("a top-up right after a sweep never waits for a cooldown").isInstanceOf(OpenResult.Opened.class);
    }

    @Test
    void a_failed_sweep_gives_its_amount_back_to_the_days_sweep_counter_only() {
        opened(1, "400");
        settle(ledger.intent(accountId, check(1).intentId()).orElseThrow());
        clock.advance(account.cooldown());
        ledger.recordInsideBand(accountId, check(1).scheduledTime());
        Intent open = ((OpenResult.Opened) ledger.openSweep(check(30), account, sweep("150"),
                check(1).scheduledTime(), BigDecimal.ZERO)).intent();
        Intent held = ledger.claim(open, LEASE).orElseThrow();

        assertThat(ledger.fail(held, "refused by the venue")).isTrue();

        assertThat(ledger.sweptOn(accountId, ledger.today())).isZero();
        assertThat(ledger.usedOn(accountId, ledger.today())).isEqualByComparingTo("400");
        assertThat(ledger.state(accountId).openIntentId()).isNull();
    }

    @Test
    void each_source_s_share_of_a_top_up_and_of_a_sweep_is_counted_on_its_day_and_a_failed_leg_gives_its_own_back() {
        Intent topUp = openedInLegs(1, "400", "250");
        settle(topUp);
        settle(ledger.intent(accountId, topUp.nextLeg(clock.instant()).intentId()).orElseThrow());
        assertThat(ledger.bySourceOn(accountId, ledger.today(), IntentKind.TOP_UP))
                .containsOnlyKeys("FUNDING", "SPOT")
                .hasEntrySatisfying("FUNDING", a -> assertThat(a).isEqualByComparingTo("400"))
                .hasEntrySatisfying("SPOT", a -> assertThat(a).isEqualByComparingTo("250"));

        ledger.recordInsideBand(accountId, check(1).scheduledTime());
        Intent first = ((OpenResult.Opened) ledger.openSweep(check(30), account, sweep("300"), List.of(
                new Leg("SPOT", new BigDecimal("250")), new Leg("FUNDING", new BigDecimal("50"))),
                check(1).scheduledTime(), BigDecimal.ZERO)).intent();
        assertThat(first.kind()).isEqualTo(IntentKind.SWEEP);
        assertThat(first.fromWallet()).isEqualTo("SPOT");
        assertThat(first.nextLegs()).containsExactly(new Leg("FUNDING", new BigDecimal("50")));
        assertThat(ledger.sweptOn(accountId, ledger.today())).isEqualByComparingTo("300");
        settle(first);
        Intent second = ledger.intent(accountId, first.nextLeg(clock.instant()).intentId()).orElseThrow();
        assertThat(second.kind()).as("the next leg is a sweep's too").isEqualTo(IntentKind.SWEEP);
        assertThat(ledger.state(accountId).openIntentId()).isEqualTo(second.intentId());

        assertThat(ledger.fail(ledger.claim(second, LEASE).orElseThrow(), "refused by the venue")).isTrue();
        assertThat(ledger.sweptOn(accountId, ledger.today())).isEqualByComparingTo("250");
        assertThat(ledger.bySourceOn(accountId, ledger.today(), IntentKind.SWEEP)).containsOnlyKeys("SPOT")
                .hasEntrySatisfying("SPOT", a -> assertThat(a).isEqualByComparingTo("250"));
        assertThat(ledger.bySourceOn(accountId, ledger.today(), IntentKind.TOP_UP)).as("top-ups count apart")
                .hasEntrySatisfying("SPOT", a -> assertThat(a).isEqualByComparingTo("250"));
    }

    // ---------------------------------------------------------------- helpers

    protected CheckId check(int minute) {
        return new CheckId(accountId, start.plus(Duration.ofMinutes(minute)));
    }

    private static SweepDecision sweep(String amount) {
        return new SweepDecision(new BigDecimal("0.3"), new BigDecimal(amount), new BigDecimal("0.5"), "FUNDING",
                "the excess above the target");
    }

    private static Decision.TopUp topUp(String amount) {
        return new Decision.TopUp(new BigDecimal("0.62"), new BigDecimal(amount), new BigDecimal("0.3"), null);
    }

    private Intent openedInLegs(int minute, String fromFunding, String fromSpot) {
        Decision.TopUp decision = topUp(new BigDecimal(fromFunding).add(new BigDecimal(fromSpot)).toPlainString());
        return ((OpenResult.Opened) ledger.openIntent(check(minute), account, decision, List.of(
                new Leg("FUNDING", new BigDecimal(fromFunding)), new Leg("SPOT", new BigDecimal(fromSpot))))).intent();
    }

    private Intent opened(int minute, String amount) {
        return ((OpenResult.Opened) ledger.openIntent(check(minute), account, topUp(amount))).intent();
    }

    /** Claims and confirms an intent, as a transfer that worked does. */
    private static Risk risk(Severity severity, String room, String shortfall) {
        return new Risk(severity, new BigDecimal(room), null, new BigDecimal(shortfall));
    }

    private void settle(Intent open) {
        Intent held = ledger.claim(open, LEASE).orElseThrow();
        assertThat(ledger.confirm(held, "venue-" + held.intentId(), account.cooldown(), false)).isTrue();
    }

    private List<String> kinds() {
        return ledger.auditTrail(accountId).stream().map(AuditEntry::kind).toList();
    }

    private static Instant seconds(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond());
    }
}
