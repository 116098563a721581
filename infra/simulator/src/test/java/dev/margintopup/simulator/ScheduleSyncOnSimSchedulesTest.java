package dev.margintopup.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountItem;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.schedule.ScheduleSync;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real ScheduleSync, through the real SDK Scheduler client, against the in-process Scheduler
 * the simulator fires its checks from: the calls it makes must mean there what they mean in AWS.
 */
class ScheduleSyncOnSimSchedulesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T00:05:00Z");

    /** Fault draws in order (below a fault's chance injects it); every other draw injects nothing. */
    private final Deque<Double> draws = new ArrayDeque<>();
    private final SimTime time = new SimTime(NOW);
    private final Scheduler scheduler = new Scheduler(time, new Random(1));
    private final SimSchedules schedules = new SimSchedules(new Faults(new Random(2) {
        @Override
        public double nextDouble() {
            return draws.isEmpty() ? 0.999 : draws.poll();
        }
    }, 1.0, Set.of(), Set.of()), scheduler, new Trace(time));
    private final TestClock clock = new TestClock(NOW);
    private final ScheduleSync sync = new ScheduleSync(schedules.bind(), History.SCHEDULES, Accounts.VALIDATOR,
            new InMemoryEventPublisher(), new InMemoryLedger(clock, Duration.ofDays(365)), clock);

    @AfterEach
    void unbind() {
        SimSchedules.unbind();
    }

    @Test
    void a_new_item_gets_an_enabled_schedule_whose_input_carries_the_item_and_the_time_placeholder() {
        assertThat(sync.upsert(AccountItem.of(Accounts.config("acct-1")))).isEqualTo(ScheduleSync.Action.CREATED);

        var schedule = schedules.schedule(History.SCHEDULES.group(), ScheduleSettings.scheduleName("acct-1")).orElseThrow();
        assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
        var input = Json.read(schedule.path("Target").path("Input").asText());
        assertThat(input.path(CheckRequest.SCHEDULED_TIME).asText()).isEqualTo(CheckRequest.SCHEDULED_TIME_PLACEHOLDER);
        assertThat(input.path(CheckRequest.ACCOUNT))
                .isEqualTo(Json.read(Json.write(AccountItem.of(Accounts.config("acct-1")))));
        assertThat(sync.schedule("acct-1")).get().extracting(s -> s.target().input())
                .isEqualTo(schedule.path("Target").path("Input").asText());
    }

    @Test
    void a_changed_item_updates_its_schedule_and_a_disabled_one_leaves_it_disabled() {
        sync.upsert(AccountItem.of(Accounts.config("acct-1")));

        assertThat(sync.upsert(AccountItem.of(Accounts.config("acct-1", "enabled", false))))
                .isEqualTo(ScheduleSync.Action.DISABLED);

        assertThat(schedules.schedule(History.SCHEDULES.group(), "account-acct-1").orElseThrow()
                .path("State").asText()).isEqualTo("DISABLED");
    }

    @Test
    void a_deleted_item_loses_its_schedule_and_reconcile_deletes_schedules_without_an_item() {
        sync.upsert(AccountItem.of(Accounts.config("acct-1")));
        sync.upsert(AccountItem.of(Accounts.config("acct-2")));
        sync.upsert(AccountItem.of(Accounts.config("acct-3")));

        sync.remove("acct-1");
        var actions = sync.reconcile(List.of(AccountItem.of(Accounts.config("acct-2"))));

        assertThat(actions).containsEntry("acct-3", ScheduleSync.Action.DELETED);
        assertThat(schedules.names(History.SCHEDULES.group())).containsExactly("account-acct-2");
        assertThat(sync.schedule("acct-1")).isEmpty();
    }

    @Test
    void a_create_whose_answer_was_lost_is_retried_with_its_client_token_and_answered_as_created() {
        draws.addAll(List.of(0.999, 0.0)); // first attempt: no throttle, the answer lost

        assertThat(sync.upsert(AccountItem.of(Accounts.config("acct-1")))).isEqualTo(ScheduleSync.Action.CREATED);

        assertThat(schedules.names(History.SCHEDULES.group())).containsExactly("account-acct-1");
    }

    @Test
    void a_call_throttled_twice_goes_through_on_the_sdk_s_third_attempt() {
        sync.upsert(AccountItem.of(Accounts.config("acct-1")));
        draws.addAll(List.of(0.0, 0.0, 0.999)); // throttled twice, then through

        assertThat(sync.upsert(AccountItem.of(Accounts.config("acct-1", "enabled", false))))
                .isEqualTo(ScheduleSync.Action.DISABLED);

        assertThat(schedules.schedule(History.SCHEDULES.group(), "account-acct-1").orElseThrow()
                .path("State").asText()).isEqualTo("DISABLED");
    }
}
