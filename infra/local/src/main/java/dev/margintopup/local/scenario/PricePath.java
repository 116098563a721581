package dev.margintopup.local.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The mark price of the scenario's symbol, minute by minute. Deterministic: the same path
 * gives the same price for the same minute, every run, on every machine.
 */
public sealed interface PricePath permits Keyframes, JumpDiffusion {

    /** The mark at {@code minute} (0 is the scenario's start), a whole number of ticks. */
    BigDecimal priceAt(int minute);

    /** The symbol's price increment; every price is a multiple of it. */
    BigDecimal tick();

    /** {@code price} rounded half up to a whole number of {@code tick}s. */
    static BigDecimal roundToTick(BigDecimal price, BigDecimal tick) {
        return price.divide(tick, 0, RoundingMode.HALF_UP).multiply(tick);
    }
}
