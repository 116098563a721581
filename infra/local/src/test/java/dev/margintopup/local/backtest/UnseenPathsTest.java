package dev.margintopup.local.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.backtest.UnseenPaths.Kind;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.scenario.MarginPreview;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.paper.PaperAccount;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The unseen-path evaluation itself: seeded, sized so the paths threaten their accounts, and
 * played consistently with the hindsight optimum. Its figures are read, not asserted: the deep run
 * is {@code infra/bin/backtest --unseen}, and docs/benchmarks.md records it.
 */
class UnseenPathsTest {

    @Test
    void the_same_seed_draws_the_same_paths_and_another_index_another_path() {
        for (Kind kind : Kind.values()) {
            assertThat(UnseenPaths.path(kind, 7, 3)).as(kind.label()).isEqualTo(UnseenPaths.path(kind, 7, 3));
            assertThat(UnseenPaths.path(kind, 7, 4).path()).as(kind.label())
                    .isNotEqualTo(UnseenPaths.path(kind, 7, 3).path());
        }
    }

    @Test
    void every_path_threatens_its_accounts() {
        SoftAssertions softly = new SoftAssertions();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < 3; i++) {
                Scenario scenario = UnseenPaths.path(kind, 1, i);
                assertThat(scenario.managedAccounts()).hasSize(2);
                for (ScenarioAccount account : scenario.managedAccounts()) {
                    softly.assertThat(Backtest.optimum(scenario, account).amount().signum())
                            .as("%s: %s needs collateral to live through the path", scenario.name(), account.id())
                            .isPositive();
                    softly.assertThat(MarginPreview.replay(scenario, account).liquidationMinute())
                            .as("%s: %s is liquidated without top-ups", scenario.name(), account.id()).isPresent();
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void a_small_seeded_run_plays_both_sides_and_no_side_outlives_a_path_on_less_than_its_optimum() {
        Map<Kind, List<Comparison>> played = UnseenPaths.play(1, 2);

        SoftAssertions softly = new SoftAssertions();
        played.forEach((kind, comparisons) -> {
            softly.assertThat(comparisons).as(kind.label()).hasSize(2);
            for (Comparison comparison : comparisons) {
                for (Comparison.Pair pair : comparison.accounts()) {
                    for (int side = 0; side < 2; side++) {
                        Comparison.Played one = Comparison.side(pair, side);
                        if (!one.liquidated()) {
                            // The optimum is the least that keeps the position alive: one step above the worst shortfall.
                            softly.assertThat(one.moved().add(PaperAccount.DEFAULT_TRANSFER_STEP))
                                    .as("%s %s %s survived", comparison.scenario(), pair.accountId(),
                                            Comparison.SIDES.get(side))
                                    .isGreaterThanOrEqualTo(pair.optimum());
                        }
                    }
                }
            }
        });
        softly.assertAll();
        assertThat(UnseenPaths.report(1, 2, played)).contains("| all | 24 |");
    }

    @Test
    void generic_settings_are_the_same_kind_of_numbers_whatever_the_path_and_still_threaten_the_accounts() {
        SoftAssertions softly = new SoftAssertions();
        for (Kind kind : Kind.values()) {
            Scenario scenario = UnseenPaths.path(kind, 1, 0, UnseenPaths.Settings.GENERIC);
            for (ScenarioAccount account : scenario.managedAccounts()) {
                var moves = account.moveSettings();
                softly.assertThat(moves.triggerMovePercent()).as(scenario.name())
                        .isBetween(new java.math.BigDecimal("1.5"), new java.math.BigDecimal("4"));
                softly.assertThat(moves.targetMovePercent()).as(scenario.name())
                        .isBetween(moves.triggerMovePercent().multiply(new java.math.BigDecimal("1.95")),
                                moves.triggerMovePercent().multiply(new java.math.BigDecimal("3.05")));
                softly.assertThat(moves.watchBandMovePercent()).as(scenario.name())
                        .isEqualByComparingTo(moves.triggerMovePercent().multiply(java.math.BigDecimal.TWO));
                softly.assertThat(MarginPreview.replay(scenario, account).liquidationMinute())
                        .as("%s: %s is liquidated without top-ups", scenario.name(), account.id()).isPresent();
            }
        }
        softly.assertAll();
        assertThat(UnseenPaths.report(1, 1, UnseenPaths.Settings.GENERIC,
                UnseenPaths.play(1, 1, UnseenPaths.Settings.GENERIC))).contains("generic settings").contains("| all | 12 |");
    }
}
