package dev.margintopup.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.paper.MaintenanceTier;
import dev.margintopup.paper.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers chosen to check by hand: 1 BTC long from 60000 at a flat 0.5 % maintenance. */
class MarginPreviewTest {

    private static final List<MaintenanceTier> FLAT = MaintenanceTier.single(new BigDecimal("0.005"));

    private static Scenario scenario(Keyframes path, int minutes, ScenarioAccount... accounts) {
        return new Scenario("test", "test", "BTCUSDT", Instant.parse("2025-03-03T00:00:00Z"), minutes, path,
                List.of(accounts), List.of());
    }

    private static Keyframes fall(String to, int minutes) {
        return new Keyframes(List.of(new Keyframes.Point(0, new BigDecimal("60000")),
                new Keyframes.Point(minutes, new BigDecimal(to))), new BigDecimal("0.1"));
    }

    private static ScenarioAccount cross(String futures, Map<String, Object> config) {
        return new ScenarioAccount("cross-1", true, "cross",
                Map.of("FUTURES", new BigDecimal(futures), "FUNDING", new BigDecimal("10000")),
                new PositionSpec(Side.LONG, BigDecimal.ONE, new BigDecimal("60000"), null, null, FLAT), config);
    }

    @Test
    void replayComputesBalanceMaintenanceAndRatioEachMinute() {
        Scenario scenario = scenario(fall("50000", 10), 10, cross("6000", Map.of()));

        MarginPreview.Replay replay = MarginPreview.replay(scenario, scenario.accounts().getFirst());

        // Minute 5: mark 55000, balance 6000 − 5000 = 1000, maintenance 275.
        MarginPreview.Minute five = replay.minutes().get(5);
        assertThat(five.price()).isEqualByComparingTo("55000");
        assertThat(five.marginBalance()).isEqualByComparingTo("1000");
        assertThat(five.maintenance()).isEqualByComparingTo("275");
        assertThat(five.marginRatio()).isEqualByComparingTo("0.275");
        // Liquidation price (60000 − 6000) / 0.995 = 54271.4: passed at minute 6 (mark 54000).
        assertThat(replay.liquidationMinute()).hasValue(6);
    }

    @Test
    void shortfallIsTheMostThatMustHaveArrivedByAnyMinute() {
        Scenario scenario = scenario(fall("50000", 10), 10, cross("6000", Map.of()));

        MarginPreview.Replay replay = MarginPreview.replay(scenario, scenario.accounts().getFirst());

        // Worst at 50000: maintenance 250 ÷ 0.5 − (6000 − 10000) = 4500.
        assertThat(replay.shortfall(new BigDecimal("0.5"))).isEqualByComparingTo("4500");
    }

    @Test
    void tiersApplyAtTheNotionalOfTheMinute() {
        List<MaintenanceTier> tiers = List.of(MaintenanceTier.upTo("55000", "0.004", "0"),
                MaintenanceTier.unbounded(new BigDecimal("0.005"), new BigDecimal("55")));
        ScenarioAccount account = new ScenarioAccount("cross-1", true, "cross", Map.of("FUTURES", new BigDecimal("9000")),
                new PositionSpec(Side.LONG, BigDecimal.ONE, new BigDecimal("60000"), null, null, tiers), Map.of());
        Scenario scenario = scenario(fall("50000", 10), 10, account);

        MarginPreview.Replay replay = MarginPreview.replay(scenario, account);

        assertThat(replay.minutes().get(0).maintenance()).isEqualByComparingTo("245");   // 60000 × 0.005 − 55
        assertThat(replay.minutes().get(10).maintenance()).isEqualByComparingTo("200");  // 50000 × 0.004
    }

    @Test
    void policyTopsUpToTheTargetAndKeepsTheAccountAlive() {
        ScenarioAccount account = cross("6000", Map.of("triggerRatio", new BigDecimal("0.2"),
                "targetRatio", new BigDecimal("0.05"), "cooldownSeconds", 0));
        Scenario scenario = scenario(fall("50000", 10), 10, account);

        MarginPreview.Protected result = MarginPreview.withTopUps(scenario, account);

        assertThat(result.survives()).isTrue();
        // Minute 4: mark 56000, balance 2000, maintenance 280, ratio 0.14: below the trigger.
        // Minute 5: ratio 0.275 ≥ 0.2 → 275 ÷ 0.05 − 1000 = 4500.
        assertThat(result.topUps().getFirst().minute()).isEqualTo(5);
        assertThat(result.topUps().getFirst().amount()).isEqualByComparingTo("4500");
        assertThat(result.moved()).isLessThanOrEqualTo(new BigDecimal("10000"));
    }

    @Test
    void aTopUpThatLandsTooLateDoesNotSaveIt() {
        ScenarioAccount account = cross("6000", Map.of("triggerRatio", new BigDecimal("0.2"),
                "targetRatio", new BigDecimal("0.05"), "cooldownSeconds", 0));
        Scenario scenario = scenario(fall("50000", 10), 10, account);

        // Decided at minute 5, landing after minute 6 has been played: liquidated at 6.
        assertThat(MarginPreview.withTopUps(scenario, account, 1).liquidationMinute()).hasValue(6);
    }

    @Test
    void anEmptySourceWalletRaisesAnAlertAndTheAccountIsLost() {
        ScenarioAccount account = new ScenarioAccount("cross-1", true, "cross",
                Map.of("FUTURES", new BigDecimal("6000")),
                new PositionSpec(Side.LONG, BigDecimal.ONE, new BigDecimal("60000"), null, null, FLAT),
                Map.of("triggerRatio", new BigDecimal("0.2"), "targetRatio", new BigDecimal("0.05")));
        Scenario scenario = scenario(fall("50000", 10), 10, account);

        MarginPreview.Protected result = MarginPreview.withTopUps(scenario, account);

        assertThat(result.alerts()).contains(5);
        assertThat(result.liquidationMinute()).hasValue(6);
        assertThat(result.moved()).isZero();
    }

    @Test
    void cooldownHoldsTheNextTopUpBackUntilItHasFullyPassed() {
        assertThat(topUpMinutes(0)).startsWith(0, 1, 2, 3);
        // The cooldown starts when the transfer is confirmed, a moment after its check: 60 s later
        // the next minute's check is still inside it.
        assertThat(topUpMinutes(60)).startsWith(0, 2, 4, 6);
        assertThat(topUpMinutes(120)).startsWith(0, 3, 6, 9);
    }

    /** At the trigger from minute 0 and losing faster than a 50 USDT cap can add: every check wants a top-up. */
    private static List<Integer> topUpMinutes(int cooldownSeconds) {
        ScenarioAccount account = cross("1500", Map.of("triggerRatio", new BigDecimal("0.2"),
                "targetRatio", new BigDecimal("0.05"), "cooldownSeconds", cooldownSeconds,
                "maxTransfer", new BigDecimal("50")));
        Scenario scenario = scenario(fall("58000", 20), 20, account);
        return MarginPreview.withTopUps(scenario, account).topUps().stream().map(MarginPreview.TopUp::minute).toList();
    }
}
