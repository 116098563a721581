package dev.margintopup.local.scenario;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A price path from geometric Brownian motion with Poisson jumps (Merton's jump diffusion),
 * stepped once a minute from a seeded {@link SplittableRandom}: the same parameters and seed
 * always give the same path.
 *
 * <p>Units: drift and volatility are <b>per year</b> of 365 days (crypto trades around the
 * clock: 525,600 minutes), as volatilities are quoted (0.8 is 80 % a year, about 4.2 % a day).
 * Jumps arrive at {@code jumpsPerDay} on average; each multiplies the price by
 * {@code exp(J)} with J normal of mean {@code jumpMean} and standard deviation {@code jumpStd}
 * (−0.03 is a 3 % drop). Each minute:
 * {@code log S += (drift − vol²/2)·dt + vol·√dt·Z + Σ J}, with {@code dt = 1/525600}. The drift
 * is the diffusion's only: jumps are not compensated, so a negative jump mean pulls the path down.
 *
 * <p>Normal draws use Box–Muller and {@link StrictMath}, so the path does not depend on the JDK's
 * own Gaussian algorithm or on the processor.
 */
public final class JumpDiffusion implements PricePath {

    static final double MINUTES_PER_YEAR = 365 * 24 * 60;
    private static final double DT = 1 / MINUTES_PER_YEAR;

    private final BigDecimal start;
    private final double driftPerYear;
    private final double volatilityPerYear;
    private final double jumpsPerDay;
    private final double jumpMean;
    private final double jumpStd;
    private final long seed;
    private final BigDecimal tick;

    // Generated lazily and kept: a minute's price depends on every minute before it.
    private final SplittableRandom random;
    private double logPrice;
    private BigDecimal[] prices = new BigDecimal[0];

    public JumpDiffusion(BigDecimal start, double driftPerYear, double volatilityPerYear, double jumpsPerDay,
            double jumpMean, double jumpStd, long seed, BigDecimal tick) {
        this.start = Objects.requireNonNull(start, "start");
        this.tick = Objects.requireNonNull(tick, "tick");
        if (start.signum() <= 0) {
            throw new IllegalArgumentException("start must be positive, was " + start.toPlainString());
        }
        if (tick.signum() <= 0) {
            throw new IllegalArgumentException("tick must be positive, was " + tick.toPlainString());
        }
        requireFinite(driftPerYear, "driftPerYear");
        requireFinite(jumpMean, "jumpMean");
        requireNotNegative(volatilityPerYear, "volatilityPerYear");
        requireNotNegative(jumpsPerDay, "jumpsPerDay");
        requireNotNegative(jumpStd, "jumpStd");
        this.driftPerYear = driftPerYear;
        this.volatilityPerYear = volatilityPerYear;
        this.jumpsPerDay = jumpsPerDay;
        this.jumpMean = jumpMean;
        this.jumpStd = jumpStd;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.logPrice = StrictMath.log(start.doubleValue());
    }

    @Override
    public synchronized BigDecimal priceAt(int minute) {
        if (minute < 0) {
            throw new IllegalArgumentException("minute must not be negative, was " + minute);
        }
        if (minute >= prices.length) {
            extendTo(minute);
        }
        return prices[minute];
    }

    private void extendTo(int minute) {
        int from = prices.length;
        prices = Arrays.copyOf(prices, Math.max(minute + 1, from * 2));
        for (int m = from; m < prices.length; m++) {
            if (m > 0) {
                step();
            }
            prices[m] = m == 0
                    ? PricePath.roundToTick(start, tick)
                    : PricePath.roundToTick(BigDecimal.valueOf(StrictMath.exp(logPrice)), tick);
        }
    }

    private void step() {
        double diffusion = (driftPerYear - volatilityPerYear * volatilityPerYear / 2) * DT
                + volatilityPerYear * StrictMath.sqrt(DT) * gaussian();
        logPrice += diffusion;
        int jumps = poisson(jumpsPerDay / (24 * 60));
        for (int j = 0; j < jumps; j++) {
            logPrice += jumpMean + jumpStd * gaussian();
        }
    }

    private double gaussian() {
        double u1 = 1 - random.nextDouble(); // in (0, 1]: log(0) is not a number
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    /** Knuth's method: fine for the small rates of one minute. Always draws at least once. */
    private int poisson(double rate) {
        double limit = StrictMath.exp(-rate);
        int count = 0;
        double product = random.nextDouble();
        while (product > limit) {
            count++;
            product *= random.nextDouble();
        }
        return count;
    }

    public BigDecimal start() {
        return start;
    }

    public double driftPerYear() {
        return driftPerYear;
    }

    public double volatilityPerYear() {
        return volatilityPerYear;
    }

    public double jumpsPerDay() {
        return jumpsPerDay;
    }

    public double jumpMean() {
        return jumpMean;
    }

    public double jumpStd() {
        return jumpStd;
    }

    public long seed() {
        return seed;
    }

    @Override
    public BigDecimal tick() {
        return tick;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JumpDiffusion that
                && start.compareTo(that.start) == 0
                && Double.compare(driftPerYear, that.driftPerYear) == 0
                && Double.compare(volatilityPerYear, that.volatilityPerYear) == 0
                && Double.compare(jumpsPerDay, that.jumpsPerDay) == 0
                && Double.compare(jumpMean, that.jumpMean) == 0
                && Double.compare(jumpStd, that.jumpStd) == 0
                && seed == that.seed
                && tick.compareTo(that.tick) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(start.stripTrailingZeros(), driftPerYear, volatilityPerYear, jumpsPerDay, jumpMean,
                jumpStd, seed, tick.stripTrailingZeros());
    }

    @Override
    public String toString() {
        return "JumpDiffusion[start=" + start.toPlainString() + ", driftPerYear=" + driftPerYear
                + ", volatilityPerYear=" + volatilityPerYear + ", jumpsPerDay=" + jumpsPerDay + ", jumpMean="
                + jumpMean + ", jumpStd=" + jumpStd + ", seed=" + seed + ", tick=" + tick.toPlainString() + "]";
    }

    private static void requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
    }

    private static void requireNotNegative(double value, String name) {
        requireFinite(value, name);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
