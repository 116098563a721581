package dev.margintopup.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What recent one-minute candles say about the market now, as fractions of the price: the move it
 * makes plausible before protection can act again ({@link VolatilityBuffer#move}), and the move it
 * made in its last minute ({@link VolatilityBuffer#lastMinuteMove}). Both zero when no candles were
 * read. Move settings use them only to widen protection (decisions 0031, 0034, 0036).
 */
public record MarketPace(BigDecimal buffer, BigDecimal lastMinute) {

    /** No candles read: the configured moves apply as they are. */
    public static final MarketPace CALM = new MarketPace(BigDecimal.ZERO, BigDecimal.ZERO);

    public MarketPace {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(lastMinute, "lastMinute");
        if (buffer.signum() < 0 || lastMinute.signum() < 0) {
            throw new IllegalArgumentException("market moves are not negative, were " + buffer.toPlainString()
                    + " and " + lastMinute.toPlainString());
        }
    }

    /** The buffer alone, as before the last minute's move was read. */
    public static MarketPace ofBuffer(BigDecimal buffer) {
        return new MarketPace(buffer, BigDecimal.ZERO);
    }

    /**
     * From {@code candles} (oldest first): the buffer of {@code multiple} standard deviations over
     * {@code horizon}, and the last minute's move. A multiple of zero turns both off.
     */
    public static MarketPace of(List<Candle> candles, BigDecimal multiple, Duration horizon) {
        if (multiple.signum() == 0) {
            return CALM;
        }
        return new MarketPace(VolatilityBuffer.move(candles, multiple, horizon), VolatilityBuffer.lastMinuteMove(candles));
    }

    /** The wider of each, for an account holding several symbols. */
    public MarketPace widest(MarketPace other) {
        return new MarketPace(buffer.max(other.buffer), lastMinute.max(other.lastMinute));
    }
}
