package dev.margintopup.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Protection expressed as price moves a trader can reason about: act when the mark is within
 * {@code triggerMovePercent} of liquidation, top up until the account survives an adverse move of
 * {@code targetMovePercent}. Percentages as written in the account item ({@code 3} = 3 %).
 *
 * <p>Only {@link AccountValidator} builds these, so 0 &lt; trigger &lt; target &lt; 100 and
 * trigger &le; watch band &lt; 100 always hold.
 *
 * @param watchBandMovePercent inside this distance to liquidation the checker reads recent candles
 *     (and polls fast); volatility can pull the trigger out to here, never further
 * @param pollIntervalSeconds how often the account is polled inside the watch band
 * @param volatilityLookbackMinutes how many recent one-minute candles size the volatility buffer
 * @param volatilityMultiple how many standard deviations of the move expected before the next
 *     look and the transfer the buffer covers (a top-up buys all of it, the trigger widens by two
 *     thirds of it); 0 turns the buffer off
 */
public record MoveSettings(
        BigDecimal triggerMovePercent,
        BigDecimal targetMovePercent,
        BigDecimal watchBandMovePercent,
        int pollIntervalSeconds,
        int volatilityLookbackMinutes,
        BigDecimal volatilityMultiple) {

    /** The watch band when none is given: this many times the trigger move. */
    public static final BigDecimal DEFAULT_WATCH_BAND_MULTIPLE = new BigDecimal("2");
    public static final int DEFAULT_POLL_INTERVAL_SECONDS = 10;
    public static final int DEFAULT_VOLATILITY_LOOKBACK_MINUTES = 30;
    /** Three standard deviations: a move the account survives about 99.9 % of the time under normal returns. */
    public static final BigDecimal DEFAULT_VOLATILITY_MULTIPLE = new BigDecimal("3");

    public MoveSettings {
        Objects.requireNonNull(triggerMovePercent, "triggerMovePercent");
        Objects.requireNonNull(targetMovePercent, "targetMovePercent");
        Objects.requireNonNull(watchBandMovePercent, "watchBandMovePercent");
        Objects.requireNonNull(volatilityMultiple, "volatilityMultiple");
    }

    /** The trigger as a fraction of the mark: 3 % → 0.03. */
    public BigDecimal triggerMove() {
        return fraction(triggerMovePercent);
    }

    /** The move to survive after a top-up, as a fraction of the mark. */
    public BigDecimal targetMove() {
        return fraction(targetMovePercent);
    }

    /** The watch band as a fraction of the mark. */
    public BigDecimal watchBandMove() {
        return fraction(watchBandMovePercent);
    }

    public Duration pollInterval() {
        return Duration.ofSeconds(pollIntervalSeconds);
    }

    /** The watch band of an item that gives none: {@link #DEFAULT_WATCH_BAND_MULTIPLE} × the trigger, at most 99 %. */
    public static BigDecimal defaultWatchBandPercent(BigDecimal triggerMovePercent) {
        return triggerMovePercent.multiply(DEFAULT_WATCH_BAND_MULTIPLE).min(new BigDecimal("99")).max(triggerMovePercent);
    }

    private static BigDecimal fraction(BigDecimal percent) {
        return percent.movePointLeft(2);
    }
}
