package dev.margintopup.local.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.report.Comparison.Pair;
import dev.margintopup.local.report.Comparison.Played;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestBenchmarksTest {

    private static final Comparison STAIRCASE = new Comparison("staircase", List.of(
            new Pair("desk", new BigDecimal("100"), true,
                    new Played("desk.ratio", 30, new BigDecimal("50"), new BigDecimal("20"), 1, null, 0),
                    new Played("desk.move", null, new BigDecimal("150"), BigDecimal.ZERO, 2, null, 0)),
            new Pair("desk-2", new BigDecimal("40"), true,
                    new Played("desk-2.ratio", null, new BigDecimal("30"), BigDecimal.ZERO, 1, null, 0),
                    new Played("desk-2.move", null, new BigDecimal("20"), BigDecimal.ZERO, 1, null, 0))));

    @Test
    void the_section_has_each_scenario_a_stopped_run_and_totals_per_side_with_what_liquidation_took() {
        String section = BacktestBenchmarks.section(List.of(new Backtest.Played("staircase", STAIRCASE, null, null),
                new Backtest.Played("source-runs-dry", null, null, "NullPointerException: no trigger ratio")), "abc1234");

        assertThat(section).startsWith(BacktestBenchmarks.BEGIN).endsWith(BacktestBenchmarks.END)
                .contains("`abc1234`", "### staircase", "### source-runs-dry\n\nThe run stopped: NullPointerException",
                        "| fixed ratio | 1 | 2 | 80 | 20 | 100 | 30 (1 of 2) | 140 | 0.57× |",
                        "| move-based | 0 | 3 | 170 | 0 | 170 | 20 (1 of 2) | 140 | 1.21× |");
    }

    @Test
    void the_section_replaces_the_old_one_and_leaves_the_rest_of_the_page_alone() {
        String page = "# Benchmarks\n\nbefore\n\n" + BacktestBenchmarks.BEGIN + "\nold figures\n" + BacktestBenchmarks.END
                + "\n\nafter\n";

        String rewritten = BacktestBenchmarks.replaceSection(page, BacktestBenchmarks.BEGIN + "\nnew\n" + BacktestBenchmarks.END);

        assertThat(rewritten).isEqualTo("# Benchmarks\n\nbefore\n\n" + BacktestBenchmarks.BEGIN + "\nnew\n"
                + BacktestBenchmarks.END + "\n\nafter\n");
        assertThat(BacktestBenchmarks.replaceSection("# Benchmarks\n", "S")).isEqualTo("# Benchmarks\n\nS\n");
    }
}
