package dev.margintopup.local.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.local.backtest.HindsightOptimum.Optimum;
import dev.margintopup.paper.MaintenanceTier;
import dev.margintopup.paper.MarginType;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Side;
import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HindsightOptimumTest {

    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final List<MaintenanceTier> BTC_TIERS = List.of(
            MaintenanceTier.upTo("50000", "0.004", "0"),
            MaintenanceTier.upTo("500000", "0.005", "50"),
            MaintenanceTier.upTo("8000000", "0.01", "2550"),
            MaintenanceTier.upTo("50000000", "0.025", "122550"),
            MaintenanceTier.unbounded(new BigDecimal("0.05"), new BigDecimal("1372550")));

    @Test
    void a_long_needs_one_step_more_than_the_shortfall_at_the_lowest_price() {
        // 1 BTC from 60000 on 6000 of margin at 0.5 %: at 54000 maintenance is 270 and the
        // margin balance 6000 − 6000 = 0, so 270 is missing and 270.01 keeps it alive.
        PaperPosition position = PaperPosition.isolated("BTCUSDT", Side.LONG, "1", "60000", "6000", "0.005");

        Optimum optimum = HindsightOptimum.of(position, new BigDecimal("6000"), closes("60000", "57000", "54000", "58000"), CENT);

        assertThat(optimum.amount()).isEqualByComparingTo("270.01");
        assertThat(optimum.bindingMinute()).isEqualTo(2);
        assertThat(optimum.bindingPrice()).isEqualByComparingTo("54000");
    }

    @Test
    void a_short_is_bound_by_the_highest_price() {
        // 2 from 100 on 20 at 1 %: at 110 maintenance 2.2, margin balance 20 − 20 = 0.
        PaperPosition position = PaperPosition.isolated("ETHUSDT", Side.SHORT, "2", "100", "20", "0.01");

        Optimum optimum = HindsightOptimum.of(position, new BigDecimal("20"), closes("100", "110", "90"), CENT);

        assertThat(optimum.amount()).isEqualByComparingTo("2.21");
        assertThat(optimum.bindingPrice()).isEqualByComparingTo("110");
    }

    @Test
    void a_position_that_survives_on_its_own_margin_needs_nothing() {
        PaperPosition position = PaperPosition.cross("BTCUSDT", Side.LONG, "1", "60000", "0.005");

        Optimum optimum = HindsightOptimum.of(position, new BigDecimal("20000"), closes("60000", "50000", "61000"), CENT);

        assertThat(optimum.amount()).isEqualByComparingTo("0");
    }

    @Test
    void margin_exactly_at_maintenance_is_liquidation_so_it_takes_one_more_step() {
        // 1 from 100 at 1 % on a margin of 1: at 100 the margin balance is 1 and maintenance 1.
        PaperPosition position = PaperPosition.isolated("ETHUSDT", Side.LONG, "1", "100", "1", "0.01");

        Optimum optimum = HindsightOptimum.of(position, BigDecimal.ONE, closes("100"), CENT);

        assertThat(optimum.amount()).as("maintenance 1 against a margin balance of 1 is liquidated").isEqualByComparingTo("0.01");
    }

    @Test
    void the_tier_the_notional_falls_in_at_the_worst_price_sets_the_maintenance() {
        // crash-30's cross account: 2 BTC from 60000 on 24000. At the low 42000 the notional 84000
        // is in the 0.5 % bracket (deduction 50): maintenance 370, margin balance 24000 − 36000.
        PaperPosition position = new PaperPosition("BTCUSDT", Side.LONG, new BigDecimal("2"), new BigDecimal("60000"),
                MarginType.CROSS, null, BTC_TIERS, 5);

        Optimum optimum = HindsightOptimum.of(position, new BigDecimal("24000"), closes("60000", "50000", "42000", "45000"), CENT);

        assertThat(optimum.amount()).isEqualByComparingTo("12370.01");
    }

    @Test
    void a_wick_below_every_close_is_what_binds() {
        PaperPosition position = PaperPosition.isolated("BTCUSDT", Side.LONG, "1", "60000", "6000", "0.005");
        List<Candle> path = List.of(candle(0, "60000", "60000", "60000", "60000"),
                candle(1, "60000", "60000", "53000", "59000"), candle(2, "59000", "59500", "58500", "59500"));

        Optimum optimum = HindsightOptimum.of(position, new BigDecimal("6000"), path, CENT);

        // At 53000: maintenance 265, margin balance 6000 − 7000 = −1000.
        assertThat(optimum.amount()).isEqualByComparingTo("1265.01");
        assertThat(optimum.bindingMinute()).isEqualTo(1);
    }

    @Test
    void an_empty_path_needs_nothing_and_a_step_must_be_positive() {
        PaperPosition position = PaperPosition.cross("BTCUSDT", Side.LONG, "1", "60000", "0.005");

        assertThat(HindsightOptimum.of(position, BigDecimal.TEN, List.of(), CENT).amount()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> HindsightOptimum.of(position, BigDecimal.TEN, closes("1"), BigDecimal.ZERO))
                .hasMessageContaining("step");
    }

    /**
     * Against a search that assumes nothing: every whole number of steps from zero up, each
     * played through every tick of every candle between its low and high with the venue's own
     * maintenance and pnl, the first that is never liquidated.
     */
    @Test
    void agrees_with_a_brute_force_search_over_amounts_and_every_intrabar_price() {
        Random random = new Random(20261130);
        BigDecimal step = BigDecimal.ONE;
        for (int trial = 0; trial < 60; trial++) {
            Side side = random.nextBoolean() ? Side.LONG : Side.SHORT;
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(3));
            BigDecimal entry = BigDecimal.valueOf(200 + random.nextInt(100));
            List<MaintenanceTier> tiers = random.nextBoolean() ? MaintenanceTier.single(new BigDecimal("0.02"))
                    : List.of(MaintenanceTier.upTo("400", "0.01", "0"),
                            MaintenanceTier.unbounded(new BigDecimal("0.05"), new BigDecimal("16")));
            PaperPosition position = new PaperPosition("TSTUSDT", side, quantity, entry, MarginType.CROSS, null, tiers, null);
            BigDecimal margin = BigDecimal.valueOf(5 + random.nextInt(60));
            List<Candle> path = new ArrayList<>();
            int price = entry.intValue();
            for (int m = 0; m < 8; m++) {
                int open = price;
                int close = Math.max(20, open + random.nextInt(41) - 20);
                int low = Math.max(10, Math.min(open, close) - random.nextInt(15));
                int high = Math.max(open, close) + random.nextInt(15);
                path.add(candle(m, open, high, low, close));
                price = close;
            }

            Optimum optimum = HindsightOptimum.of(position, margin, path, step);

            assertThat(optimum.amount()).as("trial %d: %s %s from %s on %s over %s", trial, side, quantity, entry, margin, path)
                    .isEqualByComparingTo(bruteForce(position, margin, path, step));
        }
    }

    private static BigDecimal bruteForce(PaperPosition position, BigDecimal margin, List<Candle> path, BigDecimal step) {
        for (BigDecimal added = BigDecimal.ZERO; ; added = added.add(step)) {
            if (survives(position, margin.add(added), path)) {
                return added;
            }
        }
    }

    private static boolean survives(PaperPosition position, BigDecimal margin, List<Candle> path) {
        for (Candle candle : path) {
            for (BigDecimal p = candle.low(); p.compareTo(candle.high()) <= 0; p = p.add(BigDecimal.ONE)) {
                if (position.maintenance(p).compareTo(margin.add(position.unrealisedPnl(p))) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Candle> closes(String... prices) {
        List<Candle> candles = new ArrayList<>();
        for (int m = 0; m < prices.length; m++) {
            candles.add(candle(m, prices[m], prices[m], prices[m], prices[m]));
        }
        return candles;
    }

    private static Candle candle(int minute, String open, String high, String low, String close) {
        return new Candle(Instant.EPOCH.plusSeconds(60L * minute), new BigDecimal(open), new BigDecimal(high),
                new BigDecimal(low), new BigDecimal(close));
    }

    private static Candle candle(int minute, int open, int high, int low, int close) {
        return candle(minute, String.valueOf(open), String.valueOf(high), String.valueOf(low), String.valueOf(close));
    }
}
