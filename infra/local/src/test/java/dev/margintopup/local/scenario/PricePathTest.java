package dev.margintopup.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricePathTest {

    private static final BigDecimal TICK = new BigDecimal("0.1");
    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");

    private static Keyframes keyframes(Object... minuteAndPrice) {
        List<Keyframes.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < minuteAndPrice.length; i += 2) {
            points.add(new Keyframes.Point((Integer) minuteAndPrice[i], new BigDecimal((String) minuteAndPrice[i + 1])));
        }
        return new Keyframes(points, TICK);
    }

    @Test
    void keyframesInterpolateLinearlyAndRoundToTheTick() {
        Keyframes path = keyframes(0, "60000", 3, "59000");

        assertThat(path.priceAt(0)).isEqualByComparingTo("60000");
        // 60000 − 1000/3 = 59666.666… → 59666.7
        assertThat(path.priceAt(1)).isEqualByComparingTo("59666.7");
        assertThat(path.priceAt(2)).isEqualByComparingTo("59333.3");
        assertThat(path.priceAt(3)).isEqualByComparingTo("59000");
    }

    @Test
    void between_two_minutes_the_mark_walks_the_straight_line_on_the_tick() {
        Keyframes path = keyframes(0, "60000", 1, "59400");

        assertThat(path.priceBetween(0, java.time.Duration.ZERO)).isEqualByComparingTo("60000");
        assertThat(path.priceBetween(0, java.time.Duration.ofSeconds(10))).isEqualByComparingTo("59900");
        assertThat(path.priceBetween(0, java.time.Duration.ofSeconds(35))).isEqualByComparingTo("59650");
        assertThat(path.priceBetween(0, java.time.Duration.ofSeconds(60))).isEqualByComparingTo("59400");
        assertThat(path.priceBetween(0, java.time.Duration.ofSeconds(7)).remainder(TICK)).isZero();
    }

    @Test
    void keyframesHoldTheLastPriceAfterTheLastPoint() {
        Keyframes path = keyframes(0, "60000", 10, "42000");

        assertThat(path.priceAt(500)).isEqualByComparingTo("42000");
    }

    @Test
    void keyframesMustStartAtMinuteZeroAndMoveForward() {
        assertThatThrownBy(() -> keyframes(1, "60000")).hasMessageContaining("minute 0");
        assertThatThrownBy(() -> keyframes(0, "60000", 5, "1", 5, "2")).hasMessageContaining("must come after");
    }

    private static JumpDiffusion diffusion(double volatility, double jumpsPerDay, double jumpMean, double jumpStd,
            long seed) {
        return new JumpDiffusion(new BigDecimal("60000"), 0, volatility, jumpsPerDay, jumpMean, jumpStd, seed, TICK);
    }

    @Test
    void sameSeedGivesTheSamePathAndAnotherSeedAnother() {
        JumpDiffusion one = diffusion(0.9, 18, -0.03, 0.02, 7);
        JumpDiffusion same = diffusion(0.9, 18, -0.03, 0.02, 7);
        JumpDiffusion other = diffusion(0.9, 18, -0.03, 0.02, 8);

        assertThat(same.priceAt(240)).isEqualByComparingTo(one.priceAt(240));
        assertThat(same.priceAt(17)).isEqualByComparingTo(one.priceAt(17));
        assertThat(other.priceAt(240)).isNotEqualByComparingTo(one.priceAt(240));
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
    }

    @Test
    void pathIsPinnedForItsSeedSoScenariosReplayAcrossMachines() {
        // The random-jumps scenario's path: if this changes, its control no longer dies at minute 135.
        JumpDiffusion path = diffusion(0.9, 18, -0.03, 0.02, 7);

        assertThat(path.priceAt(0)).isEqualByComparingTo("60000");
        assertThat(path.priceAt(135)).isEqualByComparingTo("53797.8");
        assertThat(path.priceAt(240)).isEqualByComparingTo("51245.3");
    }

    @Test
    void everyPriceIsAWholeNumberOfTicks() {
        JumpDiffusion path = diffusion(0.9, 18, -0.03, 0.02, 3);

        for (int minute = 0; minute <= 300; minute++) {
            assertThat(path.priceAt(minute).remainder(TICK)).isZero();
        }
    }

    @Test
    void volatilityIsPerYear() {
        // 80 % a year over 525600 minutes: one-minute log returns with a standard deviation of 0.0011.
        JumpDiffusion path = new JumpDiffusion(new BigDecimal("60000"), 0, 0.8, 0, 0, 0, 11, new BigDecimal("0.0001"));
        int minutes = 20_000;
        double sum = 0;
        double sumOfSquares = 0;
        for (int minute = 1; minute <= minutes; minute++) {
            double r = Math.log(path.priceAt(minute).doubleValue() / path.priceAt(minute - 1).doubleValue());
            sum += r;
            sumOfSquares += r * r;
        }
        double std = Math.sqrt(sumOfSquares / minutes - (sum / minutes) * (sum / minutes));

        assertThat(std).isCloseTo(0.8 / Math.sqrt(525_600), org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void jumpsArriveAtTheirDailyRateAndMoveThePriceByTheirMean() {
        // No diffusion, 144 jumps a day of exactly −1 %: about 24 in four hours.
        JumpDiffusion path = new JumpDiffusion(new BigDecimal("60000"), 0, 0, 144, -0.01, 0, 5, new BigDecimal("0.0001"));

        double jumps = -Math.log(path.priceAt(240).doubleValue() / 60000) / 0.01;

        assertThat(jumps).isBetween(12.0, 40.0);
        assertThat(Math.abs(jumps - Math.round(jumps))).isLessThan(0.01);
    }

    @Test
    void negativeVolatilityIsRefused() {
        assertThatThrownBy(() -> diffusion(-0.1, 0, 0, 0, 1)).hasMessageContaining("volatilityPerYear");
    }

    private static List<String> ohlc(Candle c) {
        return java.util.stream.Stream.of(c.open(), c.high(), c.low(), c.close())
                .map(p -> p.stripTrailingZeros().toPlainString()).toList();
    }

    @Test
    void keyframeMinutesHaveNoWickAndOpenAtThePreviousClose() {
        Keyframes path = keyframes(0, "60000", 2, "59000", 4, "59500");

        Candle first = path.candleAt(0, START);
        Candle falling = path.candleAt(1, START.plusSeconds(60));
        Candle rising = path.candleAt(3, START.plusSeconds(180));

        assertThat(List.of(first.open(), first.high(), first.low(), first.close()))
                .allSatisfy(p -> assertThat(p).isEqualByComparingTo("60000"));
        assertThat(falling.openTime()).isEqualTo(START.plusSeconds(60));
        assertThat(ohlc(falling)).containsExactly("60000", "60000", "59500", "59500");
        assertThat(ohlc(rising)).containsExactly("59000", "59250", "59000", "59250");
    }

    @Test
    void jumpDiffusionWicksContainEveryMinutesOpenAndCloseAndAreWholeTicks() {
        JumpDiffusion path = diffusion(0.9, 18, -0.03, 0.02, 7);

        for (int minute = 0; minute <= 300; minute++) {
            Candle candle = path.candleAt(minute, START.plusSeconds(60L * minute));
            assertThat(candle.close()).isEqualByComparingTo(path.priceAt(minute));
            assertThat(candle.open()).isEqualByComparingTo(path.priceAt(Math.max(0, minute - 1)));
            assertThat(candle.high().remainder(TICK)).isZero();
            assertThat(candle.low().remainder(TICK)).isZero();
            assertThat(candle.low()).isPositive();
        }
    }

    @Test
    void jumpDiffusionWicksAreSeededAndLeaveTheClosesAsTheyWere() {
        JumpDiffusion one = diffusion(0.9, 18, -0.03, 0.02, 7);
        JumpDiffusion same = diffusion(0.9, 18, -0.03, 0.02, 7);

        // Asked in another order: a lazily generated path must not depend on it.
        Candle late = same.candleAt(200, START);
        assertThat(one.candleAt(200, START)).isEqualTo(late);
        assertThat(one.priceAt(135)).isEqualByComparingTo("53797.8");
        assertThat(one.candleAt(135, START).low()).isLessThan(one.candleAt(135, START).close());
    }

    @Test
    void jumpDiffusionWicksAreAsWideAsItsVolatilityMakesAMinute() {
        // A Brownian bridge over one minute at 80 % a year: high and low about 0.75 σ√dt beyond the
        // open and the close on each side, so ln(high ÷ low) averages about 1.5 σ√dt = 0.0017.
        JumpDiffusion path = new JumpDiffusion(new BigDecimal("60000"), 0, 0.8, 0, 0, 0, 11, new BigDecimal("0.0001"));
        int minutes = 20_000;
        double range = 0;
        double body = 0;
        for (int minute = 1; minute <= minutes; minute++) {
            Candle c = path.candleAt(minute, START);
            range += Math.log(c.high().doubleValue() / c.low().doubleValue());
            body += Math.abs(Math.log(c.close().doubleValue() / c.open().doubleValue()));
        }
        double perMinute = 0.8 / Math.sqrt(525_600);

        assertThat(range / minutes).isBetween(1.2 * perMinute, 1.9 * perMinute);
        assertThat(range).isGreaterThan(body * 1.5);
    }
}
