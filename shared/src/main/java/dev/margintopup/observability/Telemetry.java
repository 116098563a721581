package dev.margintopup.observability;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Log context and EMF metrics in the product's words.
 *
 * <p>Metrics are aggregated by venue and outcome only: each unique dimension set is a billed
 * custom metric, so the account id is never a dimension. It rides on every log line instead
 * (MDC keys {@code accountId}, {@code checkId}, {@code intentId}), searchable with Logs Insights.
 */
public final class Telemetry {

    public static final String ACCOUNT_ID = "accountId";
    public static final String CHECK_ID = "checkId";
    public static final String INTENT_ID = "intentId";

    private static final String NAMESPACE = System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "MarginTopup");

    private Telemetry() {}

    public static void context(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    public static void clearContext() {
        MDC.remove(ACCOUNT_ID);
        MDC.remove(CHECK_ID);
        MDC.remove(INTENT_ID);
    }

    /**
     * One check: its outcome, the margin ratio when the venue gave one, and the distance to the
     * liquidation price (as a fraction of the mark) where the venue gives a liquidation price.
     */
    public static void check(String venue, String outcome, BigDecimal marginRatio, BigDecimal distanceToLiquidation) {
        Map<String, BigDecimal> values = new HashMap<>();
        values.put("MarginRatio", marginRatio);
        values.put("LiquidationDistance", distanceToLiquidation);
        count(venue, outcome, "Checks", values);
    }

    /** One transfer attempt's outcome, and the amount when money moved. */
    public static void topUp(String venue, String outcome, BigDecimal amount) {
        Map<String, BigDecimal> values = new HashMap<>();
        values.put("TopUpAmount", amount);
        count(venue, outcome, "TopUps", values);
    }

    /** One EMF record: a count of one, and each value that is present, by venue and outcome. */
    private static void count(String venue, String outcome, String countName, Map<String, BigDecimal> values) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        DimensionSet dims = DimensionSet.of("Venue", venue == null ? "unknown" : venue, "Outcome", outcome);
        metrics.flushMetrics(m -> {
            m.setNamespace(NAMESPACE);
            m.setDefaultDimensions(dims);
            m.addMetric(countName, 1, MetricUnit.COUNT);
            values.forEach((name, value) -> {
                if (value != null) {
                    m.addMetric(name, value.doubleValue(), MetricUnit.NONE);
                }
            });
        });
    }
}
