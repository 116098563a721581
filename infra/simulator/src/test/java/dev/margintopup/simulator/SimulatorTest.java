package dev.margintopup.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulator itself: it replays exactly, and it can fail. */
class SimulatorTest {

    /** How many histories the broken variant gets: a small part of the CI budget. */
    private static final int BROKEN_GUARD_BUDGET = 20;

    @Test
    void replaying_a_printed_seed_reproduces_the_same_history_byte_for_byte() {
        History.Result first = History.run(History.Spec.of(11));
        History.run(History.Spec.of(12)); // another history in between leaves nothing behind
        History.Result again = History.run(History.Spec.of(11));

        assertThat(String.join("\n", again.trace())).isEqualTo(String.join("\n", first.trace()));
        assertThat(again.violations()).isEqualTo(first.violations());
        assertThat(again.faults()).isEqualTo(first.faults());
        assertThat(first.trace()).as("a history that did something").hasSizeGreaterThan(40);
    }

    @Test
    void a_shrunk_history_replays_to_the_same_trace_from_its_printed_command() {
        History.Spec shrunk = new History.Spec(11, Set.of(2, 5), History.Variant.NONE);

        History.Result first = History.run(shrunk);
        History.Result again = History.run(shrunk);

        assertThat(again.trace()).isEqualTo(first.trace());
        assertThat(first.trace()).isNotEqualTo(History.run(History.Spec.of(11)).trace());
        assertThat(Simulate.replayCommand(shrunk)).isEqualTo("infra/bin/simulate --seed 11 --drop 2,5 --trace");
    }

    @Test
    void a_tick_that_takes_a_throttled_invoke_for_a_queued_check_is_caught_within_the_ci_budget() {
        Simulate.Batch batch = Simulate.run(1, BROKEN_GUARD_BUDGET, History.Variant.THROTTLE_TAKEN_AS_QUEUED, 1, null);

        assertThat(batch.failures()).as("histories in which the broken tick broke an invariant").isNotEmpty();
        assertThat(batch.failures().getFirst().violations()).anyMatch(v -> v.startsWith(Invariants.DUE_CHECKED));
    }

    @Test
    void some_histories_start_the_checks_with_the_tick_and_the_others_with_per_account_schedules() {
        List<Boolean> ticks = java.util.stream.LongStream.rangeClosed(1, 30)
                .mapToObj(seed -> new History(History.Spec.of(seed)).tick).toList();

        assertThat(ticks).contains(true, false);
    }

    @Test
    void a_client_id_not_stored_before_the_transfer_is_caught_within_the_ci_budget() {
        Simulate.Batch batch = Simulate.run(1, BROKEN_GUARD_BUDGET, History.Variant.CLIENT_ID_PER_ATTEMPT, 1, null);

        assertThat(batch.failures()).as("histories in which the broken guard broke an invariant").isNotEmpty();
        List<String> violations = batch.failures().getFirst().violations();
        assertThat(violations).anyMatch(v -> v.startsWith(Invariants.LEDGER_AGREES_WITH_VENUE)
                || v.startsWith(Invariants.ONE_TRANSFER_PER_INTENT));

        History.Result shrunk = Simulate.shrink(batch.failures().getFirst());
        assertThat(shrunk.passed()).as("the shrunk history still fails").isFalse();
        assertThat(shrunk.spec().dropped().size()).as("shrinking dropped injections the failure did not need")
                .isPositive();
    }
}
