package dev.margintopup.policy;

import static dev.margintopup.policy.MoveProtectionTest.position;
import static dev.margintopup.policy.MoveProtectionTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.MoveSettings;
import dev.margintopup.policy.Decision.Alert;
import dev.margintopup.policy.Decision.Limit;
import dev.margintopup.policy.Decision.NoAction;
import dev.margintopup.policy.Decision.TopUp;
import dev.margintopup.policy.Position.Side;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The policy with move settings, worked by hand on one long: N = 50 000 at a 1 % maintenance rate
 * (maintenance 500), so each unit of adverse move needs 49 500 more margin and surviving x needs
 * 500 + 49 500·x. Trigger 3 %, target 6 %, watch band 6 %.
 */
class TopUpPolicyMovesTest {

    private static final BigDecimal NO_VOLATILITY = BigDecimal.ZERO;

    @Test
    void inside_the_trigger_move_it_tops_up_a_step_towards_the_target_move_half_the_gap_above_the_trigger() {
        // Margin 1200 survives 700 ÷ 49 500 = 1.41 %. The account is polled inside its band, so one
        // top-up buys the trigger plus half the 3 % gap to the target: 4.5 % needs 500 + 2227.5 = 2727.5.
        Decision decision = decide(longAt("1200"), moves(), NO_VOLATILITY);

        assertThat(decision).isInstanceOfSatisfying(TopUp.class, topUp -> {
            assertThat(topUp.amount()).isEqualByComparingTo("1527.5");
            assertThat(topUp.limitedBy()).isNull();
        });
        // Where it lands it survives 4.5 %: outside the trigger, nothing more moves until danger comes back.
        assertThat(decide(longAt("2727.5"), moves(), NO_VOLATILITY)).isInstanceOf(NoAction.class);
    }

    @Test
    void a_step_never_goes_beyond_the_target_move() {
        // Margin 500 survives nothing. The step is 3 % + max(4 %, 1.5 %) = 7 %; the trigger stays at 3 % (⅔ of
        // 4 % is 2.67 %), so the target is max(6 %, 4 %, 3 % + 3 %) = 6 % and caps it: 500 + 49 500 × 6 % − 500.
        assertThat(decide(longAt("500"), moves(), new BigDecimal("0.04"))).isInstanceOfSatisfying(TopUp.class,
                topUp -> assertThat(topUp.amount()).isEqualByComparingTo("2970"));
        // The trigger pulled out to 4 % by ⅔ of 6 %: the step 4 % + 6 % = 10 % is capped by the target,
        // which keeps the 3 % gap above the trigger, max(6 %, 6 %, 4 % + 3 %) = 7 %: 500 + 49 500 × 7 % − 500.
        assertThat(decide(longAt("500"), moves(), new BigDecimal("0.06"))).isInstanceOfSatisfying(TopUp.class,
                topUp -> assertThat(topUp.amount()).isEqualByComparingTo("3465"));
        // A calm market: the step is the trigger plus half the gap, 4.5 %, short of the 6 % target.
        assertThat(decide(longAt("500"), moves(), NO_VOLATILITY)).isInstanceOfSatisfying(TopUp.class,
                topUp -> assertThat(topUp.amount()).isEqualByComparingTo("2227.5"));
    }

    @Test
    void a_step_never_buys_less_room_above_the_trigger_than_the_market_took_in_its_last_minute() {
        // Margin 500 survives nothing; a calm buffer. The last minute fell 2 %: the step is 3 % + max(0, 1.5 %, 2 %)
        // = 5 %: 500 + 49 500 × 5 % − 500.
        assertThat(TopUpPolicy.decide(longAt("500"), moves(), BigDecimal.ZERO, false,
                new MarketPace(NO_VOLATILITY, new BigDecimal("0.02")))).isInstanceOfSatisfying(TopUp.class,
                        topUp -> assertThat(topUp.amount()).isEqualByComparingTo("2475"));
        // A last minute of 5 % asks for 8 %, beyond the 6 % target, which caps it: 500 + 49 500 × 6 % − 500.
        assertThat(TopUpPolicy.decide(longAt("500"), moves(), BigDecimal.ZERO, false,
                new MarketPace(NO_VOLATILITY, new BigDecimal("0.05")))).isInstanceOfSatisfying(TopUp.class,
                        topUp -> assertThat(topUp.amount()).isEqualByComparingTo("2970"));
        // It sizes a step and never pulls the trigger: 4.04 % survivable stays outside the 3 % trigger.
        assertThat(TopUpPolicy.decide(longAt("2500"), moves(), BigDecimal.ZERO, false,
                new MarketPace(NO_VOLATILITY, new BigDecimal("0.2")))).isInstanceOf(NoAction.class);
    }

