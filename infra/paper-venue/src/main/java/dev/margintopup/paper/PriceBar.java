package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One minute of a symbol's mark: where it opened, the highest and lowest it went, where it closed.
 * A real venue's liquidation engine watches the mark all minute long, so a wick that touches a
 * liquidation price closes the position even when the minute closes far from it.
 *
 * @param openTime the start of the minute, whole minutes only
 */
public record PriceBar(Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {

    public static final Duration INTERVAL = Duration.ofMinutes(1);

    public PriceBar {
        Objects.requireNonNull(openTime, "openTime");
        requirePositive(open, "open");
        requirePositive(high, "high");
        requirePositive(low, "low");
        requirePositive(close, "close");
        if (!openTime.truncatedTo(ChronoUnit.MINUTES).equals(openTime)) {
            throw new IllegalArgumentException("openTime must be the start of a minute, was " + openTime);
        }
        if (high.compareTo(open.max(close)) < 0) {
            throw new IllegalArgumentException("high " + high.toPlainString() + " is below the open "
                    + open.toPlainString() + " or the close " + close.toPlainString());
        }
        if (low.compareTo(open.min(close)) > 0) {
            throw new IllegalArgumentException("low " + low.toPlainString() + " is above the open "
                    + open.toPlainString() + " or the close " + close.toPlainString());
        }
    }

    /** A minute in which the mark was only ever {@code price}: what a close-only price update is. */
    public static PriceBar flat(Instant openTime, BigDecimal price) {
        return new PriceBar(openTime, price, price, price, price);
    }

    /**
     * The marks the liquidation engine passes through, in order: the open, the extreme nearer the
     * open, the other extreme, the close (equal neighbours once). When both extremes are equally
     * far from the open the low comes first, the harder case for the long positions most
     * scenarios hold. The order matters only for what is recorded first; a position liquidated at
     * either extreme is liquidated either way.
     */
    public List<BigDecimal> markPath() {
        boolean lowFirst = open.subtract(low).compareTo(high.subtract(open)) <= 0;
        List<BigDecimal> path = new ArrayList<>(4);
        for (BigDecimal mark : lowFirst ? List.of(open, low, high, close) : List.of(open, high, low, close)) {
            if (path.isEmpty() || path.getLast().compareTo(mark) != 0) {
                path.add(mark);
            }
        }
        return path;
    }

    /** This minute with {@code later} seen after it: the first open, the widest range, the last close. */
    PriceBar merge(PriceBar later) {
        return new PriceBar(openTime, open, high.max(later.high), low.min(later.low), later.close);
    }

    private static void requirePositive(BigDecimal value, String field) {
        Objects.requireNonNull(value, field);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value.toPlainString());
        }
    }
}
