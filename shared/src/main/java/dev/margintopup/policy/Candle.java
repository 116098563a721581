package dev.margintopup.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One bar of a symbol's price history (one minute unless said otherwise), as venues' public
 * kline endpoints and their exported files give it. The high and low matter: a wick can
 * liquidate a position that every close would have kept alive.
 */
public record Candle(Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {

    public Candle {
        Objects.requireNonNull(openTime, "openTime");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        if (low.signum() <= 0) {
            throw new IllegalArgumentException("low must be positive, was " + low);
        }
        if (high.compareTo(low) < 0 || high.compareTo(open.max(close)) < 0 || low.compareTo(open.min(close)) > 0) {
            throw new IllegalArgumentException("a candle's high must be its highest price and its low its lowest: "
                    + "open " + open + ", high " + high + ", low " + low + ", close " + close);
        }
    }
}
