package dev.margintopup.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.Sleeper;
import dev.margintopup.schedule.CheckInput;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tick hands each due, enabled, valid account exactly one check, as its own schedule would. */
class TickTest {

    private static final Instant MINUTE = Instant.parse("2026-11-24T21:00:00Z");

    private final InMemoryAccountsTable table = new InMemoryAccountsTable();
    private final TestClock clock = new TestClock(MINUTE.plusSeconds(1));
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** Waits by moving the test clock: no test sleeps. */
    private final Sleeper sleeper = moment -> {
        waits.add(Duration.between(clock.instant(), moment));
        clock.set(moment);
    };
    private final Map<String, List<String>> queued = new ConcurrentHashMap<>();
    private final CheckInvoker recording = (accountId, input) ->
            queued.computeIfAbsent(accountId, id -> new CopyOnWriteArrayList<>()).add(input);

    private Tick tick(CheckInvoker invoker) {
        return new Tick(table, Accounts.VALIDATOR, invoker, sleeper, clock, Tick.Settings.DEFAULT);
    }

    @Test
    void each_enabled_valid_account_due_this_minute_gets_one_check_with_the_input_its_schedule_would_carry() {
        table.put(Accounts.item("desk-1"));
        table.put(Accounts.item("desk-2", "dryRun", true));
        table.put(Accounts.item("desk-off", "enabled", false));

        TickResult result = tick(recording).run(new TickRequest(MINUTE));

        assertThat(queued).containsOnlyKeys("desk-1", "desk-2");
        for (String id : List.of("desk-1", "desk-2")) {
            String scheduled = CheckInput.forSchedule(Accounts.config(table.read(id).orElseThrow().attributes()))
                    .replace(CheckRequest.SCHEDULED_TIME_PLACEHOLDER, MINUTE.toString());
            assertThat(queued.get(id)).as("the checks of " + id).containsExactly(scheduled);
        }
        assertThat(result.accounts()).isEqualTo(3);
        assertThat(result.queued()).isEqualTo(2);
        assertThat(result.disabled()).isEqualTo(1);
        assertThat(result.invalid()).isEmpty();
        assertThat(result.failed()).isEmpty();
    }

    @Test
    void a_bad_item_is_skipped_with_its_account_and_field_named_and_the_others_are_still_checked() {
        table.put(Accounts.item("desk-1"));
        table.put(Accounts.item("desk-bad", "triggerRatio", "high", "maxTransfer", null));
        table.put(Accounts.item("desk-typo", "dryRnu", true));
        table.put(Accounts.item("desk-2"));

        TickResult result = tick(recording).run(new TickRequest(MINUTE));

        assertThat(queued).containsOnlyKeys("desk-1", "desk-2");
        assertThat(result.invalid()).extracting(TickResult.Skipped::accountId).containsExactly("desk-bad", "desk-typo");
        assertThat(result.invalid().get(0).reason()).contains("triggerRatio").contains("maxTransfer");
        assertThat(result.invalid().get(1).reason()).contains("dryRnu");
    }

