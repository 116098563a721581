package dev.margintopup.alert;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The last alert that reached people for one account, as the ledger keeps it in the account's
 * state, and the rules that decide whether the next one is sent.
 *
 * <p>An unchanged situation is repeated at most every {@link #REPEAT_UNCHANGED}; a worse one is sent
 * at once ({@link #worsenedBy}). The ledger applies these rules inside its conditional write, so
 * duplicate and concurrent checks send each alert once.
 *
 * @param cause what the alert is about ({@code DAILY_CAP}, {@code SOURCE_BALANCE}, a config problem, ...)
 * @param severity {@code null} for alerts without a level (a config problem)
 * @param room {@link Risk#room} when it was sent, {@code null} when unmeasured
 * @param shortfall {@link Risk#shortfall} when it was sent, {@code null} for alerts without one
 */
public record SentAlert(String cause, Instant at, Severity severity, BigDecimal room, BigDecimal shortfall) {

    /** An unchanged situation is announced again after this long. */
    public static final Duration REPEAT_UNCHANGED = Duration.ofMinutes(15);

    /** A shortfall that grew by this fraction (25 %) of the last one sent is a worse situation. */
    public static final BigDecimal SHORTFALL_GROWTH = new BigDecimal("0.25");

    /**
     * A margin alert counts as open this long after it was sent: while the account stays at risk
     * it is repeated every {@link #REPEAT_UNCHANGED}, so a position that vanishes within this
     * window vanished while at risk. The extra five minutes cover a check rate above one minute.
     */
    public static final Duration OPEN_FOR = REPEAT_UNCHANGED.plus(Duration.ofMinutes(5));

    public SentAlert {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }

    /**
     * Whether {@code now} is worse than this alert: a higher severity, a shortfall at least
     * {@link #SHORTFALL_GROWTH} larger (or a first one), or the room before liquidation halved.
     */
    public boolean worsenedBy(Risk now) {
        if (severity == null || now.severity().rank() > severity.rank()) {
            return true;
        }
        if (now.shortfall().signum() > 0
                && (shortfall == null || shortfall.compareTo(shortfallBound(now.shortfall())) <= 0)) {
            return true;
        }
        return now.room() != null && room != null && room.signum() > 0
                && room.compareTo(roomBound(now.room())) >= 0;
    }

    /**
     * Whether an alert for {@code cause} should be sent now, after this one: another cause, an
     * unchanged situation older than {@code repeatAfter}, or a worse one ({@code risk} may be
     * {@code null} for alerts without a level).
     */
    public boolean isDue(String cause, Risk risk, Instant now, Duration repeatAfter) {
        return !this.cause.equals(cause)
                || !at.isAfter(now.minus(repeatAfter))
                || (risk != null && worsenedBy(risk));
    }

    /** Whether this was a margin alert sent recently enough that the account is still at risk. */
    public boolean openAt(Instant now) {
        return severity != null && now.isBefore(at.plus(OPEN_FOR));
    }

    /** The largest earlier shortfall that {@code shortfall} is worse than: {@code shortfall ÷ 1.25}. */
    public static BigDecimal shortfallBound(BigDecimal shortfall) {
        return shortfall.divide(BigDecimal.ONE.add(SHORTFALL_GROWTH), java.math.MathContext.DECIMAL64);
    }

    /** The smallest earlier room that {@code room} is half of or less: {@code 2 × room}. */
    public static BigDecimal roomBound(BigDecimal room) {
        return room.multiply(BigDecimal.TWO);
    }
}
