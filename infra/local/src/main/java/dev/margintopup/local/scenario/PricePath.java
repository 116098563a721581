package dev.margintopup.local.scenario;

import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The mark price of the scenario's symbol, minute by minute. Deterministic: the same path
 * gives the same price (and the same candle) for the same minute, every run, on every machine.
 */
public sealed interface PricePath permits Keyframes, JumpDiffusion, CandleReplay {

    /** The mark at {@code minute} (0 is the scenario's start), a whole number of ticks: the minute's close. */
    BigDecimal priceAt(int minute);

    /**
     * The whole of {@code minute}: where the mark opened, how high and low it went, and its close
     * {@link #priceAt}. The paper venue liquidates at the extremes, as real venues do. By default
     * a minute has no wick: it opens at the previous minute's close (minute 0 at its own) and
     * moves straight to its close.
     */
    default Candle candleAt(int minute, Instant openTime) {
        BigDecimal close = priceAt(minute);
        BigDecimal open = minute == 0 ? close : priceAt(minute - 1);
        return new Candle(openTime, open, open.max(close), open.min(close), close);
    }

    /** The symbol's price increment; every price is a multiple of it. */
    BigDecimal tick();

    /**
     * The mark {@code into} a minute, between two of the path's minutes: the straight line from
     * {@link #priceAt}({@code minute}) to the next minute's price, on the tick. A checker polling inside
     * its watch band sees the market move between minutes; the liquidation engine sees every such price.
     */
    default BigDecimal priceBetween(int minute, java.time.Duration into) {
        BigDecimal from = priceAt(minute);
        BigDecimal to = priceAt(minute + 1);
        BigDecimal fraction = BigDecimal.valueOf(Math.min(Math.max(into.toMillis(), 0), 60_000))
                .divide(BigDecimal.valueOf(60_000), 6, RoundingMode.HALF_UP);
        return roundToTick(from.add(to.subtract(from).multiply(fraction)), tick());
    }

    /** {@code price} rounded half up to a whole number of {@code tick}s. */
    static BigDecimal roundToTick(BigDecimal price, BigDecimal tick) {
        return price.divide(tick, 0, RoundingMode.HALF_UP).multiply(tick);
    }
}
