package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.MoveSettings;
import dev.margintopup.account.SweepSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much a calm account sweeps back: the excess above the sweep ratio, within the look-back and the day's cap. */
class SweepPolicyTest {

    private static AccountConfig account(String toRatio, String dailyCap) {
        return new AccountConfig("acct", "paper", MarginMode.CROSS, null, "USDT", "FUNDING", new BigDecimal("0.8"),
                new BigDecimal("0.6"), new BigDecimal("5000"), new BigDecimal("20000"), new BigDecimal("10"),
                Duration.ZERO, 1, "margin-topup/read/acct", "margin-topup/transfer/acct", true, false, null, null, null,
                null, null, null, new SweepSettings(Duration.ofMinutes(30), 2, new BigDecimal(dailyCap),
                        new BigDecimal(toRatio)));
    }

    private static MarginSnapshot snapshot(String balance, String maintenance) {
        return new MarginSnapshot("paper", Instant.EPOCH, "USDT", new BigDecimal(balance), new BigDecimal(maintenance),
                null, new BigDecimal("0.01"), null, null);
    }

    @Test
    void the_excess_above_the_sweep_ratio_goes_back_and_leaves_the_account_at_that_ratio_or_below() {
        SweepDecision decision = SweepPolicy.decide(snapshot("1026.67", "498"), account("0.6", "1000"),
                new BigDecimal("226.67"), BigDecimal.ZERO);

        assertThat(decision.amount()).isEqualByComparingTo("196.67");
        assertThat(decision.expectedRatio()).isLessThanOrEqualTo(new BigDecimal("0.6"));
        assertThat(decision.toWallet()).isEqualTo("FUNDING");
    }

    @Test
    void never_more_than_was_topped_up_and_not_swept_nor_than_the_days_cap_leaves() {
        AccountConfig account = account("0.6", "1000");
        MarginSnapshot rich = snapshot("5000", "500");

        assertThat(SweepPolicy.decide(rich, account, new BigDecimal("226.67"), BigDecimal.ZERO).amount())
                .isEqualByComparingTo("226.67");
        assertThat(SweepPolicy.decide(rich, account, new BigDecimal("3000"), new BigDecimal("900")).amount())
                .isEqualByComparingTo("100");
        SweepDecision none = SweepPolicy.decide(rich, account, new BigDecimal("3000"), new BigDecimal("995"));
        assertThat(none.sweeps()).isFalse();
        assertThat(none.reason()).contains("daily cap");
    }

    @Test
    void an_account_at_or_above_its_sweep_ratio_is_inside_the_band_and_has_nothing_to_sweep() {
        AccountConfig account = account("0.5", "1000");
        MarginSnapshot atTarget = snapshot("1000", "500");

        assertThat(SweepPolicy.insideBand(atTarget, account)).isTrue();
        assertThat(SweepPolicy.excess(atTarget, account)).isZero();
        assertThat(SweepPolicy.insideBand(snapshot("1010", "500"), account)).isFalse();
        assertThat(SweepPolicy.decide(snapshot("1005", "500"), account, new BigDecimal("500"), BigDecimal.ZERO)
                .sweeps()).as("9.95 of excess is below the minimum transfer").isFalse();
    }

    @Test
    void whatever_the_reading_a_sweep_leaves_the_ratio_at_or_below_the_sweep_ratio() {
        AccountConfig account = account("0.55", "100000");
        for (int balance = 500; balance <= 3000; balance += 37) {
            for (int maintenance = 100; maintenance <= 600; maintenance += 53) {
                MarginSnapshot reading = snapshot(balance + ".13", maintenance + ".7");
                SweepDecision decision = SweepPolicy.decide(reading, account, new BigDecimal("100000"), BigDecimal.ZERO);
                if (decision.sweeps()) {
                    BigDecimal left = reading.marginBalance().subtract(decision.amount());
                    assertThat(reading.maintenanceMargin().divide(left, MarginSnapshot.RATIO_MATH))
                            .as("balance %s, maintenance %s", balance, maintenance)
                            .isLessThanOrEqualTo(new BigDecimal("0.55"));
                }
            }
        }
    }

    /** Protected by moves alone (trigger 3 %, target 8 %): no ratio pair, no sweep ratio. */
    private static AccountConfig movesAlone() {
        MoveSettings moves = new MoveSettings(new BigDecimal("3"), new BigDecimal("8"), new BigDecimal("6"), 10, 30,
                BigDecimal.ZERO);
        return new AccountConfig("acct", "paper", MarginMode.CROSS, null, "USDT", "FUNDING", null, null,
                new BigDecimal("5000"), new BigDecimal("20000"), new BigDecimal("10"), Duration.ZERO, 1,
                "margin-topup/read/acct", "margin-topup/transfer/acct", true, false, null, moves, null, null, null,
                null, new SweepSettings(Duration.ofMinutes(30), 2, new BigDecimal("100000"), null));
    }

