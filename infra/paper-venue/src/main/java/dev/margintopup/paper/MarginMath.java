package dev.margintopup.paper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

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

    /** Notional at the mark × the rate of its tier − the tier's deduction (Binance's brackets). */
    static BigDecimal maintenance(PaperPosition position, BigDecimal mark) {
        BigDecimal notional = position.quantity().abs().multiply(mark);
        return MaintenanceTier.at(position.tiers(), notional).maintenance(notional);
    }

    /**
     * The mark at which the position's margin balance meets its maintenance, given the margin
     * that backs it (isolated margin, or the whole FUTURES balance for a lone cross position).
     * {@code null} when that price is not positive: the margin covers any fall, and venues show
     * no liquidation price then.
     *
     * <p>With tiers, maintenance depends on the notional at the liquidation price itself, so each
     * tier's equation is solved in turn and the answer is the root whose notional falls in the
     * tier that produced it. Where a schedule is not continuous at a bound, no root may fall in
     * its own tier; the price then uses the tier of the entry notional, an approximation.
     */
    static BigDecimal liquidationPrice(PaperPosition position, BigDecimal backingMargin) {
        List<MaintenanceTier> tiers = position.tiers();
        BigDecimal floor = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            MaintenanceTier tier = tiers.get(i);
            BigDecimal price = solve(position, backingMargin, tier);
            if (i == 0 && price.signum() <= 0) {
                // The lowest tier holds every small notional: nothing above zero liquidates.
                return null;
            }
            BigDecimal notional = position.quantity().multiply(price);
            if (notional.compareTo(floor) >= 0 && (tier.upTo() == null || notional.compareTo(tier.upTo()) <= 0)) {
                return price;
            }
            floor = tier.upTo();
        }
        BigDecimal price = solve(position, backingMargin,
                MaintenanceTier.at(tiers, position.quantity().multiply(position.entryPrice())));
        return price.signum() > 0 ? price : null;
    }

    /**
     * The root of {@code margin + pnl(P) = q·P·rate − deduction}: for a long
     * {@code (q·entry − margin − deduction) / (q·(1 − rate))}, for a short
     * {@code (q·entry + margin + deduction) / (q·(1 + rate))}.
     */
    private static BigDecimal solve(PaperPosition position, BigDecimal backingMargin, MaintenanceTier tier) {
        BigDecimal notional = position.entryPrice().multiply(position.quantity());
        return position.side() == Side.LONG
                ? notional.subtract(backingMargin).subtract(tier.deduction()).divide(
                        position.quantity().multiply(BigDecimal.ONE.subtract(tier.rate())),
                        PRICE_SCALE, RoundingMode.HALF_UP)
                : notional.add(backingMargin).add(tier.deduction()).divide(
                        position.quantity().multiply(BigDecimal.ONE.add(tier.rate())),
                        PRICE_SCALE, RoundingMode.HALF_UP);
    }

    /** The venue liquidates once maintenance reaches the margin balance: a margin ratio of 1 or more. */
    static boolean atLiquidation(BigDecimal marginBalance, BigDecimal maintenanceMargin) {
        return maintenanceMargin.compareTo(marginBalance) >= 0;
    }

    /**
     * The least margin balance an isolated position keeps when margin is taken out of it: its initial
     * margin at its leverage (notional at the mark ÷ leverage; none when no leverage was given), never
     * less than its maintenance, plus any unrealised profit, which stays in the position until it is
     * realised. The venue also refuses anything that leaves it at liquidation.
     */
    static BigDecimal marginToKeep(PaperPosition position, BigDecimal mark) {
        BigDecimal initial = position.leverage() == null ? BigDecimal.ZERO
                : position.quantity().abs().multiply(mark).divide(BigDecimal.valueOf(position.leverage()),
                        PaperPosition.MARGIN_SCALE, RoundingMode.UP);
        BigDecimal profit = unrealisedPnl(position, mark).max(BigDecimal.ZERO);
        return initial.max(maintenance(position, mark)).add(profit);
    }
}
