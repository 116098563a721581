package dev.margintopup.check;

import java.math.BigDecimal;

/**
 * What one check did. {@code marginRatio}, {@code amount} and {@code intentId} are
 * {@code null} where they do not apply.
 */
public record CheckResult(
        String accountId, String checkId, Outcome outcome, BigDecimal marginRatio, BigDecimal amount,
        String intentId, String detail, BigDecimal distanceToLiquidation, WatchBand watchBand,
        RescueCapacity rescueCapacity) {

    public CheckResult(String accountId, String checkId, Outcome outcome, BigDecimal marginRatio, BigDecimal amount,
            String intentId, String detail) {
        this(accountId, checkId, outcome, marginRatio, amount, intentId, detail, null, null, null);
    }

    public CheckResult(String accountId, String checkId, Outcome outcome, BigDecimal marginRatio, BigDecimal amount,
            String intentId, String detail, BigDecimal distanceToLiquidation, WatchBand watchBand) {
        this(accountId, checkId, outcome, marginRatio, amount, intentId, detail, distanceToLiquidation, watchBand,
                null);
    }

    /** The same result with the rescue capacity this check assessed ({@code null}: not assessed). */
    public CheckResult withRescueCapacity(RescueCapacity capacity) {
        return new CheckResult(accountId, checkId, outcome, marginRatio, amount, intentId, detail,
                distanceToLiquidation, watchBand, capacity);
    }

    /**
     * The account was inside its watch band at this check: poll it again every
     * {@code pollIntervalSeconds} until the next scheduled check, {@code checkRateMinutes} after
     * this one's scheduled time, is due ({@link FastPolling}). {@code null} outside the band.
     */
    public record WatchBand(int pollIntervalSeconds, int checkRateMinutes) {}

    /** The same result, marked as inside the watch band ({@code null}: outside it). */
    public CheckResult insideWatchBand(WatchBand band) {
        return new CheckResult(accountId, checkId, outcome, marginRatio, amount, intentId, detail,
                distanceToLiquidation, band, rescueCapacity);
    }

    /**
     * The same result with |mark − liquidation price| ÷ mark, the second signal of margin health
     * where the venue gives a liquidation price (null where it does not).
     */
    public CheckResult withDistanceToLiquidation(BigDecimal distance) {
        return new CheckResult(accountId, checkId, outcome, marginRatio, amount, intentId, detail, distance,
                watchBand, rescueCapacity);
    }

    public enum Outcome {
        /** Ratio below the trigger (or the amount below the minimum): nothing to do. */
        NO_ACTION,
        /** An intent was created and {@code TopUpRequested} published. */
        TOP_UP_REQUESTED,
        /** A calm account's excess margin: a sweep's intent was created and {@code SweepRequested} published. */
        SWEEP_REQUESTED,
        /** This check was already handled; nothing written, nothing moved. */
        DUPLICATE,
        /** Another top-up still holds the account. */
        IN_FLIGHT,
        /** The account's cooldown after its last top-up has not elapsed. */
        COOLING_DOWN,
        /** Past the trigger but nothing can move: {@code MarginAtRisk} published. */
        ALERT,
        /** A dry-run account: the decision is recorded, nothing moves. */
        DRY_RUN,
        /** The account item says {@code enabled = false}. */
        DISABLED,
        /** The account config is invalid: {@code AccountConfigInvalid} published, nothing moves. */
        INVALID_CONFIG,
        /** The venue could not be read this time; the next check tries again. */
        VENUE_ERROR,
        /**
         * The position vanished while the account was at risk or topping up:
         * {@code PositionLiquidated} or {@code PositionClosed} published, once.
         */
        POSITION_GONE
    }
}
