package dev.margintopup.local.backtest;

import dev.margintopup.paper.PaperPosition;
import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The least collateral that would have kept one position alive on a path, known only in
 * hindsight: the yardstick a protection policy's top-ups are measured against.
 *
 * <p>A top-up adds to the margin balance one for one and is never taken back, so whatever was
 * added by a moment is at most what was added in all; the least total that survives the path is
 * therefore the largest shortfall {@code maintenance(P) − (margin + pnl(P))} at any price P the
 * path touched, plus one transfer step (the venue liquidates once maintenance <em>reaches</em>
 * the margin balance). Within a minute the price runs through every value between the candle's
 * low and high; the shortfall is monotone in the price (maintenance grows by at most the tier
 * rate per unit of notional, below 1, while the pnl moves one for one), so the low and the high
 * are the only prices of a minute that can bind. Tiers are the venue's own
 * ({@link PaperPosition#maintenance}).
 */
public final class HindsightOptimum {

    /**
     * @param amount the least collateral, a whole number of transfer steps; zero when the position
     *     survives the path on its own margin
     * @param bindingMinute the minute whose price needed the most (the first such), or -1 for an
     *     empty path
     * @param bindingPrice the price that needed it, or {@code null} for an empty path
     */
    public record Optimum(BigDecimal amount, int bindingMinute, BigDecimal bindingPrice) {

        public Optimum {
            Objects.requireNonNull(amount, "amount");
        }
    }

    private HindsightOptimum() {}

    /**
     * @param position the one position, with its maintenance tiers
     * @param margin what backs it at the start: the FUTURES balance of a cross account, the
     *     isolated margin of an isolated position
     * @param minutes the path, one candle per minute; its low and high are the extremes it reached
     * @param step the venue's transfer step; the answer is rounded up to it
     */
    public static Optimum of(PaperPosition position, BigDecimal margin, List<Candle> minutes, BigDecimal step) {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(step, "step");
        if (step.signum() <= 0) {
            throw new IllegalArgumentException("step must be positive, was " + step.toPlainString());
        }
        BigDecimal worst = null;
        int worstMinute = -1;
        BigDecimal worstPrice = null;
        for (int m = 0; m < minutes.size(); m++) {
            Candle candle = minutes.get(m);
            for (BigDecimal price : List.of(candle.low(), candle.high())) {
                BigDecimal need = shortfall(position, margin, price);
                if (worst == null || need.compareTo(worst) > 0) {
                    worst = need;
                    worstMinute = m;
                    worstPrice = price;
                }
            }
        }
        if (worst == null) {
            return new Optimum(BigDecimal.ZERO, -1, null);
        }
        return new Optimum(justAbove(worst, step), worstMinute, worstPrice);
    }

    /** What the margin lacks at {@code price}: maintenance − (margin + pnl); negative while it holds. */
    static BigDecimal shortfall(PaperPosition position, BigDecimal margin, BigDecimal price) {
        return position.maintenance(price).subtract(margin.add(position.unrealisedPnl(price)));
    }

    /** The least whole number of steps strictly above {@code need}, zero when {@code need} is negative. */
    private static BigDecimal justAbove(BigDecimal need, BigDecimal step) {
        if (need.signum() < 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal steps = need.divide(step, 0, RoundingMode.FLOOR).add(BigDecimal.ONE);
        return steps.multiply(step).stripTrailingZeros();
    }
}
