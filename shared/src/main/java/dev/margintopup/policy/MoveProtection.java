package dev.margintopup.policy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Margin health as the price move an account survives, computed from the positions behind it.
 *
 * <p>The model, per position of notional {@code N = size × mark} and maintenance {@code MM}
 * (the venue's figure now; its effective rate {@code r = MM ÷ N}): after an adverse move of
 * {@code x} a long has lost {@code N·x} and keeps {@code N·(1−x)·r} as maintenance, a short has lost
 * {@code N·x} and keeps {@code N·(1+x)·r}. It survives while its margin balance covers both:
 * {@code M ≥ N·(x + (1−x)·r)} for a long, {@code M ≥ N·(x + (1+x)·r)} for a short.
 *
 * <p>A cross account is assumed to see every symbol move against it by the same {@code x} at
 * once, each symbol in whichever direction hurts its net exposure (longs and shorts of one symbol
 * netted; the maintenance of both legs counted). Maintenance the account reports beyond its
 * positions' (other assets, open orders) is held as it is. Both directions start from today's
 * maintenance, so the margin needed is linear in {@code x}:
 * {@code marginToSurvive(x) = maintenance + x × Σ per symbol |net notional − maintenance of the symbol|}.
 *
 * <p>Conservative where the venue's tiers matter: for a long the notional shrinks with the move,
 * so its real tier rate and deduction can only lower maintenance below this estimate. A short's
 * notional grows into higher maintenance than its rate today says; where the account is one
 * position with a liquidation price, the venue's own price (computed on its tiers) steepens the
 * estimate whenever it is nearer than the estimate's by more than {@link #VENUE_ROUNDING}, and
 * never flattens it. See decision 0013.
 */
public final class MoveProtection {

    /** Survivable moves are reported up to 100 %: a long survives no more, and no trader sets more. */
    public static final BigDecimal MAX_MOVE = BigDecimal.ONE;

    /** Liquidation prices are rounded to the venue's tick: nearer by less than this is rounding, not a tier. */
    public static final BigDecimal VENUE_ROUNDING = new BigDecimal("0.0001");

    /** Survivable moves are rounded down: reporting more room than there is would be the dangerous error. */
    private static final MathContext MOVE_MATH = new MathContext(12, RoundingMode.FLOOR);

    private MoveProtection() {}

    /** Whether the snapshot reports the positions the move maths needs. */
    public static boolean measurable(MarginSnapshot snapshot) {
        return !snapshot.positions().isEmpty();
    }

    /**
     * The largest adverse move (a fraction of the mark, e.g. 0.031) the account survives now:
     * 0 at or past liquidation, {@link #MAX_MOVE} when it survives any move up to 100 %.
     *
     * @throws IllegalArgumentException when the snapshot reports no positions ({@link #measurable})
     */
    public static BigDecimal survivableMove(MarginSnapshot snapshot) {
        Exposure exposure = Exposure.of(snapshot);
        BigDecimal room = snapshot.marginBalance().subtract(exposure.maintenance());
        if (room.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        if (exposure.perUnitMove().signum() == 0) {
            return MAX_MOVE;
        }
        return room.divide(exposure.perUnitMove(), MOVE_MATH).min(MAX_MOVE);
    }

    /**
     * The margin balance the account needs to survive an adverse move of {@code move} (a fraction):
     * exact, not rounded.
     *
     * @throws IllegalArgumentException when the snapshot reports no positions, or the move is negative
     */
    public static BigDecimal marginToSurvive(MarginSnapshot snapshot, BigDecimal move) {
        Objects.requireNonNull(move, "move");
        if (move.signum() < 0) {
            throw new IllegalArgumentException("a move to survive is not negative, was " + move.toPlainString());
        }
        Exposure exposure = Exposure.of(snapshot);
        return exposure.maintenance().add(move.multiply(exposure.perUnitMove()));
    }

    /**
     * The margin ratio (maintenance ÷ margin balance) at which the account survives exactly
     * {@code move}: where to set a fixed-ratio trigger or target that protects like the move.
     * Zero when the account carries no maintenance.
     */
    public static BigDecimal equivalentRatio(MarginSnapshot snapshot, BigDecimal move) {
        BigDecimal needed = marginToSurvive(snapshot, move);
        if (snapshot.maintenanceMargin().signum() == 0 || needed.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return snapshot.maintenanceMargin().divide(needed, MarginSnapshot.RATIO_MATH);
    }

    /**
     * The adverse move the account survives when its margin ratio is {@code ratio}, the inverse of
     * {@link #equivalentRatio}: what a fixed-ratio trigger or target protects against, as a move,
     * for the positions as they stand. Between 0 and {@link #MAX_MOVE}.
     *
     * @throws IllegalArgumentException when the ratio is not positive or the snapshot reports no positions
     */
    public static BigDecimal equivalentMove(MarginSnapshot snapshot, BigDecimal ratio) {
        Objects.requireNonNull(ratio, "ratio");
        if (ratio.signum() <= 0) {
            throw new IllegalArgumentException("a margin ratio to protect at is positive, was " + ratio.toPlainString());
        }
        Exposure exposure = Exposure.of(snapshot);
        BigDecimal balance = snapshot.maintenanceMargin().divide(ratio, MOVE_MATH);
        BigDecimal room = balance.subtract(exposure.maintenance());
        if (room.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        if (exposure.perUnitMove().signum() == 0) {
            return MAX_MOVE;
        }
        return room.divide(exposure.perUnitMove(), MOVE_MATH).min(MAX_MOVE);
    }

    /**
     * What the move maths needs of a snapshot.
     *
     * @param maintenance maintenance now: the account's figure, or its positions' sum where that is larger
     * @param perUnitMove how much more margin each unit of adverse move needs
     */
    private record Exposure(BigDecimal maintenance, BigDecimal perUnitMove) {

        static Exposure of(MarginSnapshot snapshot) {
            Objects.requireNonNull(snapshot, "snapshot");
            if (!measurable(snapshot)) {
                throw new IllegalArgumentException("the snapshot reports no positions: the move an account survives"
                        + " cannot be measured without them");
            }
            Map<String, BigDecimal> netNotional = new LinkedHashMap<>();
            Map<String, BigDecimal> maintenance = new LinkedHashMap<>();
            for (Position position : snapshot.positions()) {
                BigDecimal signed = position.side() == Position.Side.LONG
                        ? position.notional() : position.notional().negate();
                netNotional.merge(position.symbol(), signed, BigDecimal::add);
                maintenance.merge(position.symbol(), position.maintenanceMargin(), BigDecimal::add);
            }
            BigDecimal positionsMaintenance = BigDecimal.ZERO;
            BigDecimal perUnitMove = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> symbol : netNotional.entrySet()) {
                BigDecimal symbolMaintenance = maintenance.get(symbol.getKey());
                positionsMaintenance = positionsMaintenance.add(symbolMaintenance);
                // Down: the net long loses and maintenance shrinks (slope D − m); up: the reverse
                // (slope m − D). Both lines start at today's maintenance, so the steeper one is the
                // worse for every move.
                perUnitMove = perUnitMove.add(symbol.getValue().subtract(symbolMaintenance).abs());
            }
            BigDecimal maintenanceNow = snapshot.maintenanceMargin().max(positionsMaintenance);
            return new Exposure(maintenanceNow, perUnitMove.max(impliedByVenue(snapshot, maintenanceNow, perUnitMove)));
        }

        /**
         * The per-unit-move need that puts liquidation where the venue says it is, for an account
         * of one position with a liquidation price on its adverse side; zero otherwise.
         */
        private static BigDecimal impliedByVenue(MarginSnapshot snapshot, BigDecimal maintenance,
                BigDecimal perUnitMove) {
            if (snapshot.positions().size() != 1 || snapshot.positions().getFirst().liquidationPrice() == null) {
                return BigDecimal.ZERO;
            }
            Position position = snapshot.positions().getFirst();
            BigDecimal toLiquidation = position.side() == Position.Side.LONG
                    ? position.markPrice().subtract(position.liquidationPrice())
                    : position.liquidationPrice().subtract(position.markPrice());
            BigDecimal room = snapshot.marginBalance().subtract(maintenance);
            if (toLiquidation.signum() <= 0 || room.signum() <= 0 || perUnitMove.signum() == 0) {
                return BigDecimal.ZERO;
            }
            BigDecimal venueMove = toLiquidation.divide(position.markPrice(), MOVE_MATH);
            BigDecimal modelMove = room.divide(perUnitMove, MOVE_MATH);
            if (modelMove.subtract(venueMove).compareTo(VENUE_ROUNDING) <= 0) {
                return BigDecimal.ZERO;
            }
            return room.divide(venueMove, new MathContext(20, RoundingMode.CEILING));
        }
    }
}
