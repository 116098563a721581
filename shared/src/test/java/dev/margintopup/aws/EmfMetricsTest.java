package dev.margintopup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An EMF record as CloudWatch reads it: the declared metrics, their dimensions and their values. */
class EmfMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T05:00:00Z");

    private final EmfMetrics metrics = new EmfMetrics("MarginTopup", false, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_check_record_declares_the_count_and_each_value_by_venue_and_outcome() {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        values.put("MarginRatio", new BigDecimal("0.5"));
        values.put("LiquidationDistance", new BigDecimal("0.0101010101010101"));

        JsonNode record = Json.read(metrics.record("paper", "NO_ACTION", "Checks", values));

        JsonNode declared = record.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(record.path("_aws").path("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        assertThat(declared.path("Namespace").asText()).isEqualTo("MarginTopup");
        assertThat(declared.path("Dimensions").toString()).isEqualTo("[[\"Venue\",\"Outcome\"]]");
        assertThat(declared.path("Metrics").toString()).as("values carry no unit: EMF's default, None").isEqualTo(
                "[{\"Name\":\"Checks\",\"Unit\":\"Count\"},{\"Name\":\"MarginRatio\"},{\"Name\":\"LiquidationDistance\"}]");
        assertThat(record.path("Venue").asText()).isEqualTo("paper");
        assertThat(record.path("Outcome").asText()).isEqualTo("NO_ACTION");
        assertThat(record.path("Checks").asDouble()).isEqualTo(1.0);
        assertThat(record.path("MarginRatio").asDouble()).isEqualTo(0.5);
        assertThat(record.path("LiquidationDistance").asDouble()).as("six significant digits").isEqualTo(0.0101010);
    }

    @Test
    void an_absent_value_is_neither_declared_nor_written() {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        values.put("MarginRatio", new BigDecimal("0.5"));
        values.put("LiquidationDistance", null);

        JsonNode record = Json.read(metrics.record("paper", "NO_ACTION", "Checks", values));

        assertThat(record.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").toString())
                .doesNotContain("LiquidationDistance");
        assertThat(record.has("LiquidationDistance")).isFalse();
    }
}
