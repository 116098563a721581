package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.Decision.Alert;
import dev.margintopup.policy.Decision.Limit;
import dev.margintopup.policy.Decision.NoAction;
import dev.margintopup.policy.Decision.TopUp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One example per branch of the policy, with numbers worked by hand. The base case: margin
 * balance 1000, maintenance 850 (ratio 0.85), trigger 0.8, target 0.6, step 0.01, so the target
 * needs 850 ÷ 0.6 − 1000 = 416.666… → 416.67.
 */
class TopUpPolicyTest {

    private static final String NOTHING_USED = "0";

    @Test
    void tops_up_exactly_what_brings_the_ratio_to_the_target_rounded_up_to_the_step() {
        Decision decision = decide(snapshot("1000", "850"), account(), NOTHING_USED, false);

        TopUp topUp = (TopUp) decision;
        assertThat(topUp.marginRatio()).isEqualByComparingTo("0.85");
        assertThat(topUp.amount()).isEqualByComparingTo("416.67");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo("0.599998588239");
        assertThat(topUp.limitedBy()).isNull();
    }

    @Test
    void a_ratio_exactly_at_the_trigger_tops_up() {
        Decision decision = decide(snapshot("1000", "800"), account(), NOTHING_USED, false);

        assertThat(decision).isInstanceOf(TopUp.class);
        assertThat(((TopUp) decision).amount()).isEqualByComparingTo("333.34");
    }

    @Test
    void a_ratio_below_the_trigger_moves_nothing_however_far_from_the_target() {
        Decision decision = decide(snapshot("1000", "799.99"), account(), NOTHING_USED, false);

        assertThat(decision).isEqualTo(new NoAction(new BigDecimal("0.79999"), "below trigger"));
    }

    @Test
    void no_positions_means_nothing_to_protect() {
        Decision decision = decide(snapshot("1000", "0"), account(), NOTHING_USED, false);

        assertThat(decision).isInstanceOf(NoAction.class);
        assertThat(decision.marginRatio()).isZero();
    }

    @Test
    void a_top_up_in_flight_blocks_a_second_one() {
        Decision decision = decide(snapshot("1000", "850"), account(), NOTHING_USED, true);

        assertThat(decision).isEqualTo(new NoAction(new BigDecimal("0.85"), "a top-up is already in flight"));
    }

    @Test
    void a_need_below_the_minimum_transfer_moves_nothing() {
        Account account = account().withRatios("0.8", "0.79").withMinTransfer("20");

        Decision decision = decide(snapshot("1000", "800"), account, NOTHING_USED, false);

        // 800 ÷ 0.79 = 1012.658… → 1012.66; 12.66 needed.
        assertThat(decision).isEqualTo(new NoAction(
                new BigDecimal("0.8"), "needed 12.66 USDT is below the minimum transfer 20 USDT"));
    }

    @Test
    void the_per_transfer_cap_holds_the_amount_back_and_says_so() {
        Account account = account().withMaxTransfer("300");

        TopUp topUp = (TopUp) decide(snapshot("1000", "850"), account, NOTHING_USED, false);

        assertThat(topUp.amount()).isEqualByComparingTo("300");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo("0.653846153846");
        assertThat(topUp.limitedBy()).isEqualTo(Limit.PER_TRANSFER_CAP);
    }

    @Test
    void what_is_left_of_the_daily_cap_holds_the_amount_back() {
        Account account = account().withDailyCap("1000");

        TopUp topUp = (TopUp) decide(snapshot("1000", "850"), account, "900", false);

        assertThat(topUp.amount()).isEqualByComparingTo("100");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo("0.772727272727");
        assertThat(topUp.limitedBy()).isEqualTo(Limit.DAILY_CAP);
    }

    @Test
    void the_source_balance_holds_the_amount_back_rounded_down_to_the_step() {
        Snapshot snapshot = snapshot("1000", "850").withSourceFree("250.559");

        TopUp topUp = (TopUp) decide(snapshot, account(), NOTHING_USED, false);

        assertThat(topUp.amount()).isEqualByComparingTo("250.55");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo("0.679700931590");
        assertThat(topUp.limitedBy()).isEqualTo(Limit.SOURCE_BALANCE);
    }

