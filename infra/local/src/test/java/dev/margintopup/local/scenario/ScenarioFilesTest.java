package dev.margintopup.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.backtest.Backtest;
import dev.margintopup.local.backtest.SideBySide;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.PriceBar;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in scenario tells the story it claims, checked with plain arithmetic before anyone
 * plays it:
 *
 * <ul>
 *   <li>the control account, left alone, reaches a margin ratio of 1 (the venue liquidates it)
 *       at the minute its file says;
 *   <li>each managed account could be saved: its source wallet and its daily cap each cover the
 *       worst shortfall, the most that must have been moved in by some minute to hold the target
 *       ratio then ({@link MarginPreview.Replay#shortfall}), and the checker's own policy,
 *       replayed with its per-transfer cap, cooldown and check rate, keeps it alive to the end;
 *       where the venue plays faults, even with every top-up landing a minute late;
 *   <li>the paper venue itself, played the same path minute by minute (each minute's whole
 *       candle, wick included), liquidates exactly when the preview says, so the preview's
 *       formulas are the venue's.
 * </ul>
 */
class ScenarioFilesTest {

    /** The minute each scenario's control account is liquidated, as its notes say. */
    private static final Map<String, Integer> CONTROL_LIQUIDATION_MINUTE = Map.ofEntries(
            Map.entry("crash-30", 46),
            Map.entry("crash-30-faults", 46),
            Map.entry("flash-wick", 14),
            Map.entry("slow-bleed", 1188),
            Map.entry("random-jumps", 135),
            Map.entry("wick-replay", 70),
            Map.entry("staircase", 46),
            Map.entry("gap-candle", 66),
            Map.entry("whipsaw", 11),
            Map.entry("source-runs-dry", 46),
            Map.entry("two-sources", 46),
            Map.entry("crash-recover-sweep", 44));

    static List<String> builtInNames() {
        return ScenarioLoader.builtInNames();
    }

    @Test
    void everyBuiltInScenarioIsCheckedHereAndTheDefaultIsAmongThem() {
        assertThat(ScenarioLoader.builtInNames())
                .containsExactlyInAnyOrderElementsOf(CONTROL_LIQUIDATION_MINUTE.keySet())
                .contains(ScenarioLoader.DEFAULT_NAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInNames")
    void controlAccountIsLiquidatedWithoutTopUps(String name) {
        Scenario scenario = ScenarioLoader.builtIn(name);

        assertThat(scenario.controlAccounts()).as("control accounts of %s", name).isNotEmpty();
        for (ScenarioAccount control : scenario.controlAccounts()) {
            MarginPreview.Replay replay = MarginPreview.replay(scenario, control);
            assertThat(replay.liquidationMinute())
                    .as("%s: %s must reach a margin ratio of 1 without top-ups (peak ratio %s)", name,
                            control.id(), replay.peakRatio())
                    .hasValue(CONTROL_LIQUIDATION_MINUTE.get(name));
            assertThat(replay.minutes().getFirst().marginRatio()).isLessThan(control.settings().triggerRatio());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInNames")
    void controlAccountIsAManagedAccountWithTopUpsSwitchedOff(String name) {
        Scenario scenario = ScenarioLoader.builtIn(name);

        for (ScenarioAccount control : scenario.controlAccounts()) {
            assertThat(control.dryRun()).isTrue();
            assertThat(scenario.managedAccounts())
                    .as("%s: a managed account identical to %s but for managed", name, control.id())
                    .anySatisfy(managed -> {
                        assertThat(managed.marginMode()).isEqualTo(control.marginMode());
                        assertThat(managed.wallets()).isEqualTo(control.wallets());
                        assertThat(managed.position()).isEqualTo(control.position());
                        assertThat(managed.settings()).isEqualTo(control.settings());
                    });
        }
    }

    /**
     * The scenarios whose fixed-ratio side is meant to be saved by its top-ups (in staircase and
     * source-runs-dry it is meant to lose); played side by side like every built-in scenario.
     */
    static List<String> ratioScenarios() {
        return List.of("crash-30", "crash-30-faults", "flash-wick", "random-jumps", "slow-bleed", "wick-replay",
                "two-sources", "crash-recover-sweep");
    }

    /** The scenarios played side by side, whose managed accounts are protected in moves. */
    static List<String> sideBySideScenarios() {
        return builtInNames().stream().filter(name -> ScenarioLoader.builtIn(name).compare()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInNames")
    void everyScenarioManagesACrossAndAnIsolatedAccount(String name) {
        Scenario scenario = ScenarioLoader.builtIn(name);

        assertThat(scenario.managedAccounts()).as("managed accounts of %s", name).hasSizeGreaterThanOrEqualTo(2);
        assertThat(scenario.managedAccounts()).extracting(ScenarioAccount::marginMode).contains("cross", "isolated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ratioScenarios")
    void managedAccountsWouldBeLiquidatedAloneAndAreSavedByTheirTopUps(String name) {
        Scenario scenario = SideBySide.of(ScenarioLoader.builtIn(name));

        for (ScenarioAccount managed : scenario.managedAccounts().stream()
                .filter(account -> SideBySide.Side.of(account.id()) == SideBySide.Side.RATIO).toList()) {
            TopUpSettings settings = managed.settings();
            MarginPreview.Replay bare = MarginPreview.replay(scenario, managed);
            BigDecimal shortfall = bare.shortfall(settings.targetRatio());

            assertThat(bare.liquidationMinute()).as("%s: %s is at risk at all", name, managed.id()).isPresent();
            assertThat(managed.sourceFunds())
                    .as("%s: %s's sources %s cover the worst shortfall above their floors", name, managed.id(),
                            managed.sources())
                    .isGreaterThanOrEqualTo(shortfall);
            assertThat(settings.dailyCap())
                    .as("%s: %s's daily cap covers the worst shortfall", name, managed.id())
                    .isGreaterThanOrEqualTo(shortfall);
            MarginPreview.Protected saved = MarginPreview.withTopUps(scenario, managed);
            assertThat(saved.liquidationMinute())
                    .as("%s: %s survives with top-ups (%s)", name, managed.id(), saved)
                    .isEmpty();
            assertThat(saved.alerts()).as("%s: %s is topped up without hitting a limit", name, managed.id()).isEmpty();
            if (!scenario.faults().isEmpty()) {
                assertThat(MarginPreview.withTopUps(scenario, managed, 1).liquidationMinute())
                        .as("%s: %s survives top-ups that a faulty venue delays by a minute", name, managed.id())
                        .isEmpty();
            }
        }
    }

    /**
     * A side-by-side scenario is only worth playing when its managed accounts are at risk and
     * their protection can be judged: each is liquidated alone, names its moves, and at least
     * one per scenario has a source wallet and daily cap that cover its hindsight optimum.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sideBySideScenarios")
    void sideBySideScenariosPutMovesProtectedAccountsAtRiskWithinReach(String name) {
        Scenario scenario = ScenarioLoader.builtIn(name);

        for (ScenarioAccount managed : scenario.managedAccounts()) {
            assertThat(managed.moveSettings()).as("%s: %s is protected in moves", name, managed.id()).isNotNull();
            assertThat(MarginPreview.replay(scenario, managed).liquidationMinute())
                    .as("%s: %s is at risk at all", name, managed.id()).isPresent();
            assertThat(Backtest.optimum(scenario, managed).amount()).as("%s: %s needs collateral", name, managed.id())
                    .isPositive();
        }
        assertThat(scenario.managedAccounts()).as("%s: an account whose source covers its optimum", name)
                .anyMatch(managed -> Backtest.covers(managed, Backtest.optimum(scenario, managed).amount()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInNames")
    void paperVenueLiquidatesEveryAccountAtThePreviewsMinute(String name) {
        Scenario scenario = ScenarioLoader.builtIn(name);
        Map<String, OptionalInt> expected = new HashMap<>();
        Map<String, OptionalInt> actual = new HashMap<>();
        try (PaperVenueServer venue = PaperVenueServer.start(0)) {
            for (ScenarioAccount account : scenario.accounts()) {
                venue.seedAccount(account.paperAccount(scenario.symbol(), account.id(), "secret-" + account.id()));
                expected.put(account.id(), MarginPreview.replay(scenario, account).liquidationMinute());
                actual.put(account.id(), OptionalInt.empty());
            }
            for (int minute = 0; minute <= scenario.minutes(); minute++) {
                var candle = scenario.candleAt(minute);
                venue.playBar(scenario.symbol(), new PriceBar(candle.openTime(), candle.open(), candle.high(),
                        candle.low(), candle.close()));
                for (ScenarioAccount account : scenario.accounts()) {
                    if (actual.get(account.id()).isEmpty() && !venue.liquidations(account.id()).isEmpty()) {
                        actual.put(account.id(), OptionalInt.of(minute));
                    }
                }
            }
        }

        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInNames")
    void loadingTwiceGivesTheSamePricesEveryMinute(String name) {
        Scenario first = ScenarioLoader.builtIn(name);
        Scenario again = ScenarioLoader.builtIn(name);

        List<BigDecimal> firstPrices = new ArrayList<>();
        List<BigDecimal> againPrices = new ArrayList<>();
        // Read one backwards: a lazily generated path must not depend on the order it is asked in.
        for (int minute = 0; minute <= first.minutes(); minute++) {
            firstPrices.add(first.path().priceAt(minute));
            againPrices.addFirst(again.path().priceAt(first.minutes() - minute));
        }

        assertThat(againPrices).isEqualTo(firstPrices);
        assertThat(firstPrices).allSatisfy(price -> {
            assertThat(price).isPositive();
            assertThat(price.remainder(first.path().tick())).isZero();
        });
    }
}
