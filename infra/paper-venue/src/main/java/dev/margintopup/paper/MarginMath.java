package dev.margintopup.paper;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Linear-contract margin arithmetic, the way the big derivatives venues document it. */
final class MarginMath {

    /** Prices carry eight decimals, like the venues' own liquidation prices. */
    static final int PRICE_SCALE = 8;

    private MarginMath() {}

    static BigDecimal unrealisedPnl(PaperPosition position, BigDecimal mark) {
        BigDecimal move = position.side() == Side.LONG
                ? mark.subtract(position.entryPrice())
                : position.entryPrice().subtract(mark);
        return position.quantity().multiply(move);
    }

    static BigDecimal maintenance(PaperPosition position, BigDecimal mark) {
        return position.quantity().abs().multiply(mark).multiply(position.maintenanceRate());
    }

    /**
     * The mark at which the position's margin balance meets its maintenance, given the margin
     * that backs it (isolated margin, or the whole FUTURES balance for a lone cross position).
     * {@code null} when that price is not positive: the margin covers any fall, and venues show
     * no liquidation price then.
     */
    static BigDecimal liquidationPrice(PaperPosition position, BigDecimal backingMargin) {
        BigDecimal notional = position.entryPrice().multiply(position.quantity());
        BigDecimal price = position.side() == Side.LONG
                ? notional.subtract(backingMargin).divide(
                        position.quantity().multiply(BigDecimal.ONE.subtract(position.maintenanceRate())),
                        PRICE_SCALE, RoundingMode.HALF_UP)
                : notional.add(backingMargin).divide(
                        position.quantity().multiply(BigDecimal.ONE.add(position.maintenanceRate())),
                        PRICE_SCALE, RoundingMode.HALF_UP);
        return price.signum() > 0 ? price : null;
    }

    /** The venue liquidates once maintenance reaches the margin balance: a margin ratio of 1 or more. */
    static boolean atLiquidation(BigDecimal marginBalance, BigDecimal maintenanceMargin) {
        return maintenanceMargin.compareTo(marginBalance) >= 0;
    }
}