    @Test
    void when_several_limits_bind_the_tightest_one_is_reported() {
        Account account = account().withMaxTransfer("300").withDailyCap("1000");
        Snapshot snapshot = snapshot("1000", "850").withSourceFree("250");

        TopUp topUp = (TopUp) decide(snapshot, account, "800", false);

        assertThat(topUp.amount()).isEqualByComparingTo("200");
        assertThat(topUp.limitedBy()).isEqualTo(Limit.DAILY_CAP);
    }

    @Test
    void equally_tight_limits_report_the_per_transfer_cap_before_the_daily_cap_before_the_source() {
        Account account = account().withMaxTransfer("200").withDailyCap("1000");
        Snapshot snapshot = snapshot("1000", "850").withSourceFree("200");

        TopUp topUp = (TopUp) decide(snapshot, account, "800", false);

        assertThat(topUp.limitedBy()).isEqualTo(Limit.PER_TRANSFER_CAP);
    }

    @Test
    void a_reached_daily_cap_raises_an_alert_instead_of_moving_nothing_silently() {
        Account account = account().withDailyCap("1000");

        Decision decision = decide(snapshot("1000", "850"), account, "1000", false);

        assertThat(decision).isEqualTo(new Alert(new BigDecimal("0.85"), Limit.DAILY_CAP,
                "daily cap reached: 1000 of 1000 USDT used today;"
                        + " 416.67 USDT needed to bring margin ratio 0.85 down to target 0.6"));
    }

    @Test
    void a_daily_cap_overrun_counts_as_nothing_left_never_as_a_negative_amount() {
        Account account = account().withDailyCap("1000");

        Alert alert = (Alert) decide(snapshot("1000", "850"), account, "1200", false);

        assertThat(alert.cause()).isEqualTo(Limit.DAILY_CAP);
        assertThat(alert.reason()).startsWith("daily cap reached: 1200 of 1000 USDT used today");
    }

    @Test
    void a_daily_cap_left_below_the_minimum_raises_an_alert() {
        Account account = account().withDailyCap("1000");

        Alert alert = (Alert) decide(snapshot("1000", "850"), account, "995", false);

        assertThat(alert.cause()).isEqualTo(Limit.DAILY_CAP);
        assertThat(alert.reason()).startsWith("daily cap nearly reached: 995 of 1000 USDT used today");
    }

    @Test
    void a_source_wallet_below_the_minimum_raises_an_alert_naming_the_wallet() {
        Snapshot snapshot = snapshot("1000", "850").withSourceFree("3.20");

        Decision decision = decide(snapshot, account(), NOTHING_USED, false);

        assertThat(decision).isEqualTo(new Alert(new BigDecimal("0.85"), Limit.SOURCE_BALANCE,
                "source wallet FUNDING has 3.20 USDT free;"
                        + " 416.67 USDT needed to bring margin ratio 0.85 down to target 0.6"));
    }

    @Test
    void a_source_balance_below_one_step_raises_an_alert_even_with_no_minimum() {
        Account account = account().withMinTransfer("0");
        Snapshot snapshot = snapshot("1000", "850").withSourceFree("0.009");

        Alert alert = (Alert) decide(snapshot, account, NOTHING_USED, false);

        assertThat(alert.cause()).isEqualTo(Limit.SOURCE_BALANCE);
    }

    @Test
    void a_per_transfer_cap_that_rounds_down_below_the_minimum_raises_an_alert() {
        Account account = account().withMaxTransfer("10.005").withMinTransfer("10.005");

        Alert alert = (Alert) decide(snapshot("1000", "850"), account, NOTHING_USED, false);

        assertThat(alert.cause()).isEqualTo(Limit.PER_TRANSFER_CAP);
        assertThat(alert.reason()).startsWith(
                "per-transfer cap 10.005 USDT allows no transfer of at least the minimum 10.005 USDT in steps of 0.01");
    }

