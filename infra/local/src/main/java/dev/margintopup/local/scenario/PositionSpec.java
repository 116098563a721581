package dev.margintopup.local.scenario;

import dev.margintopup.paper.MaintenanceTier;
import dev.margintopup.paper.MarginType;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Side;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The one position an account of a scenario holds in the scenario's symbol.
 *
 * @param leverage 1 to 125, or {@code null}; sizes an isolated position's margin when
 *     {@code isolatedMargin} is not given (entry notional ÷ leverage)
 * @param isolatedMargin the isolated margin; {@code null} for a cross position, or for an
 *     isolated one sized by its leverage
 * @param tiers the maintenance brackets (the symbol's unless the position names its own)
 */
public record PositionSpec(
        Side side,
        BigDecimal quantity,
        BigDecimal entryPrice,
        Integer leverage,
        BigDecimal isolatedMargin,
        List<MaintenanceTier> tiers) {

    public PositionSpec {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(entryPrice, "entryPrice");
        tiers = MaintenanceTier.schedule(tiers);
    }

    /** The position as the paper venue holds it. */
    public PaperPosition toPaperPosition(String symbol, MarginType marginType) {
        return new PaperPosition(symbol, side, quantity, entryPrice, marginType,
                marginType == MarginType.ISOLATED ? isolatedMargin : null, tiers, leverage);
    }
}