    @Test
    void outside_the_trigger_move_nothing_moves_and_the_reason_says_how_far_it_is() {
        // Margin 2500 survives 2000 ÷ 49 500 = 4.04 %.
        Decision decision = decide(longAt("2500"), moves(), NO_VOLATILITY);

        assertThat(decision).isEqualTo(new NoAction(new BigDecimal("0.2"), "survives a 4.04 % move, trigger 3 %"));
    }

    @Test
    void volatility_widens_the_move_to_survive_beyond_the_configured_target() {
        Decision decision = decide(longAt("1200"), moves(), new BigDecimal("0.09"));

        assertThat(decision).isInstanceOfSatisfying(TopUp.class,
                // ⅔ of 9 % pulls the trigger out to the 6 % band; the target keeps its 3 % gap above that:
                // max(6 %, 9 %, 6 % + 3 %) = 9 %, short of the step 6 % + 9 %.
                topUp -> assertThat(topUp.amount()).as("500 + 49 500 × 9 % − 1200").isEqualByComparingTo("3755"));
    }

    @Test
    void volatility_below_the_configured_moves_changes_nothing() {
        assertThat(decide(longAt("1200"), moves(), new BigDecimal("0.01")))
                .isEqualTo(decide(longAt("1200"), moves(), NO_VOLATILITY));
        assertThat(decide(longAt("2500"), moves(), new BigDecimal("0.02")))
                .isEqualTo(decide(longAt("2500"), moves(), NO_VOLATILITY));
    }

    @Test
    void volatility_pulls_the_trigger_out_but_no_further_than_the_watch_band() {
        // 4.04 % survivable: outside the 3 % trigger, inside a trigger pulled out to 5 % by ⅔ of 7.5 %.
        assertThat(decide(longAt("2500"), moves(), new BigDecimal("0.075"))).isInstanceOfSatisfying(TopUp.class,
                // The target keeps its 3 % gap above the 5 % trigger: 8 %.
                topUp -> assertThat(topUp.amount()).as("500 + 49 500 × 8 % − 2500").isEqualByComparingTo("1960"));

        // Margin 3965 survives exactly 7 %: beyond the 6 % band, however wild the market.
        Decision farOut = decide(longAt("3965"), moves(), new BigDecimal("0.10"));
        assertThat(farOut).isInstanceOf(NoAction.class);
        assertThat(((NoAction) farOut).reason()).isEqualTo("survives a 7 % move, trigger 6 %");
    }

    @Test
    void a_short_is_protected_against_the_price_rising() {
        // N = 6000 at 0.5 %: surviving x needs 30 + 6030·x. Margin 150 survives 1.99 %; the step is 4.5 %.
        MarginSnapshot snapshot = snapshot("150", "30", position("ETHUSDT", Side.SHORT, "2", "3000", "30"));

        assertThat(decide(snapshot, moves(), NO_VOLATILITY)).isInstanceOfSatisfying(TopUp.class,
                topUp -> assertThat(topUp.amount()).as("30 + 271.35 − 150").isEqualByComparingTo("151.35"));
    }

    @Test
    void with_both_forms_the_ratio_trigger_can_act_first_and_the_larger_need_is_moved() {
        // Margin 2000: ratio 0.25 (at the 0.25 trigger), survives 3.03 % (outside the 3 % trigger).
        // The ratio target 0.2 needs 500; the moves' step, surviving 4.5 %, needs 727.5.
        AccountConfig both = account(new BigDecimal("0.25"), new BigDecimal("0.2"), moveSettings());

        assertThat(TopUpPolicy.decide(longAt("2000"), both, BigDecimal.ZERO, false, NO_VOLATILITY))
                .isInstanceOfSatisfying(TopUp.class, topUp -> assertThat(topUp.amount()).isEqualByComparingTo("727.5"));

        AccountConfig deeperRatio = account(new BigDecimal("0.25"), new BigDecimal("0.1"), moveSettings());
        assertThat(TopUpPolicy.decide(longAt("2000"), deeperRatio, BigDecimal.ZERO, false, NO_VOLATILITY))
                .as("the ratio target 0.1 needs 3000, more than the move")
                .isInstanceOfSatisfying(TopUp.class, topUp -> assertThat(topUp.amount()).isEqualByComparingTo("3000"));
    }

