package dev.margintopup.venue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * How a position that vanished ended, as far as the venue's own records say.
 *
 * @param how liquidated by the venue, closed by its owner, or not something the venue can tell
 * @param symbol the symbol the venue names, {@code null} when it names none
 * @param price the price it ended at (the liquidation's mark), {@code null} when not given
 * @param at when it ended, {@code null} when not given
 */
public record PositionEnd(How how, String symbol, BigDecimal price, Instant at) {

    public enum How {
        /** The venue's records show it liquidated the position. */
        LIQUIDATED,
        /** The venue's records are complete and show no liquidation: the owner closed it. */
        CLOSED,
        /** The venue keeps no record this product can read in one request. */
        UNKNOWN
    }

    public PositionEnd {
        Objects.requireNonNull(how, "how");
    }

    public static PositionEnd unknown() {
        return new PositionEnd(How.UNKNOWN, null, null, null);
    }
}
