package dev.margintopup.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountTrackTest {

    private static List<Sample> ratios(String... values) {
        List<Sample> samples = new ArrayList<>();
        for (int m = 0; m < values.length; m++) {
            samples.add(new Sample(m, values[m] == null ? null : new BigDecimal(values[m])));
        }
        return samples;
    }

    private static TopUpMark confirmed(int requested, int confirmed, String amount) {
        return new TopUpMark(requested, confirmed, new BigDecimal(amount), "USDT", TopUpMark.CONFIRMED);
    }

    private static AccountTrack managed(List<Sample> samples, List<TopUpMark> topUps) {
        return new AccountTrack("acct", true, "CROSS", new BigDecimal("0.80"), new BigDecimal("0.60"), samples, topUps,
                List.of(), null);
    }

    @Test
    void worst_ratio_is_the_highest_known_ratio_and_ignores_minutes_after_liquidation() {
        AccountTrack track = new AccountTrack("acct", false, "CROSS", null, null,
                ratios("0.4", "0.93", "1.02", null, null), List.of(), List.of(),
                new Liquidation(2, new BigDecimal("58000")));

        assertThat(track.worstRatio()).contains(new BigDecimal("1.02"));
        assertThat(managed(List.of(), List.of()).worstRatio()).isEmpty();
    }

    @Test
    void only_confirmed_top_ups_count_as_transfers_and_collateral_moved() {
        AccountTrack track = managed(ratios("0.9"), List.of(
                confirmed(1, 2, "500"),
                new TopUpMark(3, null, new BigDecimal("700"), "USDT", TopUpMark.FAILED),
                new TopUpMark(4, null, new BigDecimal("700"), "USDT", TopUpMark.PENDING),
                confirmed(5, 6, "250.5"),
                new TopUpMark(7, 8, new BigDecimal("0.01"), "BTC", TopUpMark.CONFIRMED)));

        assertThat(track.transfers()).hasSize(3);
        assertThat(track.collateralMoved()).containsExactly(
                java.util.Map.entry("USDT", new BigDecimal("750.5")), java.util.Map.entry("BTC", new BigDecimal("0.01")));
    }

    @Test
    void breach_to_confirmed_runs_from_the_first_minute_at_trigger_not_from_the_request() {
        // at trigger from minute 2; the request goes out at 4, the collateral lands at 5
        AccountTrack track = managed(ratios("0.5", "0.7", "0.80", "0.85", "0.86", "0.62"), List.of(confirmed(4, 5, "100")));

        assertThat(track.breachToConfirmed()).containsExactly(Duration.ofMinutes(3));
    }

    @Test
    void a_dip_below_trigger_ends_the_breach_and_the_next_crossing_starts_a_new_one() {
        AccountTrack track = managed(ratios("0.82", "0.7", "0.81", "0.84", "0.6"), List.of(confirmed(3, 4, "100")));

        assertThat(track.breachToConfirmed()).containsExactly(Duration.ofMinutes(2));
    }

    @Test
    void each_top_up_is_measured_from_a_breach_after_the_previous_one_landed() {
        // still above trigger after the first top-up lands at 3: the second breach starts at 4, not at 1
        AccountTrack track = managed(ratios("0.5", "0.85", "0.9", "0.83", "0.84", "0.88", "0.6"),
                List.of(confirmed(2, 3, "100"), confirmed(5, 6, "100")));

        assertThat(track.breachToConfirmed()).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(2));
    }

    @Test
    void a_failed_attempt_does_not_end_the_breach_so_the_retry_is_measured_from_its_start() {
        AccountTrack track = managed(ratios("0.5", "0.81", "0.83", "0.86", "0.88", "0.9", "0.6"), List.of(
                new TopUpMark(2, null, BigDecimal.TEN, "USDT", TopUpMark.FAILED), confirmed(5, 6, "100")));

        assertThat(track.breachToConfirmed()).containsExactly(Duration.ofMinutes(5));
    }

    @Test
    void median_of_an_even_count_is_the_mean_of_the_middle_two() {
        AccountTrack track = managed(ratios("0.81", "0.5", "0.81", "0.5", "0.5", "0.81", "0.5", "0.5", "0.5"),
                List.of(confirmed(0, 1, "1"), confirmed(2, 4, "1"), confirmed(5, 8, "1")));

        assertThat(track.breachToConfirmed()).containsExactly(
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3));
        assertThat(track.medianBreachToConfirmed()).contains(Duration.ofMinutes(2));

        AccountTrack even = managed(ratios("0.81", "0.5", "0.81", "0.5", "0.5"),
                List.of(confirmed(0, 1, "1"), confirmed(2, 4, "1")));
        assertThat(even.medianBreachToConfirmed()).contains(Duration.ofSeconds(90));
        assertThat(even.maxBreachToConfirmed()).contains(Duration.ofMinutes(2));
    }

    @Test
    void samples_and_marks_are_kept_in_minute_order_whatever_order_the_runner_adds_them() {
        AccountTrack track = new AccountTrack("acct", true, null, null, null,
                List.of(new Sample(2, BigDecimal.ONE), new Sample(0, BigDecimal.ZERO)),
                List.of(confirmed(5, 6, "1"), confirmed(1, 2, "1")),
                List.of(new AlertMark(9, "MarginAtRisk", null), new AlertMark(3, "TopUpFailed", "venue said no")), null);

        assertThat(track.samples()).extracting(Sample::minute).containsExactly(0, 2);
        assertThat(track.topUps()).extracting(TopUpMark::requestedMinute).containsExactly(1, 5);
        assertThat(track.alerts()).extracting(AlertMark::minute).containsExactly(3, 9);
        assertThat(track.alerts().get(1).reason()).isEmpty();
    }

    @Test
    void a_breach_seen_at_a_fast_poll_and_confirmed_within_the_minute_is_timed_in_seconds() {
        // Below the trigger at each minute's top; a poll 20 s into minute 1 sees the breach, the top-up decided
        // at the poll 30 s in lands 2 s later.
        List<Sample> polls = List.of(new Sample(1, new BigDecimal("0.7"), 70), new Sample(1, new BigDecimal("0.82"), 80),
                new Sample(1, new BigDecimal("0.85"), 90));
        TopUpMark topUp = new TopUpMark(1, 1, new BigDecimal("300"), "USDT", TopUpMark.CONFIRMED, 90, 92);
        AccountTrack track = new AccountTrack("acct", true, "CROSS", new BigDecimal("0.80"), new BigDecimal("0.60"),
                ratios("0.5", "0.7", "0.4"), List.of(topUp), List.of(), null, polls);

        assertThat(track.breachToConfirmed()).containsExactly(Duration.ofSeconds(12));
        assertThat(ReportFormat.breachToConfirmed(track)).isEqualTo("12 s / 12 s");
        assertThat(track.samples()).as("polls stay off the minute-by-minute chart").hasSize(3);
    }

    @Test
    void a_move_protected_account_is_timed_from_the_first_check_that_found_it_within_its_trigger_move() {
        // Trigger 3 % of move. The minute's reading at 1 survives 3.5 %; a poll 20 s in finds 2.9 %, the next
        // 2.5 %; the top-up decided there lands 3 s later: 13 s from the first check past the trigger.
        List<Sample> samples = List.of(new Sample(0, new BigDecimal("0.1"), 0, new BigDecimal("0.06")),
                new Sample(1, new BigDecimal("0.12"), 60, new BigDecimal("0.035")),
                new Sample(2, new BigDecimal("0.09"), 120, new BigDecimal("0.07")));
        List<Sample> polls = List.of(new Sample(1, new BigDecimal("0.13"), 70, new BigDecimal("0.031")),
                new Sample(1, new BigDecimal("0.14"), 80, new BigDecimal("0.029")),
                new Sample(1, new BigDecimal("0.15"), 90, new BigDecimal("0.025")));
        TopUpMark topUp = new TopUpMark(1, 1, new BigDecimal("300"), "USDT", TopUpMark.CONFIRMED, 90, 93);
        AccountTrack track = new AccountTrack("acct.move", true, "CROSS", null, null, samples, List.of(topUp),
                List.of(), null, polls, MoneyTrack.NONE, new BigDecimal("0.03"));

        assertThat(track.breachToConfirmed()).containsExactly(Duration.ofSeconds(13));
        assertThat(ReportFormat.breachToConfirmed(track)).isEqualTo("13 s / 13 s");
    }

    @Test
    void an_account_without_a_trigger_of_either_kind_has_no_breach_to_time() {
        TopUpMark topUp = new TopUpMark(1, 1, new BigDecimal("300"), "USDT", TopUpMark.CONFIRMED, 60, 62);
        AccountTrack track = new AccountTrack("control", false, "CROSS", null, null,
                List.of(new Sample(1, new BigDecimal("0.5"), 60, new BigDecimal("0.01"))), List.of(topUp), List.of(),
                null, List.of(), MoneyTrack.NONE, null);

        assertThat(track.breachToConfirmed()).isEmpty();
        assertThat(ReportFormat.breachToConfirmed(track)).isEqualTo("—");
    }
}