    @Test
    void an_account_checked_every_five_minutes_is_due_once_in_any_five_consecutive_minutes_on_its_own_offset() {
        int accounts = 100;
        for (int i = 0; i < accounts; i++) {
            table.put(Accounts.item("desk-" + i, "checkRateMinutes", new BigDecimal(5)));
        }
        Map<String, Integer> checks = new HashMap<>();
        List<Integer> perMinute = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            queued.clear();
            Instant minute = MINUTE.plus(Duration.ofMinutes(m));
            tick(recording).run(new TickRequest(minute));
            perMinute.add(queued.size());
            for (String id : queued.keySet()) {
                checks.merge(id, 1, Integer::sum);
                assertThat(Tick.offset(id, 5)).as(id + "'s offset").isEqualTo((int) Math.floorMod(
                        minute.getEpochSecond() / 60, 5));
            }
        }
        assertThat(checks).hasSize(accounts).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(perMinute).as("accounts spread over the five minutes").allSatisfy(n -> assertThat(n).isBetween(10, 30));
    }

    @Test
    void an_account_checked_every_minute_is_due_every_minute() {
        table.put(Accounts.item("desk-1"));
        for (int m = 0; m < 3; m++) {
            tick(recording).run(new TickRequest(MINUTE.plus(Duration.ofMinutes(m))));
        }

        assertThat(queued.get("desk-1")).hasSize(3);
    }

    @Test
    void the_checks_carry_the_minute_the_tick_was_scheduled_for_so_a_late_or_repeated_tick_repeats_their_check_ids() {
        table.put(Accounts.item("desk-1"));

        tick(recording).run(new TickRequest(MINUTE.plusSeconds(7)));
        tick(recording).run(new TickRequest(MINUTE.plusMillis(59_999)));

        assertThat(queued.get("desk-1")).hasSize(2).allSatisfy(input ->
                assertThat(input).contains("\"scheduledTime\":\"" + MINUTE + "\""));
    }

    @Test
    void a_throttled_invoke_is_retried_with_growing_backoff_until_it_is_queued() {
        table.put(Accounts.item("desk-1"));
        table.put(Accounts.item("desk-2"));
        AtomicInteger refusals = new AtomicInteger();
        CheckInvoker throttledTwice = (accountId, input) -> {
            if (accountId.equals("desk-1") && refusals.incrementAndGet() <= 2) {
                throw new CheckInvoker.Refused("HTTP 429 TooManyRequestsException", true, null);
            }
            recording.invoke(accountId, input);
        };

        TickResult result = tick(throttledTwice).run(new TickRequest(MINUTE));

        assertThat(queued).containsOnlyKeys("desk-1", "desk-2");
        assertThat(queued.get("desk-1")).hasSize(1);
        assertThat(result.retries()).isEqualTo(2);
        assertThat(result.failed()).isEmpty();
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void an_invoke_throttled_on_every_attempt_is_given_up_after_the_last_and_named() {
        table.put(Accounts.item("desk-1"));
        table.put(Accounts.item("desk-2"));
        AtomicInteger attempts = new AtomicInteger();
        CheckInvoker alwaysThrottled = (accountId, input) -> {
            if (accountId.equals("desk-1")) {
                attempts.incrementAndGet();
                throw new CheckInvoker.Refused("HTTP 429 TooManyRequestsException", true, null);
            }
            recording.invoke(accountId, input);
        };

        TickResult result = tick(alwaysThrottled).run(new TickRequest(MINUTE));

        assertThat(attempts).hasValue(Tick.Settings.DEFAULT.maxAttempts());
        assertThat(result.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.accountId()).isEqualTo("desk-1");
            assertThat(failed.reason()).contains("429").contains("4 attempt(s)");
        });
        assertThat(queued).containsOnlyKeys("desk-2");
    }

    @Test
    void a_refusal_that_no_retry_can_change_is_not_retried() {
        table.put(Accounts.item("desk-1"));
        AtomicInteger attempts = new AtomicInteger();

        TickResult result = tick((accountId, input) -> {
            attempts.incrementAndGet();
            throw new CheckInvoker.Refused("HTTP 403 AccessDeniedException", false, null);
        }).run(new TickRequest(MINUTE));

        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(result.failed()).extracting(TickResult.Skipped::accountId).containsExactly("desk-1");
    }

    @Test
    void no_retry_begins_after_the_tick_s_budget_so_the_next_minute_s_tick_takes_over() {
        table.put(Accounts.item("desk-1"));
        AtomicInteger attempts = new AtomicInteger();
        Tick tick = new Tick(table, Accounts.VALIDATOR, (accountId, input) -> {
            attempts.incrementAndGet();
            clock.advance(Duration.ofSeconds(30));
            throw new CheckInvoker.Refused("no answer from Lambda", true, null);
        }, sleeper, clock, new Tick.Settings(4, 10, Duration.ofMillis(200), Duration.ofSeconds(40)));

        TickResult result = tick.run(new TickRequest(MINUTE));

        assertThat(attempts).as("30 s per attempt: a second one starts at 30 s, a third would start past 40 s")
                .hasValue(2);
        assertThat(result.failed()).hasSize(1);
    }

    @Test
    void checks_are_handed_on_in_parallel_but_never_more_at_once_than_the_pool_allows() {
        for (int i = 0; i < 40; i++) {
            table.put(Accounts.item("desk-" + i));
        }
        AtomicInteger inFlight = new AtomicInteger();
        Set<Integer> seen = Collections.synchronizedSet(new HashSet<>());
        CheckInvoker slow = (accountId, input) -> {
            seen.add(inFlight.incrementAndGet());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            recording.invoke(accountId, input);
        };
        Tick tick = new Tick(table, Accounts.VALIDATOR, slow, sleeper, clock,
                new Tick.Settings(4, 4, Duration.ofMillis(200), Duration.ofSeconds(40)));

        TickResult result = tick.run(new TickRequest(MINUTE));

        assertThat(result.queued()).isEqualTo(40);
        assertThat(queued).hasSize(40).allSatisfy((id, inputs) -> assertThat(inputs).hasSize(1));
        assertThat(Collections.max(seen)).isGreaterThan(1).isLessThanOrEqualTo(4);
    }

    @Test
    void offsets_are_stable_and_within_the_cadence() {
        assertThat(Tick.offset("desk-btc-cross", 1)).isZero();
        assertThat(Tick.offset("desk-btc-cross", 7)).isEqualTo(Math.floorMod("desk-btc-cross".hashCode(), 7))
                .isBetween(0, 6);
        assertThat(Tick.isDue("desk-btc-cross", 7, 7L * 1000 + Tick.offset("desk-btc-cross", 7))).isTrue();
        assertThat(Tick.isDue("desk-btc-cross", 7, 7L * 1000 + Tick.offset("desk-btc-cross", 7) + 1)).isFalse();
    }
}