    /** The paper fixture's position: 1 long at 50 000 with 1 % maintenance. */
    private static MarginSnapshot onePosition(String balance) {
        return new MarginSnapshot("paper", Instant.EPOCH, "USDT", new BigDecimal(balance), new BigDecimal("500"),
                null, new BigDecimal("0.01"), null, null, List.of(new Position("BTCUSDT", Position.Side.LONG,
                        BigDecimal.ONE, new BigDecimal("50000"), new BigDecimal("500"), null)));
    }

    @Test
    void an_account_protected_by_moves_alone_sweeps_down_to_what_survives_its_target_move() {
        // Surviving 8 % takes 500 + 0.08 × 49 500 = 4 460: of 6 000, 1 540 is excess.
        SweepDecision decision = SweepPolicy.decide(onePosition("6000"), movesAlone(), new BigDecimal("100000"),
                BigDecimal.ZERO);

        assertThat(decision.amount()).isEqualByComparingTo("1540");
        assertThat(decision.reason()).contains("survives a 8 % move");
        assertThat(SweepPolicy.insideBand(onePosition("4460"), movesAlone())).as("surviving exactly 8 %").isTrue();
        assertThat(SweepPolicy.insideBand(onePosition("4500"), movesAlone())).isFalse();
    }

    @Test
    void whatever_the_reading_a_move_only_sweep_leaves_the_target_move_and_never_comes_near_the_trigger_move() {
        AccountConfig account = movesAlone();
        for (int balance = 600; balance <= 20_000; balance += 97) {
            MarginSnapshot reading = onePosition(balance + ".31");
            SweepDecision decision = SweepPolicy.decide(reading, account, new BigDecimal("100000"), BigDecimal.ZERO);
            if (decision.sweeps()) {
                MarginSnapshot after = onePosition(reading.marginBalance().subtract(decision.amount()).toPlainString());
                assertThat(MoveProtection.survivableMove(after)).as("balance %s", balance)
                        .isGreaterThanOrEqualTo(account.moves().targetMove())
                        .isGreaterThan(account.moves().triggerMove());
            }
        }
    }

    @Test
    void a_move_only_account_without_positions_to_measure_sweeps_nothing_and_is_never_calm() {
        MarginSnapshot flat = new MarginSnapshot("paper", Instant.EPOCH, "USDT", new BigDecimal("9000"),
                BigDecimal.ZERO, null, new BigDecimal("0.01"), null, null, List.of());

        assertThat(SweepPolicy.excess(flat, movesAlone())).isZero();
        assertThat(SweepPolicy.insideBand(flat, movesAlone())).isTrue();
    }

    // ---- an isolated position: the sweep reduces the position's own margin ----

    private static AccountConfig isolated(String toRatio, String dailyCap, MoveSettings moves) {
        return new AccountConfig("acct", "binance-usdm", MarginMode.ISOLATED, "BTCUSDT", "USDT", "FUNDING",
                new BigDecimal("0.8"), new BigDecimal("0.6"), new BigDecimal("5000"), new BigDecimal("20000"),
                new BigDecimal("10"), Duration.ZERO, 1, "margin-topup/read/acct", "margin-topup/transfer/acct", true,
                false, null, moves, null, null, null, null, new SweepSettings(Duration.ofMinutes(30), 2,
                        new BigDecimal(dailyCap), new BigDecimal(toRatio)));
    }

    /** One long BTCUSDT position of 0.5 at the mark, its margin balance and maintenance, and the venue's floor. */
    private static MarginSnapshot position(String balance, String maintenance, String mark, String liquidation,
            String marginToKeep) {
        Position btc = new Position("BTCUSDT", Position.Side.LONG, new BigDecimal("0.5"), new BigDecimal(mark),
                new BigDecimal(maintenance), liquidation == null ? null : new BigDecimal(liquidation));
        return new MarginSnapshot("binance-usdm", Instant.EPOCH, "USDT", new BigDecimal(balance),
                new BigDecimal(maintenance), null, new BigDecimal("0.01"), new BigDecimal(mark),
                liquidation == null ? null : new BigDecimal(liquidation), List.of(btc),
                marginToKeep == null ? null : new BigDecimal(marginToKeep));
    }

