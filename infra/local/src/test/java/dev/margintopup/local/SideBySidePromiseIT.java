package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.backtest.Backtest;
import dev.margintopup.local.report.AccountTrack;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.report.Comparison.Pair;
import dev.margintopup.local.run.ScenarioPlayer.RunResult;
import dev.margintopup.local.scenario.ScenarioLoader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The promise of move-based protection, held on every built-in side-by-side scenario played
 * through the whole pipeline (emulator, paper venue over HTTP, the real functions), each managed
 * account once with the fixed ratios of its moves and once with its moves:
 *
 * <ul>
 *   <li>no move-protected account is liquidated where its source wallet and daily cap covered the
 *       hindsight optimum;
 *   <li>it never moves more than 3 × that optimum;
 *   <li>over all the scenarios, into the accounts both sides kept alive, it moves no more
 *       collateral than the fixed-ratio side, and it loses no account the fixed-ratio side kept
 *       (decision 0017: a side that lets an account go has not saved what it did not move); over
 *       everything both sides moved, lost accounts included, it moves no more either (0034);
 *   <li>in whipsaw it makes no more transfers than the fixed-ratio side;
 *   <li>an account liquidated because its source could not pay was told so first (MarginAtRisk).
 * </ul>
 *
 * Every breach is listed, with the side-by-side table of its scenario; a scenario whose run
 * stopped (a function that threw) is a breach of its own, and the others are still judged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SideBySidePromiseIT {

    private static final BigDecimal MOST_OVER_OPTIMUM = new BigDecimal("3");

    /**
     * Built-in scenarios played as listed ({@code "compare": false}), each named here on purpose so
     * that no other drops out of the promise unseen. crash-recover-sweep tells the sweep's story (twins
     * with and without sweep-back); docs/benchmarks.md gives its figures with {@code --compare}.
     */
    private static final Set<String> PLAYED_AS_LISTED = Set.of("crash-recover-sweep");

    private final Map<String, Comparison> comparisons = new LinkedHashMap<>();
    private final Map<String, RunResult> runs = new LinkedHashMap<>();

    private final Map<String, String> stopped = new LinkedHashMap<>();

    @BeforeAll
    void playEverySideBySideScenario() {
        List<String> names = Backtest.sideBySideScenarios();
        assertThat(names).as("every built-in scenario but the ones that tell another story is played side by side")
                .containsExactlyInAnyOrderElementsOf(ScenarioLoader.builtInNames().stream()
                        .filter(name -> !PLAYED_AS_LISTED.contains(name)).toList());
        for (String name : names) {
            Backtest.Played played = Backtest.play(PipelineFixture.template(), ScenarioLoader.builtIn(name));
            if (played.completed()) {
                runs.put(name, played.result());
                comparisons.put(name, played.comparison());
            } else {
                stopped.put(name, played.failure());
            }
        }
    }

    @Test
    void every_side_by_side_scenario_plays_to_its_end() {
        assertThat(stopped).as("scenarios whose run stopped, with why").isEmpty();
    }

    @Test
    void a_move_protected_account_whose_source_covered_the_optimum_is_never_liquidated() {
        SoftAssertions softly = new SoftAssertions();
        forEachAccount((scenario, pair) -> {
            if (pair.covered()) {
                softly.assertThat(pair.moveBased().liquidatedMinute())
                        .as("%s: %s (move-based) was liquidated although %s would have saved it and its source"
                                + " and caps covered that%n%s", scenario, pair.accountId(), pair.optimum(),
                                comparisons.get(scenario).text())
                        .isNull();
            }
        });
        softly.assertAll();
    }

    @Test
    void a_move_protected_account_never_moves_more_than_three_times_the_optimum() {
        SoftAssertions softly = new SoftAssertions();
        forEachAccount((scenario, pair) -> softly.assertThat(pair.moveBased().moved())
                .as("%s: %s (move-based) moved more than 3 × the hindsight optimum %s%n%s", scenario,
                        pair.accountId(), pair.optimum(), comparisons.get(scenario).text())
                .isLessThanOrEqualTo(pair.optimum().multiply(MOST_OVER_OPTIMUM)));
        softly.assertAll();
    }

    @Test
    void over_every_scenario_the_move_based_side_moves_no_more_into_the_accounts_both_sides_kept_alive() {
        BigDecimal fixedRatio = BigDecimal.ZERO;
        BigDecimal moveBased = BigDecimal.ZERO;
        List<String> tables = new ArrayList<>();
        for (Comparison comparison : comparisons.values()) {
            fixedRatio = fixedRatio.add(comparison.movedWhereBothAlive(0));
            moveBased = moveBased.add(comparison.movedWhereBothAlive(1));
            tables.add(comparison.text());
        }

        assertThat(moveBased).as("collateral the move-based side moved into the accounts both sides kept alive, over"
                + " every scenario, against %s by the fixed-ratio side%n%s", fixedRatio, String.join("\n", tables))
                .isLessThanOrEqualTo(fixedRatio);
    }

    /**
     * The literal promise, over everything both sides moved, the accounts the fixed-ratio side lost
     * included (decision 0034).
     */
    @Test
    void over_every_scenario_the_move_based_side_moves_no_more_collateral_in_total_than_the_fixed_ratio_side() {
        BigDecimal fixedRatio = BigDecimal.ZERO;
        BigDecimal moveBased = BigDecimal.ZERO;
        List<String> tables = new ArrayList<>();
        for (Comparison comparison : comparisons.values()) {
            fixedRatio = fixedRatio.add(comparison.totalMoved(0));
            moveBased = moveBased.add(comparison.totalMoved(1));
            tables.add(comparison.text());
        }

        assertThat(moveBased).as("collateral the move-based side moved over every scenario, against %s by the"
                + " fixed-ratio side%n%s", fixedRatio, String.join("\n", tables)).isLessThanOrEqualTo(fixedRatio);
    }

    @Test
    void the_move_based_side_loses_no_account_the_fixed_ratio_side_kept_alive() {
        SoftAssertions softly = new SoftAssertions();
        forEachAccount((scenario, pair) -> {
            if (!pair.fixedRatio().liquidated()) {
                softly.assertThat(pair.moveBased().liquidatedMinute())
                        .as("%s: %s was kept alive by fixed ratios but liquidated on moves%n%s", scenario,
                                pair.accountId(), comparisons.get(scenario).text())
                        .isNull();
            }
        });
        softly.assertAll();
    }

    @Test
    void in_whipsaw_the_move_based_side_makes_no_more_transfers_than_the_fixed_ratio_side() {
        Comparison whipsaw = comparisons.get("whipsaw");
        assertThat(whipsaw).as("whipsaw played to its end (%s)", stopped.get("whipsaw")).isNotNull();

        assertThat(whipsaw.totalTransfers(1)).as("transfers of the move-based side in whipsaw%n%s", whipsaw.text())
                .isLessThanOrEqualTo(whipsaw.totalTransfers(0));
    }

    @Test
    void an_account_whose_source_could_not_pay_is_told_before_it_is_liquidated() {
        SoftAssertions softly = new SoftAssertions();
        forEachAccount((scenario, pair) -> {
            for (Comparison.Played played : List.of(pair.fixedRatio(), pair.moveBased())) {
                if (pair.covered() || !played.liquidated()) {
                    continue;
                }
                AccountTrack track = runs.get(scenario).report().accounts().stream()
                        .filter(t -> t.accountId().equals(played.accountId())).findFirst().orElseThrow();
                softly.assertThat(track.alerts())
                        .as("%s: %s was liquidated at minute %s without a MarginAtRisk first", scenario,
                                played.accountId(), played.liquidatedMinute())
                        .anyMatch(alert -> alert.type().equals("MarginAtRisk")
                                && alert.minute() <= played.liquidatedMinute());
            }
        });
        softly.assertAll();
    }

    private void forEachAccount(java.util.function.BiConsumer<String, Pair> check) {
        assertThat(comparisons).isNotEmpty();
        comparisons.forEach((scenario, comparison) -> {
            assertThat(comparison.accounts()).as("managed accounts of %s", scenario).isNotEmpty();
            comparison.accounts().forEach(pair -> check.accept(scenario, pair));
        });
    }
}
