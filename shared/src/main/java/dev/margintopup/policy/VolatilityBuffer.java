package dev.margintopup.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The adverse move the market makes plausible before protection can act again, from recent
 * one-minute candles: {@code k × σ × √h}, where {@code h} is the minutes until the account is
 * looked at again plus the transfer's latency, and σ the volatility per minute, the larger of two
 * estimates:
 *
 * <ul>
 *   <li>close to close: the root mean square of the one-minute log returns (zero mean, so a trend
 *       counts as risk too; a gap between candles shows here);
 *   <li>high to low (Parkinson): {@code √(mean(ln(high ÷ low)²) ÷ (4 ln 2))}, which sees the wicks
 *       that every close hides.
 * </ul>
 *
 * <p>Each estimate leaves out the largest of its squares ({@link #LARGEST_LEFT_OUT}), and each is
 * taken twice: over the whole look-back and over the last {@link #CLUSTER_MINUTES} candles; the
 * larger counts. One wick or gap is not a volatile market: left in, it held the buffer (and with
 * it the widened trigger and target) high for the whole look-back after the market had calmed,
 * and the move side topped up more than the fixed ratios right after the danger had passed
 * (decision 0031). Moves that cluster are: two large candles within the last few minutes survive
 * the trimming of the short window at once, where the long one would dilute them, so the onset of
 * a wick or a staircase still widens protection while it goes on.
 *
 * <p>Why not the largest recent range as a floor: one gap candle would then hold the buffer at
 * its size for the whole look-back after the market has calmed, and every check in that time
 * would top up again (over-collateralising, and churning in whipsaw).
 *
 * <p>The policy keeps the larger of this and the configured move, so volatility only ever widens
 * protection. Scaling every return and range up never lowers the buffer. σ is a statistic,
 * computed in doubles; the result is rounded up to six decimals.
 */
public final class VolatilityBuffer {

    /**
     * From a decision to margin at the venue: the bus, the transfer function, the venue's answer.
     * A few seconds at the 99th percentile; this is several times that.
     */
    public static final Duration TRANSFER_LATENCY = Duration.ofSeconds(15);

    /** How many of the largest squared returns (and ranges) each estimate leaves out: one wick is not a regime. */
    public static final int LARGEST_LEFT_OUT = 1;

    /** The short window whose candles tell moves that cluster from one that stands alone. */
    public static final int CLUSTER_MINUTES = 5;

    private static final double FOUR_LN_2 = 4 * Math.log(2);

    private VolatilityBuffer() {}

    /**
     * The buffer as a fraction of the price (0.012 = 1.2 %), zero without candles.
     *
     * @param candles recent one-minute candles, oldest first
     * @param multiple {@code k}: how many standard deviations of the expected move to cover
     * @param horizon how long until protection can act again after this check ({@link #horizon})
     */
    public static BigDecimal move(List<Candle> candles, BigDecimal multiple, Duration horizon) {
        Objects.requireNonNull(candles, "candles");
        Objects.requireNonNull(multiple, "multiple");
        Objects.requireNonNull(horizon, "horizon");
        if (multiple.signum() < 0 || horizon.isNegative()) {
            throw new IllegalArgumentException("multiple and horizon are not negative, were " + multiple.toPlainString()
                    + " and " + horizon);
        }
        double sigma = sigma(candles);
        if (candles.size() > CLUSTER_MINUTES) {
            sigma = Math.max(sigma, sigma(candles.subList(candles.size() - CLUSTER_MINUTES, candles.size())));
        }
        double minutes = horizon.toMillis() / 60_000.0;
        double expected = multiple.doubleValue() * sigma * Math.sqrt(minutes);
        if (!Double.isFinite(expected)) {
            return MoveProtection.MAX_MOVE;
        }
        return new BigDecimal(expected).setScale(6, RoundingMode.CEILING).min(MoveProtection.MAX_MOVE);
    }

    /**
     * The largest move of the last two candles (the one forming and the one before it), as a
     * fraction of the price: each candle's high over its low, and its close against the close before.
     * Unlike the buffer it leaves nothing out: it is the market's pace right now. A top-up never buys
     * less room above the trigger than this (decision 0036): the next top-up lands no sooner than a
     * cooldown later, and the onset of a wick is one large candle the trimmed estimates leave out.
     * Zero without candles; rounded up to six decimals, at most {@link MoveProtection#MAX_MOVE}.
     */
    public static BigDecimal lastMinuteMove(List<Candle> candles) {
        Objects.requireNonNull(candles, "candles");
        BigDecimal largest = BigDecimal.ZERO;
        for (int i = Math.max(0, candles.size() - 2); i < candles.size(); i++) {
            Candle candle = candles.get(i);
            largest = largest.max(candle.high().subtract(candle.low()).divide(candle.low(), 6, RoundingMode.CEILING));
            if (i > 0) {
                BigDecimal before = candles.get(i - 1).close();
                largest = largest.max(candle.close().subtract(before).abs().divide(before, 6, RoundingMode.CEILING));
            }
        }
        return largest.min(MoveProtection.MAX_MOVE);
    }

    /** Until the account is looked at again ({@code nextLook}), plus {@link #TRANSFER_LATENCY}. */
    public static Duration horizon(Duration nextLook) {
        return nextLook.plus(TRANSFER_LATENCY);
    }

    /** The larger of the two estimates over {@code candles}. */
    private static double sigma(List<Candle> candles) {
        return Math.max(closeToCloseSigma(candles), highLowSigma(candles));
    }

    /** Root mean square of the one-minute log returns between closes, the largest left out. */
    private static double closeToCloseSigma(List<Candle> candles) {
        if (candles.size() < 2) {
            return 0;
        }
        double[] squares = new double[candles.size() - 1];
        for (int i = 1; i < candles.size(); i++) {
            double ret = Math.log(candles.get(i).close().doubleValue() / candles.get(i - 1).close().doubleValue());
            squares[i - 1] = ret * ret;
        }
        return Math.sqrt(trimmedMean(squares));
    }

    /** Parkinson's estimator from each candle's high and low, the largest range left out. */
    private static double highLowSigma(List<Candle> candles) {
        if (candles.isEmpty()) {
            return 0;
        }
        double[] squares = new double[candles.size()];
        for (int i = 0; i < candles.size(); i++) {
            double range = Math.log(candles.get(i).high().doubleValue() / candles.get(i).low().doubleValue());
            squares[i] = range * range;
        }
        return Math.sqrt(trimmedMean(squares) / FOUR_LN_2);
    }

    /**
     * The mean of {@code squares} without the {@link #LARGEST_LEFT_OUT} largest; with no more
     * values than that, the mean of them all (a single candle is all there is to go by).
     */
    private static double trimmedMean(double[] squares) {
        double[] sorted = squares.clone();
        Arrays.sort(sorted);
        int kept = sorted.length > LARGEST_LEFT_OUT ? sorted.length - LARGEST_LEFT_OUT : sorted.length;
        double sum = 0;
        for (int i = 0; i < kept; i++) {
            sum += sorted[i];
        }
        return sum / kept;
    }
}