    @Test
    void an_isolated_positions_excess_is_counted_on_its_own_margin_and_leaves_it_at_the_sweep_ratio() {
        MarginSnapshot reading = position("1200", "300", "60000", null, "100");

        SweepDecision decision = SweepPolicy.decide(reading, isolated("0.5", "10000", null), new BigDecimal("5000"),
                BigDecimal.ZERO);

        assertThat(decision.amount()).as("1200 − 300 ÷ 0.5").isEqualByComparingTo("600");
        assertThat(decision.expectedRatio()).isEqualByComparingTo("0.5");
    }

    @Test
    void an_isolated_position_never_keeps_less_than_the_venue_lets_it_keep() {
        // 0.5 BTC at 60 000 on 10x: the venue keeps 3 000 of initial margin, above the 600 the ratio needs.
        MarginSnapshot reading = position("4000", "300", "60000", null, "3000");

        SweepDecision decision = SweepPolicy.decide(reading, isolated("0.5", "10000", null), new BigDecimal("5000"),
                BigDecimal.ZERO);

        assertThat(decision.amount()).isEqualByComparingTo("1000");
        assertThat(decision.reason()).contains("the venue keeps in the position");
        assertThat(SweepPolicy.excess(position("3005", "300", "60000", null, "3000"), isolated("0.5", "10000", null)))
                .as("5 above the venue's floor is below the minimum transfer, and is not swept").isEqualByComparingTo("5");
        assertThat(SweepPolicy.decide(position("3005", "300", "60000", null, "3000"), isolated("0.5", "10000", null),
                new BigDecimal("5000"), BigDecimal.ZERO).sweeps()).isFalse();
    }

    @Test
    void an_isolated_position_whose_snapshot_does_not_give_the_venues_floor_is_never_swept() {
        SweepDecision decision = SweepPolicy.decide(position("5000", "300", "60000", null, null),
                isolated("0.5", "10000", null), new BigDecimal("5000"), BigDecimal.ZERO);

        assertThat(decision.sweeps()).isFalse();
        assertThat(decision.reason()).contains("the venue's floor for reducing the position's margin");
    }

    @Test
    void an_isolated_sweep_with_move_settings_keeps_what_survives_the_target_move() {
        // Liquidation at 54 000 with 1 200 of margin on 0.5 BTC: each 1 000 of margin moves it by 2 000.
        MarginSnapshot reading = position("5000", "300", "60000", "46400", "600");
        AccountConfig account = isolated("0.5", "100000", new MoveSettings(new BigDecimal("5"),
                new BigDecimal("15"), new BigDecimal("10"), MoveSettings.DEFAULT_POLL_INTERVAL_SECONDS,
                MoveSettings.DEFAULT_VOLATILITY_LOOKBACK_MINUTES, MoveSettings.DEFAULT_VOLATILITY_MULTIPLE));

        SweepDecision decision = SweepPolicy.decide(reading, account, new BigDecimal("100000"), BigDecimal.ZERO);

        BigDecimal survive = MoveProtection.marginToSurvive(reading, new BigDecimal("0.15"));
        assertThat(survive).as("the move, not the ratio, binds here").isGreaterThan(new BigDecimal("600"));
        assertThat(decision.sweeps()).isTrue();
        assertThat(reading.marginBalance().subtract(decision.amount())).isGreaterThanOrEqualTo(survive);
    }

    @Test
    void whatever_the_reading_an_isolated_sweep_stays_within_the_ratio_the_venues_floor_and_the_caps() {
        AccountConfig account = isolated("0.55", "700", null);
        for (int balance = 400; balance <= 6000; balance += 97) {
            for (int maintenance = 50; maintenance <= 900; maintenance += 61) {
                for (int floor = 0; floor <= 4000; floor += 730) {
                    MarginSnapshot reading = position(balance + ".13", maintenance + ".7", "60000", null,
                            Integer.toString(floor));
                    SweepDecision decision = SweepPolicy.decide(reading, account, new BigDecimal("900"),
                            new BigDecimal("100"));
                    if (!decision.sweeps()) {
                        continue;
                    }
                    BigDecimal left = reading.marginBalance().subtract(decision.amount());
                    String at = "balance " + balance + ", maintenance " + maintenance + ", floor " + floor;
                    assertThat(reading.maintenanceMargin().divide(left, MarginSnapshot.RATIO_MATH)).as(at)
                            .isLessThanOrEqualTo(new BigDecimal("0.55")).isLessThan(account.triggerRatio());
                    assertThat(left).as(at).isGreaterThanOrEqualTo(new BigDecimal(floor));
                    assertThat(decision.amount()).as(at).isLessThanOrEqualTo(new BigDecimal("600"))
                            .isGreaterThanOrEqualTo(account.minTransfer());
                }
            }
        }
    }
}
