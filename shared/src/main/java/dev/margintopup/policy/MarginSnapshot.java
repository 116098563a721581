package dev.margintopup.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The margin health of one account (or one isolated position) at one moment, normalised
 * across venues.
 *
 * @param marginBalance what the venue counts as margin: wallet balance plus unrealised PnL
 *     (for an isolated position: its isolated margin plus its unrealised PnL)
 * @param maintenanceMargin the margin below which the venue liquidates
 * @param sourceFree what the account's sources may give now (free balance above floors, within
 *     their caps), or {@code null} where not read: venues read margin alone, and the checker reads
 *     the sources only when the policy is about to act; a {@code null} limits nothing
 * @param transferStep smallest transfer increment the venue accepts for the asset
 * @param markPrice mark price of the isolated position, or {@code null}
 * @param liquidationPrice the venue's liquidation price, or {@code null} where it gives none
 * @param positions the open positions this margin carries (one for an isolated position, every
 *     position for a cross account); empty where the adapter does not report them
 * @param marginToKeep for an isolated position, the least margin balance the venue lets it keep when
 *     margin is taken out of it (its rule for a reduce, e.g. the initial margin at the position's
 *     leverage), so that a sweep never asks for a reduce the venue would refuse; {@code null} for a
 *     cross account or where the adapter does not know the venue's rule
 */
public record MarginSnapshot(
        String venue,
        Instant asOf,
        String asset,
        BigDecimal marginBalance,
        BigDecimal maintenanceMargin,
        BigDecimal sourceFree,
        BigDecimal transferStep,
        BigDecimal markPrice,
        BigDecimal liquidationPrice,
        List<Position> positions,
        BigDecimal marginToKeep) {

    /** The same snapshot with what the sources may give now ({@code null}: not read). */
    public MarginSnapshot withSourceFree(BigDecimal free) {
        return new MarginSnapshot(venue, asOf, asset, marginBalance, maintenanceMargin, free, transferStep, markPrice,
                liquidationPrice, positions, marginToKeep);
    }

    /** The same snapshot with the least margin the venue lets the isolated position keep after a reduce. */
    public MarginSnapshot withMarginToKeep(BigDecimal keep) {
        return new MarginSnapshot(venue, asOf, asset, marginBalance, maintenanceMargin, sourceFree, transferStep,
                markPrice, liquidationPrice, positions, keep);
    }

    /** Ratios carry this precision; far more than any trigger needs, and deterministic. */
    public static final MathContext RATIO_MATH = new MathContext(12, RoundingMode.HALF_UP);

    /** Returned when there is maintenance but no positive margin balance: at or past liquidation. */
    public static final BigDecimal LIQUIDATED_RATIO = new BigDecimal("999");

    public MarginSnapshot {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(marginBalance, "marginBalance");
        Objects.requireNonNull(maintenanceMargin, "maintenanceMargin");
        Objects.requireNonNull(transferStep, "transferStep");
        if (transferStep.signum() <= 0) {
            throw new IllegalArgumentException("transferStep must be positive, was " + transferStep);
        }
        if (maintenanceMargin.signum() < 0) {
            throw new IllegalArgumentException("maintenanceMargin must not be negative, was " + maintenanceMargin);
        }
        positions = positions == null ? List.of() : List.copyOf(positions);
        if (marginToKeep != null && marginToKeep.signum() < 0) {
            throw new IllegalArgumentException("marginToKeep must not be negative, was " + marginToKeep);
        }
    }

    /** A snapshot whose adapter states no rule for reducing an isolated position's margin. */
    public MarginSnapshot(String venue, Instant asOf, String asset, BigDecimal marginBalance,
            BigDecimal maintenanceMargin, BigDecimal sourceFree, BigDecimal transferStep, BigDecimal markPrice,
            BigDecimal liquidationPrice, List<Position> positions) {
        this(venue, asOf, asset, marginBalance, maintenanceMargin, sourceFree, transferStep, markPrice,
                liquidationPrice, positions, null);
    }

    /** A snapshot whose adapter does not (yet) report the positions behind the margin. */
    public MarginSnapshot(String venue, Instant asOf, String asset, BigDecimal marginBalance,
            BigDecimal maintenanceMargin, BigDecimal sourceFree, BigDecimal transferStep, BigDecimal markPrice,
            BigDecimal liquidationPrice) {
        this(venue, asOf, asset, marginBalance, maintenanceMargin, sourceFree, transferStep, markPrice,
                liquidationPrice, List.of(), null);
    }

    /**
     * Maintenance margin ÷ margin balance; 1.0 means liquidation. No positions → 0. A margin
     * balance at or below zero with positions open → {@link #LIQUIDATED_RATIO}.
     */
    public BigDecimal marginRatio() {
        if (maintenanceMargin.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (marginBalance.signum() <= 0) {
            return LIQUIDATED_RATIO;
        }
        return maintenanceMargin.divide(marginBalance, RATIO_MATH);
    }

    /** |mark − liquidation| ÷ mark, or {@code null} where the venue gives no liquidation price. */
    public BigDecimal distanceToLiquidation() {
        if (markPrice == null || liquidationPrice == null || markPrice.signum() <= 0) {
            return null;
        }
        return markPrice.subtract(liquidationPrice).abs().divide(markPrice, RATIO_MATH);
    }
}
