package dev.margintopup.aws;

import dev.margintopup.observability.Metrics;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** {@link Metrics} as CloudWatch embedded-metric-format records, through Powertools. */
public final class EmfMetrics implements Metrics {

    private static final String NAMESPACE = System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "MarginTopup");

    @Override
    public void check(String venue, String outcome, BigDecimal marginRatio, BigDecimal distanceToLiquidation) {
        Map<String, BigDecimal> values = new HashMap<>();
        values.put("MarginRatio", marginRatio);
        values.put("LiquidationDistance", distanceToLiquidation);
        count(venue, outcome, "Checks", values);
    }

    @Override
    public void topUp(String venue, String outcome, BigDecimal amount) {
        Map<String, BigDecimal> values = new HashMap<>();
        values.put("TopUpAmount", amount);
        count(venue, outcome, "TopUps", values);
    }

    @Override
    public void rescueCapacity(String venue, String level, BigDecimal movePercent) {
        Map<String, BigDecimal> values = new HashMap<>();
        values.put("RescueCapacityMovePercent", movePercent);
        count(venue, level, "RescueCapacityChecks", values);
    }

    /** One EMF record: a count of one, and each value that is present, by venue and outcome. */
    private static void count(String venue, String outcome, String countName, Map<String, BigDecimal> values) {
        var metrics = MetricsFactory.getMetricsInstance();
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