    @Test
    void with_both_forms_and_neither_triggered_the_reason_names_both() {
        AccountConfig both = account(new BigDecimal("0.5"), new BigDecimal("0.2"), moveSettings());

        assertThat(TopUpPolicy.decide(longAt("2500"), both, BigDecimal.ZERO, false, NO_VOLATILITY))
                .isEqualTo(new NoAction(new BigDecimal("0.2"), "below trigger and survives a 4.04 % move, trigger 3 %"));
    }

    @Test
    void without_positions_the_ratio_pair_decides_alone_and_says_the_moves_were_not_applied() {
        AccountConfig both = account(new BigDecimal("0.8"), new BigDecimal("0.6"), moveSettings());

        assertThat(TopUpPolicy.decide(snapshot("1200", "500"), both, BigDecimal.ZERO, false, NO_VOLATILITY))
                .isEqualTo(new NoAction(new BigDecimal("0.416666666667"),
                        "below trigger (the venue reported no positions: the move settings could not be applied)"));
        assertThat(TopUpPolicy.decide(snapshot("600", "500"), both, BigDecimal.ZERO, false, NO_VOLATILITY))
                .as("500 ÷ 0.6 − 600").isInstanceOfSatisfying(TopUp.class,
                        topUp -> assertThat(topUp.amount()).isEqualByComparingTo("233.34"));
    }

    @Test
    void moves_alone_without_positions_are_an_alert_never_a_silent_pass() {
        Decision decision = decide(snapshot("1200", "500"), moves(), NO_VOLATILITY);

        assertThat(decision).isInstanceOfSatisfying(Alert.class, alert -> {
            assertThat(alert.cause()).isEqualTo(Limit.POSITIONS_UNREPORTED);
            assertThat(alert.reason()).contains("no positions", "500 USDT", "triggerRatio");
        });
        assertThat(decide(snapshot("1200", "0"), moves(), NO_VOLATILITY))
                .as("no maintenance, no positions: nothing to protect")
                .isEqualTo(new NoAction(BigDecimal.ZERO, "no maintenance margin: nothing to protect"));
    }

    @Test
    void a_top_up_in_flight_blocks_a_second_one_under_moves_too() {
        assertThat(TopUpPolicy.decide(longAt("1200"), moves(), BigDecimal.ZERO, true, NO_VOLATILITY))
                .isEqualTo(new NoAction(new BigDecimal("0.416666666667"), "a top-up is already in flight"));
    }

    @Test
    void the_caps_hold_a_move_based_top_up_back_as_they_hold_a_ratio_one() {
        AccountConfig capped = new AccountConfig("acct-1", "paper", MarginMode.ISOLATED, "BTCUSDT", "USDT", "FUNDING",
                null, null, new BigDecimal("1000"), new BigDecimal("5"), new BigDecimal("10"), Duration.ZERO, 1,
                "margin-topup/read/acct-1", "margin-topup/transfer/acct-1", true, false, null, moveSettings());

        assertThat(TopUpPolicy.decide(longAt("1200"), capped, BigDecimal.ZERO, false, NO_VOLATILITY))
                .isInstanceOfSatisfying(Alert.class, alert -> {
                    assertThat(alert.cause()).isEqualTo(Limit.DAILY_CAP);
                    assertThat(alert.reason()).endsWith(
                            "1527.50 USDT needed to survive a 4.5 % adverse move (survives 1.41 % now)");
                });
    }

    private static MarginSnapshot longAt(String marginBalance) {
        return snapshot(marginBalance, "500", position("BTCUSDT", Side.LONG, "1", "50000", "500"));
    }

    private static Decision decide(MarginSnapshot snapshot, AccountConfig account, BigDecimal volatility) {
        return TopUpPolicy.decide(snapshot, account, BigDecimal.ZERO, false, volatility);
    }

    /** Moves alone: trigger 3 %, target 6 %, band 6 %; caps far away. */
    static AccountConfig moves() {
        return account(null, null, moveSettings());
    }

    static MoveSettings moveSettings() {
        return new MoveSettings(new BigDecimal("3"), new BigDecimal("6"), new BigDecimal("6"), 10, 30,
                new BigDecimal("3"));
    }

    static AccountConfig account(BigDecimal triggerRatio, BigDecimal targetRatio, MoveSettings moves) {
        return new AccountConfig("acct-1", "paper", MarginMode.ISOLATED, "BTCUSDT", "USDT", "FUNDING", triggerRatio,
                targetRatio, new BigDecimal("100000"), new BigDecimal("500000"), new BigDecimal("10"), Duration.ZERO, 1,
                "margin-topup/read/acct-1", "margin-topup/transfer/acct-1", true, false, null, moves);
    }
}
