package dev.margintopup.local.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.local.backtest.SideBySide.Side;
import dev.margintopup.local.scenario.Keyframes;
import dev.margintopup.local.scenario.MarginPreview;
import dev.margintopup.local.scenario.MoveSettings;
import dev.margintopup.local.scenario.PositionSpec;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.local.scenario.ScenarioException;
import dev.margintopup.local.scenario.TopUpSettings;
import dev.margintopup.paper.MaintenanceTier;
import dev.margintopup.policy.MoveProtection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-checked at a flat 0.5 % maintenance: 1 BTC from 60000. */
class SideBySideTest {

    private static final Map<String, Object> MOVES = Map.of(MoveSettings.TRIGGER_MOVE_PERCENT, new BigDecimal("3"),
            MoveSettings.TARGET_MOVE_PERCENT, new BigDecimal("8"), TopUpSettings.MAX_TRANSFER, new BigDecimal("7000"));

    @Test
    void each_managed_account_is_played_with_the_ratios_of_its_moves_at_the_start_and_with_its_moves() {
        Scenario scenario = scenario(account("desk", true, dev.margintopup.paper.Side.LONG, MOVES),
                account("control", false, dev.margintopup.paper.Side.LONG, MOVES));

        Scenario played = SideBySide.of(scenario);

        assertThat(played.accounts()).extracting(ScenarioAccount::id).containsExactly("desk.ratio", "desk.move", "control");
        ScenarioAccount ratio = played.account("desk.ratio");
        // A long needs size·P·(x + (1 − x)·rate) to survive a fall of x: 0.005 ÷ (0.03 + 0.97 × 0.005).
        assertThat(ratio.settings().triggerRatio()).isEqualByComparingTo("0.143472");
        assertThat(ratio.settings().targetRatio()).isEqualByComparingTo("0.0591017");
        assertThat(ratio.moveSettings()).isNull();
        assertThat(ratio.settings().maxTransfer()).isEqualByComparingTo("7000");
        ScenarioAccount move = played.account("desk.move");
        assertThat(move.effectiveConfig()).containsEntry(MoveSettings.TRIGGER_MOVE_PERCENT, new BigDecimal("3"))
                .doesNotContainKeys(TopUpSettings.TRIGGER_RATIO, TopUpSettings.TARGET_RATIO)
                .containsEntry(TopUpSettings.MAX_TRANSFER, new BigDecimal("7000"));
        assertThat(List.of(ratio, move)).allSatisfy(copy -> {
            assertThat(copy.wallets()).isEqualTo(scenario.account("desk").wallets());
            assertThat(copy.position()).isEqualTo(scenario.account("desk").position());
        });
        assertThat(played.account("control")).isEqualTo(scenario.account("control"));
    }

    @Test
    void a_short_survives_a_rise_so_its_maintenance_grows_with_the_move() {
        Scenario scenario = scenario(account("desk", true, dev.margintopup.paper.Side.SHORT, MOVES));

        // 0.005 ÷ (0.03 + 1.03 × 0.005)
        assertThat(MoveProtection.equivalentRatio(MarginPreview.startingSnapshot(scenario, scenario.account("desk")),
                new BigDecimal("0.03"))).isEqualByComparingTo("0.142247510669");
    }

    @Test
    void an_account_protected_by_ratios_alone_keeps_them_and_its_move_copy_protects_with_the_moves_they_equal() {
        // The ratios of the first test, the other way round: 0.143472 and 0.0591017 are 3 % and 8 % at the start.
        Map<String, Object> ratios = Map.of(TopUpSettings.TRIGGER_RATIO, new BigDecimal("0.143472"),
                TopUpSettings.TARGET_RATIO, new BigDecimal("0.0591017"), TopUpSettings.MAX_TRANSFER, new BigDecimal("7000"));
        Scenario scenario = scenario(account("desk", true, dev.margintopup.paper.Side.LONG, ratios));

        Scenario played = SideBySide.of(scenario);

        ScenarioAccount ratio = played.account("desk.ratio");
        assertThat(ratio.settings().triggerRatio()).isEqualByComparingTo("0.143472");
        assertThat(ratio.settings().targetRatio()).isEqualByComparingTo("0.0591017");
        assertThat(ratio.moveSettings()).isNull();
        ScenarioAccount move = played.account("desk.move");
        assertThat(move.moveSettings().triggerMovePercent()).isEqualByComparingTo("3.00");
        assertThat(move.moveSettings().targetMovePercent()).isEqualByComparingTo("8.00");
        assertThat(move.effectiveConfig()).doesNotContainKeys(TopUpSettings.TRIGGER_RATIO, TopUpSettings.TARGET_RATIO)
                .containsEntry(TopUpSettings.MAX_TRANSFER, new BigDecimal("7000"));
    }

    @Test
    void an_account_without_settings_is_compared_on_the_runners_default_ratios() {
        Scenario scenario = scenario(account("desk", true, dev.margintopup.paper.Side.LONG, Map.of()));
        BigDecimal defaultTrigger = TopUpSettings.of(Map.of()).triggerRatio();

        ScenarioAccount move = SideBySide.of(scenario).account("desk.move");

        assertThat(MoveProtection.equivalentRatio(MarginPreview.startingSnapshot(scenario, scenario.account("desk")),
                move.moveSettings().triggerMove())).isCloseTo(defaultTrigger, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void a_ratio_at_which_the_account_survives_no_move_cannot_be_compared_and_is_named() {
        Scenario scenario = scenario(account("desk-at-one", true, dev.margintopup.paper.Side.LONG,
                Map.of(TopUpSettings.TRIGGER_RATIO, BigDecimal.ONE, TopUpSettings.TARGET_RATIO, new BigDecimal("0.5"))));

        assertThatThrownBy(() -> SideBySide.of(scenario))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("accounts.desk-at-one.config.triggerRatio").hasMessageContaining("triggerMovePercent");
    }

    @Test
    void an_account_id_tells_its_side_and_the_scenario_account_it_copies() {
        assertThat(Side.of("desk.btc.ratio")).isEqualTo(Side.RATIO);
        assertThat(Side.of("desk.move")).isEqualTo(Side.MOVE);
        assertThat(Side.of("control")).isNull();
        assertThat(Side.baseId("desk.btc.ratio")).isEqualTo("desk.btc");
        assertThat(Side.baseId("control")).isEqualTo("control");
    }

    private static Scenario scenario(ScenarioAccount... accounts) {
        Keyframes path = new Keyframes(List.of(new Keyframes.Point(0, new BigDecimal("60000")),
                new Keyframes.Point(10, new BigDecimal("55000"))), new BigDecimal("0.1"));
        return new Scenario("test", "test", "BTCUSDT", Instant.parse("2025-03-03T00:00:00Z"), 10, path,
                List.of(accounts), List.of());
    }

    private static ScenarioAccount account(String id, boolean managed, dev.margintopup.paper.Side side,
            Map<String, Object> config) {
        return new ScenarioAccount(id, managed, "cross",
                Map.of("FUTURES", new BigDecimal("10000"), "FUNDING", new BigDecimal("20000")),
                new PositionSpec(side, BigDecimal.ONE, new BigDecimal("60000"), null, null,
                        MaintenanceTier.single(new BigDecimal("0.005"))), config);
    }
}
