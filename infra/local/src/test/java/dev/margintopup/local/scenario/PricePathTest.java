package dev.margintopup.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricePathTest {

    private static final BigDecimal TICK = new BigDecimal("0.1");

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
}
