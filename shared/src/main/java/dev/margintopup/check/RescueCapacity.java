package dev.margintopup.check;

import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MoveProtection;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The largest adverse move (percent of the mark) the position could absorb with its margin plus
 * everything its sources may still give within their caps and floors, against the move the account
 * says it must be able to absorb ({@code rescueMovePercent}).
 *
 * @param movePercent the move it could absorb, 0 to 100
 * @param sourcesMayGive what the sources may still give, in the account's asset
 */
public record RescueCapacity(BigDecimal movePercent, BigDecimal sourcesMayGive, Level level) {

    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final MathContext MOVE_MATH = new MathContext(12, RoundingMode.FLOOR);

    /** {@code ENOUGH} at or above the configured move, {@code LOW} below it, {@code CRITICAL} below half of it. */
    public enum Level { ENOUGH, LOW, CRITICAL }

    /** Empty where the venue reports no positions: the move maths has nothing to measure. */
    static Optional<RescueCapacity> assess(MarginSnapshot snapshot, BigDecimal sourcesMayGive,
            BigDecimal rescueMovePercent) {
        if (!MoveProtection.measurable(snapshot)) {
            return Optional.empty();
        }
        BigDecimal atMark = MoveProtection.marginToSurvive(snapshot, BigDecimal.ZERO);
        BigDecimal perWholeMove = MoveProtection.marginToSurvive(snapshot, BigDecimal.ONE).subtract(atMark);
        BigDecimal room = snapshot.marginBalance().add(sourcesMayGive).subtract(atMark);
        BigDecimal move;
        if (room.signum() <= 0) {
            move = BigDecimal.ZERO;
        } else if (perWholeMove.signum() == 0) {
            move = HUNDRED;
        } else {
            move = room.divide(perWholeMove, MOVE_MATH).min(BigDecimal.ONE).multiply(HUNDRED)
                    .setScale(4, RoundingMode.FLOOR).stripTrailingZeros();
        }
        Level level = move.compareTo(rescueMovePercent) >= 0 ? Level.ENOUGH
                : move.multiply(new BigDecimal("2")).compareTo(rescueMovePercent) >= 0 ? Level.LOW : Level.CRITICAL;
        return Optional.of(new RescueCapacity(move, sourcesMayGive, level));
    }

    /** The alert cause a level is claimed under: a new level is a new cause, so it is sent once. */
    String cause() {
        return "RESCUE_CAPACITY_" + level.name();
    }
}
