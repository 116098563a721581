package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;

/** k × σ per minute × √horizon, σ the larger of close-to-close and high-to-low; never below zero, at most 100 %. */
class VolatilityBufferTest {

    private static final BigDecimal THREE = new BigDecimal("3");
    private static final Duration A_MINUTE_AND_LATENCY = VolatilityBuffer.horizon(Duration.ofMinutes(1));

    @Test
    void without_candles_there_is_no_buffer() {
        assertThat(VolatilityBuffer.move(List.of(), THREE, A_MINUTE_AND_LATENCY)).isZero();
    }

    @Test
    void a_single_wick_counts_through_the_high_to_low_estimate() {
        List<Candle> candles = List.of(candle(0, "100", "101", "99", "100"));

        // σ = ln(101 ÷ 99) ÷ √(4 ln 2) = 0.0120106; × 3 × √1.25 = 0.0402882, rounded up.
        assertThat(VolatilityBuffer.move(candles, THREE, A_MINUTE_AND_LATENCY)).isEqualByComparingTo("0.040289");
    }

    @Test
    void one_gap_among_calm_minutes_is_left_out_but_two_within_the_last_minutes_widen_the_buffer() {
        List<Candle> calm = new ArrayList<>();
        for (int minute = 0; minute < 30; minute++) {
            calm.add(candle(minute, "100", "100.1", "99.9", "100"));
        }
        BigDecimal calmBuffer = VolatilityBuffer.move(calm, THREE, A_MINUTE_AND_LATENCY);
        List<Candle> oneGap = afterGaps(calm, 20);
        List<Candle> twoGaps = afterGaps(calm, 27, 29);

        assertThat(VolatilityBuffer.move(oneGap, THREE, A_MINUTE_AND_LATENCY))
                .as("a 7 % gap alone, ten minutes ago, is not a volatile market").isEqualByComparingTo(calmBuffer);
        BigDecimal clustered = VolatilityBuffer.move(twoGaps, THREE, A_MINUTE_AND_LATENCY);
        // Of the last 5 minutes one 7 % candle is left out and the other kept: the short window sees it.
        assertThat(clustered).as("two gaps within five minutes are").isGreaterThan(calmBuffer.multiply(BigDecimal.TEN));
        assertThat(clustered).as("yet less than the gap itself would be alone")
                .isLessThan(VolatilityBuffer.move(List.of(candle(0, "100", "100", "93", "93")), THREE,
                        A_MINUTE_AND_LATENCY));
    }

    /** Calm minutes with a 7 % gap down at each of {@code gapMinutes}; the market stays where each gap left it. */
    private static List<Candle> afterGaps(List<Candle> calm, int... gapMinutes) {
        List<Candle> candles = new ArrayList<>();
        BigDecimal level = BigDecimal.ONE;
        for (Candle c : calm) {
            int minute = candles.size();
            if (java.util.Arrays.stream(gapMinutes).anyMatch(g -> g == minute)) {
                BigDecimal before = c.open().multiply(level);
                level = level.multiply(new BigDecimal("0.93"));
                candles.add(new Candle(c.openTime(), before, before, c.close().multiply(level), c.close().multiply(level)));
            } else {
                candles.add(new Candle(c.openTime(), c.open().multiply(level), c.high().multiply(level),
                        c.low().multiply(level), c.close().multiply(level)));
            }
        }
        return candles;
    }

    @Test
    void steady_swings_give_k_sigma_root_horizon() {
        // Closes 100, 101, 100, 101: every return is ±ln 1.01 = ±0.00995033 (the ranges give less);
        // × 3 × √1.25 = 0.0333744.
        List<Candle> candles = List.of(candle(0, "100", "100", "100", "100"), candle(1, "100", "101", "100", "101"),
                candle(2, "101", "101", "100", "100"), candle(3, "100", "101", "100", "101"));

        assertThat(VolatilityBuffer.move(candles, THREE, A_MINUTE_AND_LATENCY)).isEqualByComparingTo("0.033375");
        assertThat(VolatilityBuffer.move(candles, BigDecimal.ZERO, A_MINUTE_AND_LATENCY))
                .as("k = 0 covers nothing").isZero();
    }

