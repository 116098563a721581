package dev.margintopup.local.scenario;

import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
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
 *
 * <p><b>Wicks.</b> Each minute's high and low are drawn as the maximum and the minimum of a
 * Brownian bridge from the minute's open (the previous close) to its close with the path's
 * volatility: in log price, {@code (a + b ± √((b − a)² − 2σ²·dt·ln U)) / 2} with U uniform, one draw
 * each, rounded outwards to the tick. They come from their own random stream (seeded with
 * {@code seed} and a fixed salt), so the closes are exactly those of a path without wicks. A
 * minute with a jump gets the bridge of its whole move; where inside the minute the jump fell is
 * not modelled.
 */
public final class JumpDiffusion implements PricePath {

    static final double MINUTES_PER_YEAR = 365 * 24 * 60;
    private static final double DT = 1 / MINUTES_PER_YEAR;
    /** Keeps the wick stream apart from the closes' stream of the same seed. */
    private static final long WICK_SALT = 0x57494b5357494b53L;

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
    private final SplittableRandom wickRandom;
    private double logPrice;
    private BigDecimal[] prices = new BigDecimal[0];
    private BigDecimal[] highs = new BigDecimal[0];
    private BigDecimal[] lows = new BigDecimal[0];

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
        this.wickRandom = new SplittableRandom(seed ^ WICK_SALT);
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

    @Override
    public synchronized Candle candleAt(int minute, Instant openTime) {
        BigDecimal close = priceAt(minute);
        BigDecimal open = minute == 0 ? close : prices[minute - 1];
        return new Candle(openTime, open, highs[minute], lows[minute], close);
    }

    private void extendTo(int minute) {
        int from = prices.length;
        int size = Math.max(minute + 1, from * 2);
        prices = Arrays.copyOf(prices, size);
        highs = Arrays.copyOf(highs, size);
        lows = Arrays.copyOf(lows, size);
        for (int m = from; m < size; m++) {
            if (m > 0) {
                step();
            }
            prices[m] = m == 0
                    ? PricePath.roundToTick(start, tick)
                    : PricePath.roundToTick(BigDecimal.valueOf(StrictMath.exp(logPrice)), tick);
            wicks(m);
        }
    }

    /** The bridge's extremes from the previous close to this one; minute 0 has no move and no wick. */
    private void wicks(int m) {
        BigDecimal close = prices[m];
        BigDecimal open = m == 0 ? close : prices[m - 1];
        if (m == 0) {
            highs[m] = close;
            lows[m] = close;
            return;
        }
        double a = StrictMath.log(open.doubleValue());
        double b = StrictMath.log(close.doubleValue());
        double variance = volatilityPerYear * volatilityPerYear * DT;
        double spreadUp = StrictMath.sqrt((b - a) * (b - a) - 2 * variance * StrictMath.log(1 - wickRandom.nextDouble()));
        double spreadDown = StrictMath.sqrt((b - a) * (b - a) - 2 * variance * StrictMath.log(1 - wickRandom.nextDouble()));
        BigDecimal high = outward(StrictMath.exp((a + b + spreadUp) / 2), RoundingMode.CEILING);
        BigDecimal low = outward(StrictMath.exp((a + b - spreadDown) / 2), RoundingMode.FLOOR);
        highs[m] = high.max(open).max(close);
        lows[m] = low.signum() > 0 ? low.min(open).min(close) : open.min(close);
    }

    private BigDecimal outward(double price, RoundingMode mode) {
        return BigDecimal.valueOf(price).divide(tick, 0, mode).multiply(tick);
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
