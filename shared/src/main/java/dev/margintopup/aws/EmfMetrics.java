package dev.margintopup.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.margintopup.observability.Metrics;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Metrics} as CloudWatch embedded-metric-format records: one JSON line on stdout per
 * check or transfer attempt, which Lambda's log stream turns into metrics. Written here rather
 * than through Powertools' metrics module, whose EMF library, commons-lang3 and tuples were a
 * twentieth of each function's jar for this one line (decision 0019). The environment keeps the
 * names Powertools read, so template.yaml and the tests need no change:
 * {@code POWERTOOLS_METRICS_NAMESPACE} (default MarginTopup) and {@code POWERTOOLS_METRICS_DISABLED}.
 */
public final class EmfMetrics implements Metrics {

    private static final JsonFactory JSON = new JsonFactory();
    /** Six significant digits: a ratio or distance to a millionth of itself, not a dozen digits of noise. */
    private static final MathContext SIGNIFICANT = new MathContext(6, RoundingMode.HALF_EVEN);

    private final String namespace;
    private final boolean disabled;
    private final Clock clock;

    public EmfMetrics() {
        this(AwsClients.env("POWERTOOLS_METRICS_NAMESPACE", "MarginTopup"),
                Boolean.parseBoolean(AwsClients.env("POWERTOOLS_METRICS_DISABLED", "false")), Clock.systemUTC());
    }

    EmfMetrics(String namespace, boolean disabled, Clock clock) {
        this.namespace = namespace;
        this.disabled = disabled;
        this.clock = clock;
    }

    @Override
    public void check(String venue, String outcome, BigDecimal marginRatio, BigDecimal distanceToLiquidation) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        values.put("MarginRatio", marginRatio);
        values.put("LiquidationDistance", distanceToLiquidation);
        count(venue, outcome, "Checks", values);
    }

    @Override
    public void topUp(String venue, String outcome, BigDecimal amount) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        values.put("TopUpAmount", amount);
        count(venue, outcome, "TopUps", values);
    }

    @Override
    public void rescueCapacity(String venue, String level, BigDecimal movePercent) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        values.put("RescueCapacityMovePercent", movePercent);
        count(venue, level, "RescueCapacityChecks", values);
    }

    /** One EMF record: a count of one, and each value that is present, by venue and outcome. */
    private void count(String venue, String outcome, String countName, Map<String, BigDecimal> values) {
        if (disabled) {
            return;
        }
        String line = record(venue == null ? "unknown" : venue, outcome, countName, values);
        var out = System.out;
        synchronized (out) {
            out.println(line);
        }
    }

    String record(String venue, String outcome, String countName, Map<String, BigDecimal> values) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", clock.millis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            json.writeString("Venue");
            json.writeString("Outcome");
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            json.writeStartObject();
            json.writeStringField("Name", countName);
            json.writeStringField("Unit", "Count");
            json.writeEndObject();
            for (Map.Entry<String, BigDecimal> value : values.entrySet()) {
                if (value.getValue() != null) {
                    // No unit: EMF's default, None, said in no bytes (every check writes this line).
                    json.writeStartObject();
                    json.writeStringField("Name", value.getKey());
                    json.writeEndObject();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField("Venue", venue);
            json.writeStringField("Outcome", outcome);
            json.writeNumberField(countName, 1);
            for (Map.Entry<String, BigDecimal> value : values.entrySet()) {
                if (value.getValue() != null) {
                    json.writeNumberField(value.getKey(), value.getValue().round(SIGNIFICANT).doubleValue());
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a metrics record", e);
        }
        return text.toString();
    }

}
