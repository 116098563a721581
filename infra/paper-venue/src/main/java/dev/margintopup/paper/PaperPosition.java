package dev.margintopup.paper;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One open linear perpetual position.
 *
 * @param quantity size in the base asset, always positive; {@code side} gives the direction
 * @param isolatedMargin margin set aside for an isolated position; {@code null} for a cross one
 * @param maintenanceRate share of the notional the venue keeps as maintenance margin, e.g. 0.005
 */
public record PaperPosition(
        String symbol,
        Side side,
        BigDecimal quantity,
        BigDecimal entryPrice,
        MarginType marginType,
        BigDecimal isolatedMargin,
        BigDecimal maintenanceRate) {

    /**
     * Quote assets, longest first so that {@code BTCUSDT} settles in USDT rather than USD. A
     * linear contract is margined in the asset it is quoted in, which lets one account hold
     * positions in several collateral assets without a separate field per position.
     */
    private static final List<String> QUOTE_ASSETS = List.of("FDUSD", "USDT", "USDC", "BUSD", "USD", "BTC", "ETH");

    public PaperPosition {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(marginType, "marginType");
        requirePositive(quantity, "quantity");
        requirePositive(entryPrice, "entryPrice");
        Objects.requireNonNull(maintenanceRate, "maintenanceRate");
        if (maintenanceRate.signum() < 0 || maintenanceRate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("maintenanceRate must be in [0, 1), was " + maintenanceRate);
        }
        if (marginType == MarginType.ISOLATED) {
            Objects.requireNonNull(isolatedMargin, "isolatedMargin of an isolated position");
            if (isolatedMargin.signum() < 0) {
                throw new IllegalArgumentException("isolatedMargin must not be negative, was " + isolatedMargin);
            }
        } else if (isolatedMargin != null) {
            throw new IllegalArgumentException("a cross position has no isolated margin");
        }
        marginAssetOf(symbol);
    }

    public static PaperPosition cross(
            String symbol, Side side, String quantity, String entryPrice, String maintenanceRate) {
        return new PaperPosition(symbol, side, new BigDecimal(quantity), new BigDecimal(entryPrice),
                MarginType.CROSS, null, new BigDecimal(maintenanceRate));
    }

    public static PaperPosition isolated(
            String symbol, Side side, String quantity, String entryPrice, String isolatedMargin,
            String maintenanceRate) {
        return new PaperPosition(symbol, side, new BigDecimal(quantity), new BigDecimal(entryPrice),
                MarginType.ISOLATED, new BigDecimal(isolatedMargin), new BigDecimal(maintenanceRate));
    }

    /** The collateral asset this position is margined in: the asset its symbol is quoted in. */
    public String marginAsset() {
        return marginAssetOf(symbol);
    }

    PaperPosition withIsolatedMargin(BigDecimal margin) {
        return new PaperPosition(symbol, side, quantity, entryPrice, marginType, margin, maintenanceRate);
    }

    static String marginAssetOf(String symbol) {
        for (String quote : QUOTE_ASSETS) {
            if (symbol.length() > quote.length() && symbol.endsWith(quote)) {
                return quote;
            }
        }
        throw new IllegalArgumentException(
                "cannot tell which asset " + symbol + " is margined in; quote it in one of " + QUOTE_ASSETS);
    }

    private static void requirePositive(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
