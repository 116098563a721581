package dev.margintopup.paper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * One open linear perpetual position.
 *
 * @param quantity size in the base asset, always positive; {@code side} gives the direction
 * @param isolatedMargin margin set aside for an isolated position; {@code null} for a cross one.
 *     An isolated position given a leverage but no margin starts with the initial margin
 *     {@code entry notional ÷ leverage}.
 * @param tiers the maintenance-margin schedule by notional, lowest bracket first; one unbounded
 *     tier for a single rate
 * @param leverage the leverage the position was opened with, 1 to 125; {@code null} when not
 *     given. Informational, except that it sizes an isolated position's margin when none is given.
 */
public record PaperPosition(
        String symbol,
        Side side,
        BigDecimal quantity,
        BigDecimal entryPrice,
        MarginType marginType,
        BigDecimal isolatedMargin,
        List<MaintenanceTier> tiers,
        Integer leverage) {

    public static final int MAX_LEVERAGE = 125;

    /**
     * Quote assets, longest first so that {@code BTCUSDT} settles in USDT rather than USD. A
     * linear contract is margined in the asset it is quoted in, which lets one account hold
     * positions in several collateral assets without a separate field per position.
     */
    private static final List<String> QUOTE_ASSETS = List.of("FDUSD", "USDT", "USDC", "BUSD", "USD", "BTC", "ETH");

    /** Initial margin carries eight decimals; the venue's own balances are never finer. */
    static final int MARGIN_SCALE = 8;

    public PaperPosition {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(marginType, "marginType");
        requirePositive(quantity, "quantity");
        requirePositive(entryPrice, "entryPrice");
        tiers = MaintenanceTier.schedule(tiers);
        if (leverage != null && (leverage < 1 || leverage > MAX_LEVERAGE)) {
            throw new IllegalArgumentException("leverage must be from 1 to " + MAX_LEVERAGE + ", was " + leverage);
        }
        if (marginType == MarginType.ISOLATED) {
            if (isolatedMargin == null && leverage != null) {
                isolatedMargin = quantity.multiply(entryPrice)
                        .divide(BigDecimal.valueOf(leverage), MARGIN_SCALE, RoundingMode.UP)
                        .stripTrailingZeros();
            }
            Objects.requireNonNull(isolatedMargin, "isolatedMargin of an isolated position (or a leverage to size it)");
            if (isolatedMargin.signum() < 0) {
                throw new IllegalArgumentException("isolatedMargin must not be negative, was " + isolatedMargin);
            }
        } else if (isolatedMargin != null) {
            throw new IllegalArgumentException("a cross position has no isolated margin");
        }
        marginAssetOf(symbol);
    }

    /** A position with one maintenance rate and no leverage given: the shape before tiers existed. */
    public PaperPosition(
            String symbol, Side side, BigDecimal quantity, BigDecimal entryPrice, MarginType marginType,
            BigDecimal isolatedMargin, BigDecimal maintenanceRate) {
        this(symbol, side, quantity, entryPrice, marginType, isolatedMargin,
                MaintenanceTier.single(Objects.requireNonNull(maintenanceRate, "maintenanceRate")), null);
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

    /** The same position with another maintenance schedule. */
    public PaperPosition withTiers(List<MaintenanceTier> schedule) {
        return new PaperPosition(symbol, side, quantity, entryPrice, marginType, isolatedMargin, schedule, leverage);
    }

    /** The same position, opened with {@code leverage}; an isolated one keeps the margin it has. */
    public PaperPosition withLeverage(int leverage) {
        return new PaperPosition(symbol, side, quantity, entryPrice, marginType, isolatedMargin, tiers, leverage);
    }

    /**
     * The maintenance rate of the tier the entry notional falls in: the only rate of a
     * single-rate position. Margin is always computed from the tier at the current notional.
     */
    public BigDecimal maintenanceRate() {
        return MaintenanceTier.at(tiers, quantity.multiply(entryPrice)).rate();
    }

    /** The collateral asset this position is margined in: the asset its symbol is quoted in. */
    public String marginAsset() {
        return marginAssetOf(symbol);
    }

    /** Profit or loss at {@code mark} if the position were closed there. */
    public BigDecimal unrealisedPnl(BigDecimal mark) {
        return MarginMath.unrealisedPnl(this, mark);
    }

    /** Maintenance margin at {@code mark}, from the tier the notional at that mark falls in. */
    public BigDecimal maintenance(BigDecimal mark) {
        return MarginMath.maintenance(this, mark);
    }

    /**
     * The mark at which this position alone, backed by {@code backingMargin}, is liquidated;
     * {@code null} when no positive price does it.
     */
    public BigDecimal liquidationPrice(BigDecimal backingMargin) {
        return MarginMath.liquidationPrice(this, backingMargin);
    }

    PaperPosition withIsolatedMargin(BigDecimal margin) {
        return new PaperPosition(symbol, side, quantity, entryPrice, marginType, margin, tiers, leverage);
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
