package dev.margintopup.observability;

import java.math.BigDecimal;

/**
 * The numbers the service reports per check and per transfer attempt, in the product's words.
 * Aggregated by venue and outcome only: each unique dimension set is a billed custom metric, so
 * the account id is never a dimension (it rides on every log line instead, see {@link Telemetry}).
 * The EMF implementation is {@code aws.EmfMetrics}.
 */
public interface Metrics {

    /**
     * One check: its outcome, the margin ratio when the venue gave one, and the distance to the
     * liquidation price (as a fraction of the mark) where the venue gives a liquidation price.
     */
    void check(String venue, String outcome, BigDecimal marginRatio, BigDecimal distanceToLiquidation);

    /**
     * One assessment of rescue capacity: its level ({@code ENOUGH}, {@code LOW}, {@code CRITICAL}) and
     * the adverse move (percent) the position could absorb with everything its sources may still give.
     */
    void rescueCapacity(String venue, String level, BigDecimal movePercent);

    /** One transfer attempt's outcome, and the amount when money moved. */
    void topUp(String venue, String outcome, BigDecimal amount);
}