    @Test
    void the_horizon_is_the_time_to_the_next_look_plus_the_transfer_s_latency() {
        assertThat(VolatilityBuffer.horizon(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(315));
    }

    @Property
    void a_wilder_market_never_gives_a_smaller_buffer(@ForAll("paths") List<BigDecimal[]> path,
            @ForAll @BigRange(min = "1", max = "3") BigDecimal calm,
            @ForAll @BigRange(min = "1.01", max = "3") BigDecimal wilder) {
        BigDecimal wild = calm.multiply(wilder);

        assertThat(VolatilityBuffer.move(candles(path, wild), THREE, A_MINUTE_AND_LATENCY))
                .isGreaterThanOrEqualTo(VolatilityBuffer.move(candles(path, calm), THREE, A_MINUTE_AND_LATENCY));
    }

    @Property
    void the_buffer_is_a_fraction_of_the_price(@ForAll("paths") List<BigDecimal[]> path,
            @ForAll @BigRange(min = "1", max = "30") BigDecimal scale) {
        assertThat(VolatilityBuffer.move(candles(path, scale), THREE, A_MINUTE_AND_LATENCY)).isBetween(BigDecimal.ZERO,
                BigDecimal.ONE);
    }

    /** Per minute: a log return and a wick, both in units the scale multiplies. */
    @Provide
    Arbitrary<List<BigDecimal[]>> paths() {
        Arbitrary<BigDecimal[]> minute = Arbitraries.bigDecimals().between(new BigDecimal("-0.02"),
                        new BigDecimal("0.02")).ofScale(4)
                .flatMap(ret -> Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.01")).ofScale(4)
                        .map(wick -> new BigDecimal[] {ret, wick}));
        return minute.list().ofMinSize(0).ofMaxSize(40);
    }

    /** The path with every return and wick multiplied by {@code scale}. */
    private static List<Candle> candles(List<BigDecimal[]> path, BigDecimal scale) {
        List<Candle> candles = new ArrayList<>();
        double close = 100;
        for (int i = 0; i < path.size(); i++) {
            double open = close;
            close = open * Math.exp(scale.doubleValue() * path.get(i)[0].doubleValue());
            double wick = 1 + scale.doubleValue() * path.get(i)[1].doubleValue();
            candles.add(candle(i, decimal(open), decimal(Math.max(open, close) * wick),
                    decimal(Math.min(open, close) / wick), decimal(close)));
        }
        return candles;
    }

    private static String decimal(double value) {
        return new BigDecimal(value, MathContext.DECIMAL64).toPlainString();
    }

    @Test
    void the_last_minutes_move_is_the_largest_range_or_close_to_close_of_the_last_two_candles_nothing_left_out() {
        List<Candle> candles = List.of(
                candle(0, "100", "130", "100", "100"), // older than the last two: not counted
                candle(1, "100", "100", "100", "100"),
                candle(2, "100", "101", "95", "96"), // range 101 ÷ 95 − 1 = 6.3158 %, close 4 % below the last
                candle(3, "96", "97", "96", "97")); // the forming one: 1.04 %

        assertThat(VolatilityBuffer.lastMinuteMove(candles)).isEqualByComparingTo("0.063158");
        // One large candle alone is the market's last minute: the buffer leaves it out, this does not.
        assertThat(VolatilityBuffer.lastMinuteMove(candles.subList(0, 1))).isEqualByComparingTo("0.3");
        assertThat(VolatilityBuffer.lastMinuteMove(List.of())).isZero();
        // A close that gaps past the candle's own range counts too: 100 → 90 with a 1 % range.
        assertThat(VolatilityBuffer.lastMinuteMove(List.of(candle(0, "100", "100", "100", "100"),
                candle(1, "90", "90.9", "90", "90")))).isEqualByComparingTo("0.1");
    }

    @Test
    void the_markets_pace_from_candles_widens_nothing_with_a_multiple_of_zero() {
        List<Candle> candles = List.of(candle(0, "100", "100", "100", "100"), candle(1, "100", "101", "95", "96"));

        MarketPace pace = MarketPace.of(candles, new java.math.BigDecimal("3"), java.time.Duration.ofSeconds(35));
        assertThat(pace.lastMinute()).isEqualByComparingTo("0.063158");
        assertThat(pace.buffer()).isPositive();
        assertThat(MarketPace.of(candles, java.math.BigDecimal.ZERO, java.time.Duration.ofSeconds(35)))
                .isEqualTo(MarketPace.CALM);
        assertThat(pace.widest(new MarketPace(java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO)))
                .isEqualTo(new MarketPace(java.math.BigDecimal.ONE, pace.lastMinute()));
    }

    static Candle candle(int minute, String open, String high, String low, String close) {
        return new Candle(Instant.EPOCH.plusSeconds(60L * minute), new BigDecimal(open), new BigDecimal(high),
                new BigDecimal(low), new BigDecimal(close));
    }
}
