package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.policy.Position.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The move maths on positions worked by hand: M ≥ N·(x + (1−x)·r) for a long, (1+x) for a short. */
class MoveProtectionTest {

    @Test
    void an_isolated_long_survives_the_move_that_eats_its_margin_down_to_maintenance() {
        // N = 50 000, r = 1 %: each 1 % of move costs 500 of loss less 5 of maintenance.
        MarginSnapshot snapshot = snapshot("2000", "500", position("BTCUSDT", Side.LONG, "1", "50000", "500"));

        assertThat(MoveProtection.survivableMove(snapshot)).isEqualByComparingTo("0.0303030303030");
        assertThat(MoveProtection.marginToSurvive(snapshot, new BigDecimal("0.05")))
                .as("50 000 × (0.05 + 0.95 × 0.01)").isEqualByComparingTo("2975");
        assertThat(MoveProtection.equivalentRatio(snapshot, new BigDecimal("0.05")))
                .as("500 ÷ 2975").isEqualByComparingTo("0.168067226891");
    }

    @Test
    void the_move_a_margin_ratio_protects_against_is_the_inverse_of_the_ratio_a_move_needs() {
        MarginSnapshot snapshot = snapshot("2000", "500", position("BTCUSDT", Side.LONG, "1", "50000", "500"));

        // 500 ÷ 0.168067226891 = 2975 survives (2975 − 500) ÷ 49 500 = 5 %.
        assertThat(MoveProtection.equivalentMove(snapshot, new BigDecimal("0.168067226891")))
                .isCloseTo(new BigDecimal("0.05"), org.assertj.core.data.Offset.offset(new BigDecimal("1e-10")));
        for (String move : new String[] {"0.005", "0.03", "0.12", "0.5"}) {
            BigDecimal ratio = MoveProtection.equivalentRatio(snapshot, new BigDecimal(move));
            assertThat(MoveProtection.equivalentMove(snapshot, ratio)).as("the move at ratio %s", ratio)
                    .isCloseTo(new BigDecimal(move), org.assertj.core.data.Offset.offset(new BigDecimal("1e-10")));
        }
        assertThat(MoveProtection.equivalentMove(snapshot, BigDecimal.ONE)).as("at maintenance: no move").isZero();
        assertThatThrownBy(() -> MoveProtection.equivalentMove(snapshot, BigDecimal.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void a_short_loses_as_the_price_rises_and_its_maintenance_grows_with_it() {
        // N = 6000, r = 0.5 %.
        MarginSnapshot snapshot = snapshot("400", "30", position("ETHUSDT", Side.SHORT, "2", "3000", "30"));

        assertThat(MoveProtection.marginToSurvive(snapshot, new BigDecimal("0.03")))
                .as("6000 × (0.03 + 1.03 × 0.005)").isEqualByComparingTo("210.9");
        assertThat(MoveProtection.survivableMove(snapshot)).as("370 ÷ 6030").isEqualByComparingTo("0.0613598673300");
    }

    @Test
    void a_cross_account_nets_each_symbol_and_counts_every_leg_s_maintenance_and_what_positions_do_not_explain() {
        MarginSnapshot snapshot = snapshot("3000", "520",
                position("BTCUSDT", Side.LONG, "1", "50000", "250"),
                position("BTCUSDT", Side.SHORT, "0.4", "50000", "100"),
                position("ETHUSDT", Side.SHORT, "10", "3000", "150"));

        // BTC nets to 30 000 long: |30 000 − 350| = 29 650 per unit of move; ETH short: 30 000 + 150.
        // The 20 of maintenance beyond the positions' 500 is held as it is.
        assertThat(MoveProtection.marginToSurvive(snapshot, new BigDecimal("0.1")))
                .isEqualByComparingTo("6500");
        assertThat(MoveProtection.marginToSurvive(snapshot, BigDecimal.ZERO)).isEqualByComparingTo("520");
    }

    @Test
    void a_fully_hedged_symbol_only_risks_its_maintenance_growing() {
        MarginSnapshot snapshot = snapshot("1000", "500",
                position("BTCUSDT", Side.LONG, "1", "50000", "250"),
                position("BTCUSDT", Side.SHORT, "1", "50000", "250"));

        assertThat(MoveProtection.survivableMove(snapshot)).as("(1000 − 500) ÷ 500, capped at 100 %")
                .isEqualByComparingTo("1");
    }

    @Test
    void an_account_at_or_past_liquidation_survives_no_move() {
        MarginSnapshot snapshot = snapshot("500", "500", position("BTCUSDT", Side.LONG, "1", "50000", "500"));

        assertThat(MoveProtection.survivableMove(snapshot)).isZero();
    }

    @Test
    void the_margin_to_survive_a_move_makes_the_account_survive_exactly_that_move() {
        MarginSnapshot before = snapshot("1200", "500", position("BTCUSDT", Side.LONG, "1", "50000", "500"));
        BigDecimal needed = MoveProtection.marginToSurvive(before, new BigDecimal("0.06"));

        MarginSnapshot after = snapshot(needed.toPlainString(), "500",
                position("BTCUSDT", Side.LONG, "1", "50000", "500"));

        assertThat(MoveProtection.survivableMove(after)).isEqualByComparingTo("0.06");
        assertThat(after.marginRatio()).as("the equivalent ratio is the ratio at that margin")
                .isEqualByComparingTo(MoveProtection.equivalentRatio(before, new BigDecimal("0.06")));
    }

    @Test
    void a_lone_position_s_liquidation_price_nearer_than_the_estimate_steepens_it_to_the_venue_s_tiers() {
        // The estimate says 370 ÷ 6030 = 6.14 %; the venue, on its tiers, liquidates at 3150: 5 %.
        MarginSnapshot snapshot = snapshot("400", "30",
                new Position("ETHUSDT", Side.SHORT, new BigDecimal("2"), new BigDecimal("3000"), new BigDecimal("30"),
                        new BigDecimal("3150")));

        assertThat(MoveProtection.survivableMove(snapshot)).isEqualByComparingTo("0.05");
        assertThat(MoveProtection.marginToSurvive(snapshot, new BigDecimal("0.08")))
                .as("30 + 8 % × 370 ÷ 5 %").isEqualByComparingTo("622");
    }

    @Test
    void a_liquidation_price_further_than_the_estimate_or_within_rounding_of_it_changes_nothing() {
        Position further = new Position("BTCUSDT", Side.LONG, BigDecimal.ONE, new BigDecimal("50000"),
                new BigDecimal("500"), new BigDecimal("47000"));
        // 1.01 % estimated; 49 494.95 is the same price rounded to the venue's cent.
        Position rounded = new Position("BTCUSDT", Side.LONG, BigDecimal.ONE, new BigDecimal("50000"),
                new BigDecimal("500"), new BigDecimal("49494.95"));

        assertThat(MoveProtection.marginToSurvive(snapshot("1000", "500", further), new BigDecimal("0.03")))
                .isEqualByComparingTo("1985");
        assertThat(MoveProtection.marginToSurvive(snapshot("1000", "500", rounded), new BigDecimal("0.03")))
                .isEqualByComparingTo("1985");
    }

    @Test
    void in_a_book_of_several_positions_their_liquidation_prices_are_not_the_account_s() {
        MarginSnapshot snapshot = snapshot("3000", "500",
                new Position("BTCUSDT", Side.LONG, BigDecimal.ONE, new BigDecimal("50000"), new BigDecimal("250"),
                        new BigDecimal("49990")),
                position("ETHUSDT", Side.LONG, "10", "3000", "250"));

        assertThat(MoveProtection.marginToSurvive(snapshot, new BigDecimal("0.1")))
                .as("500 + 10 % × (49 750 + 29 750)").isEqualByComparingTo("8450");
    }

    @Test
    void without_positions_the_move_cannot_be_measured_and_says_so() {
        MarginSnapshot snapshot = snapshot("1000", "500");

        assertThat(MoveProtection.measurable(snapshot)).isFalse();
        assertThatThrownBy(() -> MoveProtection.survivableMove(snapshot))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no positions");
    }

    @Test
    void a_negative_move_is_refused() {
        MarginSnapshot snapshot = snapshot("1000", "500", position("BTCUSDT", Side.LONG, "1", "50000", "500"));

        assertThatThrownBy(() -> MoveProtection.marginToSurvive(snapshot, new BigDecimal("-0.01")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.01");
    }

    static MarginSnapshot snapshot(String marginBalance, String maintenance, Position... positions) {
        return new MarginSnapshot("paper", Instant.EPOCH, "USDT", new BigDecimal(marginBalance),
                new BigDecimal(maintenance), new BigDecimal("100000"), new BigDecimal("0.01"), null, null,
                List.of(positions));
    }

    static Position position(String symbol, Side side, String size, String mark, String maintenance) {
        return new Position(symbol, side, new BigDecimal(size), new BigDecimal(mark), new BigDecimal(maintenance), null);
    }
}
