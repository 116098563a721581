package dev.margintopup.local.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

class PolicyPlayTest {

    @Test
    void staircase_played_with_the_pure_layers_liquidates_the_fixed_ratio_side_where_the_pipeline_does() {
        // The scenario's notes, from its run through the pipeline: one top-up each to the 8 % target (cross
        // 7334.39 at minute 38, isolated 3804.47 at minute 14), liquidated at minutes 54 and 30.
        Comparison staircase = PolicyPlay.compare(ScenarioLoader.builtIn("staircase"));

        Comparison.Pair cross = staircase.accounts().get(0);
        Comparison.Pair isolated = staircase.accounts().get(1);
        assertThat(cross.fixedRatio().liquidatedMinute()).isEqualTo(54);
        assertThat(cross.fixedRatio().moved()).isEqualByComparingTo("7334.39");
        assertThat(isolated.fixedRatio().liquidatedMinute()).isEqualTo(30);
        assertThat(isolated.fixedRatio().moved()).isEqualByComparingTo("3804.47");
        assertThat(cross.optimum()).isEqualByComparingTo("11023.57");
    }

    @Test
    void a_side_alone_on_its_market_is_judged_on_its_own_checks_only() {
        // whipsaw's accounts are all checked every minute at the same prices; on one market the move side's
        // polls run ahead of the fixed-ratio side's check, alone they do not. Either way the fixed-ratio side
        // plays the same top-ups here, and the move side the same.
        Comparison shared = PolicyPlay.compare(ScenarioLoader.builtIn("whipsaw"), true);
        Comparison alone = PolicyPlay.compare(ScenarioLoader.builtIn("whipsaw"), false);

        assertThat(alone.totalMoved(0)).isEqualByComparingTo(shared.totalMoved(0));
        assertThat(alone.totalTransfers(0)).isEqualTo(shared.totalTransfers(0));
        assertThat(alone.liquidations(0)).isZero();
        assertThat(alone.liquidations(1)).isZero();
    }

    @Test
    void a_wick_that_comes_while_a_step_cools_down_is_met_at_the_first_poll_after_the_cooldown() {
        // A drawn wick (seed 3, path 51): calm to minute 8, then 65,704 → 59,437 by minute 11 and back. The cross
        // account steps at 00:09:10 while the market is still calm; at 00:10:00 it is past its trigger again but
        // cooling down until 00:10:10. Polled on through the cooldown it tops up at 00:10:10 and lives; stopping
        // at the cooled-down check left it unlooked-at until 00:11:00, past the bottom.
        Comparison wick = PolicyPlay.compare(UnseenPaths.path(UnseenPaths.Kind.WICK, 3, 51), false);

        Comparison.Pair cross = wick.accounts().stream().filter(pair -> pair.accountId().equals("desk-cross"))
                .findFirst().orElseThrow();
        assertThat(cross.covered()).isTrue();
        assertThat(cross.fixedRatio().liquidated()).isFalse();
        assertThat(cross.moveBased().liquidated()).as("move-based side of %s", wick.text()).isFalse();
        assertThat(cross.moveBased().transfers()).isEqualTo(2);
    }
}
