package dev.margintopup.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One open position as the venue reports it: what move-based protection needs to compute how
 * far the market may move before the venue liquidates, and how much margin survives a given move.
 *
 * @param symbol the contract, e.g. {@code BTCUSDT}
 * @param side long or short (a hedge-mode venue reports each side as its own position)
 * @param size the position's size in the base asset, always positive
 * @param markPrice the venue's mark price for the symbol
 * @param maintenanceMargin what the venue holds as maintenance margin for this position now (its
 *     tier's rate × notional − the tier's deduction, as the venue computes it)
 * @param liquidationPrice the venue's liquidation price, or {@code null} where it gives none
 */
public record Position(
        String symbol,
        Side side,
        BigDecimal size,
        BigDecimal markPrice,
        BigDecimal maintenanceMargin,
        BigDecimal liquidationPrice) {

    public enum Side {
        LONG,
        SHORT
    }

    public Position {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(markPrice, "markPrice");
        Objects.requireNonNull(maintenanceMargin, "maintenanceMargin");
        if (size.signum() <= 0) {
            throw new IllegalArgumentException("size must be positive, was " + size);
        }
        if (markPrice.signum() <= 0) {
            throw new IllegalArgumentException("markPrice must be positive, was " + markPrice);
        }
        if (maintenanceMargin.signum() < 0) {
            throw new IllegalArgumentException("maintenanceMargin must not be negative, was " + maintenanceMargin);
        }
    }

    /** size × mark: what the position is worth at the mark price. */
    public BigDecimal notional() {
        return size.multiply(markPrice);
    }
}
