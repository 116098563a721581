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

/** max(k × σ per minute × √horizon, the largest one-minute range), never below zero, at most 100 %. */
class VolatilityBufferTest {

    private static final BigDecimal THREE = new BigDecimal("3");
    private static final Duration TWO_MINUTES = VolatilityBuffer.horizon(1);

    @Test
    void without_candles_there_is_no_buffer() {
        assertThat(VolatilityBuffer.move(List.of(), THREE, TWO_MINUTES)).isZero();
    }

    @Test
    void a_single_wick_sets_the_buffer_to_its_range() {
        List<Candle> candles = List.of(candle(0, "100", "101", "99", "100"));

        assertThat(VolatilityBuffer.move(candles, THREE, TWO_MINUTES)).as("(101 − 99) ÷ 99, rounded up")
                .isEqualByComparingTo("0.020203");
    }

    @Test
    void steady_swings_give_k_sigma_root_horizon() {
        // Closes 100, 101, 100, 101: every return is ±ln 1.01 = ±0.00995033; × 3 × √2 = 0.0422157.
        List<Candle> candles = List.of(candle(0, "100", "100", "100", "100"), candle(1, "100", "101", "100", "101"),
                candle(2, "101", "101", "100", "100"), candle(3, "100", "101", "100", "101"));

        assertThat(VolatilityBuffer.move(candles, THREE, TWO_MINUTES)).isEqualByComparingTo("0.042216");
        assertThat(VolatilityBuffer.move(candles, BigDecimal.ZERO, TWO_MINUTES))
                .as("k = 0 leaves the largest range, 1 ÷ 100").isEqualByComparingTo("0.01");
    }

    @Test
    void the_horizon_is_the_check_interval_plus_the_transfer_s_latency() {
        assertThat(VolatilityBuffer.horizon(5)).isEqualTo(Duration.ofMinutes(6));
    }

    @Property
    void a_wilder_market_never_gives_a_smaller_buffer(@ForAll("paths") List<BigDecimal[]> path,
            @ForAll @BigRange(min = "1", max = "3") BigDecimal calm,
            @ForAll @BigRange(min = "1.01", max = "3") BigDecimal wilder) {
        BigDecimal wild = calm.multiply(wilder);

        assertThat(VolatilityBuffer.move(candles(path, wild), THREE, TWO_MINUTES))
                .isGreaterThanOrEqualTo(VolatilityBuffer.move(candles(path, calm), THREE, TWO_MINUTES));
    }

    @Property
    void the_buffer_is_a_fraction_of_the_price(@ForAll("paths") List<BigDecimal[]> path,
            @ForAll @BigRange(min = "1", max = "30") BigDecimal scale) {
        assertThat(VolatilityBuffer.move(candles(path, scale), THREE, TWO_MINUTES)).isBetween(BigDecimal.ZERO,
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

    static Candle candle(int minute, String open, String high, String low, String close) {
        return new Candle(Instant.EPOCH.plusSeconds(60L * minute), new BigDecimal(open), new BigDecimal(high),
                new BigDecimal(low), new BigDecimal(close));
    }
}
