package dev.margintopup.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The adverse move the market makes plausible before protection can act again, from recent
 * one-minute candles:
 * {@code max(k × σ × √h, the largest one-minute range)}, where σ is the realised volatility per
 * minute (root mean square of the log returns between closes), {@code h} the minutes until the
 * next check plus the transfer's latency, and a range {@code (high − low) ÷ low}.
 *
 * <p>The policy keeps the larger of this and the configured move, so volatility only ever widens
 * protection. Both terms grow with volatility: scaling every return and range up never lowers the
 * buffer. σ is a statistic, computed in doubles; the result is rounded up to six decimals.
 */
public final class VolatilityBuffer {

    /** From a decision to margin at the venue: the bus, the transfer function, the venue's answer. */
    public static final Duration TRANSFER_LATENCY = Duration.ofMinutes(1);

    private VolatilityBuffer() {}

    /**
     * The buffer as a fraction of the price (0.012 = 1.2 %), zero without candles.
     *
     * @param candles recent one-minute candles, oldest first
     * @param multiple {@code k}: how many standard deviations of the expected move to cover
     * @param horizon how long until protection can act again after this check
     */
    public static BigDecimal move(List<Candle> candles, BigDecimal multiple, Duration horizon) {
        Objects.requireNonNull(candles, "candles");
        Objects.requireNonNull(multiple, "multiple");
        Objects.requireNonNull(horizon, "horizon");
        if (multiple.signum() < 0 || horizon.isNegative()) {
            throw new IllegalArgumentException("multiple and horizon are not negative, were " + multiple.toPlainString()
                    + " and " + horizon);
        }
        BigDecimal range = largestRange(candles);
        double sigma = realisedSigmaPerMinute(candles);
        double minutes = horizon.toMillis() / 60_000.0;
        double expected = multiple.doubleValue() * sigma * Math.sqrt(minutes);
        BigDecimal diffusion = Double.isFinite(expected)
                ? new BigDecimal(expected).setScale(6, RoundingMode.CEILING)
                : MoveProtection.MAX_MOVE;
        return diffusion.max(range).min(MoveProtection.MAX_MOVE);
    }

    /** Minutes until the next scheduled check plus {@link #TRANSFER_LATENCY}. */
    public static Duration horizon(int checkRateMinutes) {
        return Duration.ofMinutes(checkRateMinutes).plus(TRANSFER_LATENCY);
    }

    private static BigDecimal largestRange(List<Candle> candles) {
        BigDecimal largest = BigDecimal.ZERO;
        for (Candle candle : candles) {
            BigDecimal range = candle.high().subtract(candle.low())
                    .divide(candle.low(), new MathContext(12, RoundingMode.CEILING));
            largest = largest.max(range.setScale(6, RoundingMode.CEILING));
        }
        return largest;
    }

    /** Root mean square of the one-minute log returns: zero-mean, so a trend counts as risk too. */
    private static double realisedSigmaPerMinute(List<Candle> candles) {
        if (candles.size() < 2) {
            return 0;
        }
        double sumOfSquares = 0;
        for (int i = 1; i < candles.size(); i++) {
            double ret = Math.log(candles.get(i).close().doubleValue() / candles.get(i - 1).close().doubleValue());
            sumOfSquares += ret * ret;
        }
        return Math.sqrt(sumOfSquares / (candles.size() - 1));
    }
}