    @Test
    void a_whole_unit_step_rounds_the_need_up_to_the_next_unit() {
        Snapshot snapshot = snapshot("1000", "850").withStep("1");

        TopUp topUp = (TopUp) decide(snapshot, account(), NOTHING_USED, false);

        assertThat(topUp.amount()).isEqualByComparingTo("417");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo("0.599858856740");
    }

    @Test
    void a_fine_step_keeps_the_need_to_its_precision() {
        Snapshot snapshot = snapshot("1000", "850").withStep("0.000001");

        TopUp topUp = (TopUp) decide(snapshot, account(), NOTHING_USED, false);

        assertThat(topUp.amount()).isEqualByComparingTo("416.666667");
    }

    @Test
    void a_balance_at_or_below_zero_tops_up_by_the_deficit_as_well() {
        TopUp topUp = (TopUp) decide(snapshot("-50", "100"), account(), NOTHING_USED, false);

        assertThat(topUp.marginRatio()).isEqualByComparingTo(MarginSnapshot.LIQUIDATED_RATIO);
        // 100 ÷ 0.6 = 166.666… → 166.67, plus the 50 missing.
        assertThat(topUp.amount()).isEqualByComparingTo("216.67");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo("0.599988000240");
    }

    @Test
    void a_capped_top_up_that_leaves_the_balance_below_zero_expects_liquidation_not_a_negative_ratio() {
        Account account = account().withMaxTransfer("20").withMinTransfer("1");

        TopUp topUp = (TopUp) decide(snapshot("-50", "100"), account, NOTHING_USED, false);

        assertThat(topUp.amount()).isEqualByComparingTo("20");
        assertThat(topUp.expectedRatio()).isEqualByComparingTo(MarginSnapshot.LIQUIDATED_RATIO);
    }

    // --- fixtures -----------------------------------------------------------------------------

    private static Decision decide(Snapshot snapshot, Account account, String usedToday, boolean intentOpen) {
        return TopUpPolicy.decide(snapshot.build(), account.build(), new BigDecimal(usedToday), intentOpen);
    }

    private static Snapshot snapshot(String marginBalance, String maintenance) {
        return new Snapshot(marginBalance, maintenance, "10000", "0.01");
    }

    private static Account account() {
        return new Account("0.8", "0.6", "1000", "5000", "10");
    }

    /** A snapshot under construction: USDT, 10000 free in FUNDING, step 0.01 unless changed. */
    private record Snapshot(String marginBalance, String maintenance, String sourceFree, String step) {
        Snapshot withSourceFree(String free) {
            return new Snapshot(marginBalance, maintenance, free, step);
        }

        Snapshot withStep(String newStep) {
            return new Snapshot(marginBalance, maintenance, sourceFree, newStep);
        }

        MarginSnapshot build() {
            return new MarginSnapshot("paper", Instant.parse("2026-01-05T10:00:00Z"), "USDT",
                    new BigDecimal(marginBalance), new BigDecimal(maintenance), new BigDecimal(sourceFree),
                    new BigDecimal(step), null, null);
        }
    }

    private record Account(String trigger, String target, String maxTransfer, String dailyCap, String minTransfer) {
        Account withRatios(String newTrigger, String newTarget) {
            return new Account(newTrigger, newTarget, maxTransfer, dailyCap, minTransfer);
        }

        Account withMaxTransfer(String max) {
            return new Account(trigger, target, max, dailyCap, minTransfer);
        }

        Account withDailyCap(String cap) {
            return new Account(trigger, target, maxTransfer, cap, minTransfer);
        }

        Account withMinTransfer(String min) {
            return new Account(trigger, target, maxTransfer, dailyCap, min);
        }

        AccountConfig build() {
            return new AccountConfig("acct-1", "paper", MarginMode.CROSS, null, "USDT", "FUNDING",
                    new BigDecimal(trigger), new BigDecimal(target), new BigDecimal(maxTransfer),
                    new BigDecimal(dailyCap), new BigDecimal(minTransfer), Duration.ofMinutes(5), 1,
                    "margin-topup/acct-1/read", "margin-topup/acct-1/transfer", true, false, null);
        }
    }
}
