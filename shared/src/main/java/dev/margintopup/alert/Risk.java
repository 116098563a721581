package dev.margintopup.alert;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MoveProtection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How close one account is to liquidation when an alert is due, in the terms its
 * {@code MarginAtRisk} carries.
 *
 * @param severity the level ({@link Severity})
 * @param room the room left before liquidation as a fraction of the room at the account's
 *     trigger: 1 at the trigger, 0.5 halfway from the trigger to liquidation, 0 at liquidation;
 *     {@code null} when it cannot be measured. With move settings it is the move the account
 *     survives ÷ the trigger move; otherwise (1 − margin ratio) ÷ (1 − trigger ratio), the share of
 *     the margin balance that can still be lost, which shrinks in proportion to the price distance
 * @param distanceToLiquidation the adverse price move to liquidation as a fraction of the mark
 *     (the move the positions survive where the venue reports them, else |mark − liquidation
 *     price| ÷ mark), {@code null} where the venue gives neither
 * @param shortfall what the policy needed but could not move (zero when nothing was held back)
 */
public record Risk(Severity severity, BigDecimal room, BigDecimal distanceToLiquidation, BigDecimal shortfall) {

    /** At or below this share of the trigger's room the alert is {@link Severity#CRITICAL}. */
    public static final BigDecimal CRITICAL_ROOM = new BigDecimal("0.5");

    /** At or below this share of the trigger's room the alert is {@link Severity#IMMINENT}. */
    public static final BigDecimal IMMINENT_ROOM = new BigDecimal("0.25");

    /** Rooms are stored and compared with this many decimals, rounded down (less room is the safe side). */
    public static final int ROOM_SCALE = 6;

    public Risk {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(shortfall, "shortfall");
        if (shortfall.signum() < 0) {
            throw new IllegalArgumentException("shortfall must not be negative, was " + shortfall.toPlainString());
        }
    }

    /**
     * @param needed what the policy wanted to move
     * @param moving what moves now (a limited top-up), zero when nothing can
     */
    public static Risk assess(MarginSnapshot snapshot, AccountConfig account, BigDecimal needed, BigDecimal moving) {
        BigDecimal distance = distanceToLiquidation(snapshot);
        BigDecimal room = room(snapshot, account, distance);
        Severity severity = moving.signum() > 0 ? Severity.WATCH : Severity.WARNING;
        if (room != null && room.compareTo(CRITICAL_ROOM) <= 0) {
            severity = room.compareTo(IMMINENT_ROOM) <= 0 ? Severity.IMMINENT : Severity.CRITICAL;
        }
        return new Risk(severity, room, distance, needed.subtract(moving).max(BigDecimal.ZERO));
    }

    /** The survivable move where positions are reported, else the venue's own distance, else {@code null}. */
    public static BigDecimal distanceToLiquidation(MarginSnapshot snapshot) {
        if (MoveProtection.measurable(snapshot)) {
            return MoveProtection.survivableMove(snapshot);
        }
        return snapshot.distanceToLiquidation();
    }

    private static BigDecimal room(MarginSnapshot snapshot, AccountConfig account, BigDecimal distance) {
        if (snapshot.marginRatio().compareTo(BigDecimal.ONE) >= 0) {
            return BigDecimal.ZERO.setScale(ROOM_SCALE);
        }
        if (account.moves() != null && distance != null) {
            return share(distance, account.moves().triggerMove());
        }
        if (account.hasRatioSettings()) {
            return share(BigDecimal.ONE.subtract(snapshot.marginRatio()), BigDecimal.ONE.subtract(account.triggerRatio()));
        }
        return null;
    }

    private static BigDecimal share(BigDecimal left, BigDecimal atTrigger) {
        return left.max(BigDecimal.ZERO).divide(atTrigger, ROOM_SCALE, RoundingMode.FLOOR);
    }
}
