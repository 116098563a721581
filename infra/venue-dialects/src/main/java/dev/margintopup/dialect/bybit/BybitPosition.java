package dev.margintopup.dialect.bybit;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One linear position. In an isolated-margin account its {@code positionIM} is the margin put
 * up for it and add-margin raises it; in a cross account it is derived from the mark and leverage.
 */
public final class BybitPosition {

    final String symbol;
    final String side;
    final BigDecimal size;
    final BigDecimal avgPrice;
    final BigDecimal leverage;
    /** Maintenance margin rate of the position's risk tier. */
    final BigDecimal mmRate;
    final int positionIdx;
    BigDecimal isolatedMargin;
    BigDecimal markPrice;
    long updatedTime;

    private BybitPosition(String symbol, String side, String size, String avgPrice, String leverage, String mmRate,
            String isolatedMargin, int positionIdx) {
        this.symbol = symbol;
        this.side = side;
        this.size = new BigDecimal(size);
        this.avgPrice = new BigDecimal(avgPrice);
        this.leverage = new BigDecimal(leverage);
        this.mmRate = new BigDecimal(mmRate);
        this.positionIdx = positionIdx;
        this.isolatedMargin = isolatedMargin == null ? null : new BigDecimal(isolatedMargin);
        this.markPrice = this.avgPrice;
    }

    /** A one-way position whose margin is the cross account's. */
    public static BybitPosition cross(String symbol, String side, String size, String avgPrice, String leverage,
            String mmRate) {
        return new BybitPosition(symbol, requireSide(side), size, avgPrice, leverage, mmRate, null, 0);
    }

    /** One side of a hedge-mode symbol sharing the cross margin: positionIdx 1 for Buy, 2 for Sell. */
    public static BybitPosition hedge(String symbol, String side, String size, String avgPrice, String leverage,
            String mmRate) {
        return new BybitPosition(symbol, requireSide(side), size, avgPrice, leverage, mmRate, null,
                "Buy".equals(side) ? 1 : 2);
    }

    /** A one-way position with its own margin, in an isolated-margin account. */
    public static BybitPosition isolated(String symbol, String side, String size, String avgPrice, String leverage,
            String mmRate, String margin) {
        return new BybitPosition(symbol, requireSide(side), size, avgPrice, leverage, mmRate, margin, 0);
    }

    private static String requireSide(String side) {
        if (!"Buy".equals(side) && !"Sell".equals(side)) {
            throw new IllegalArgumentException("side is Buy or Sell, was " + side);
        }
        return side;
    }

    boolean isIsolated() {
        return isolatedMargin != null;
    }

    BigDecimal unrealisedPnl() {
        BigDecimal move = markPrice.subtract(avgPrice).multiply(size);
        return "Buy".equals(side) ? move : move.negate();
    }

    BigDecimal positionValue() {
        return markPrice.multiply(size);
    }

    BigDecimal positionIM() {
        return isIsolated() ? isolatedMargin : positionValue().divide(leverage, 8, RoundingMode.HALF_UP);
    }

    BigDecimal positionMM() {
        return positionValue().multiply(mmRate);
    }

    /**
     * The most a negative add-margin may take out of an isolated position: what stays, with any loss
     * counted and no unrealised profit taken, must cover the initial margin at the position's leverage
     * (and its maintenance).
     */
    BigDecimal removable() {
        BigDecimal initial = positionValue().divide(leverage, 8, RoundingMode.UP).max(positionMM());
        return isolatedMargin.add(unrealisedPnl().min(BigDecimal.ZERO)).subtract(initial).max(BigDecimal.ZERO);
    }

    /**
     * Isolated: the mark at which margin plus PnL meets maintenance. Empty for cross (Bybit's is an
     * estimate there) and when out of range.
     */
    String liqPrice() {
        if (!isIsolated() || size.signum() == 0) {
            return "";
        }
        BigDecimal perUnit = isolatedMargin.divide(size, 12, RoundingMode.HALF_UP);
        BigDecimal price = "Buy".equals(side)
                ? avgPrice.subtract(perUnit).divide(BigDecimal.ONE.subtract(mmRate), 2, RoundingMode.HALF_UP)
                : avgPrice.add(perUnit).divide(BigDecimal.ONE.add(mmRate), 2, RoundingMode.HALF_UP);
        return price.signum() > 0 ? price.toPlainString() : "";
    }
}
