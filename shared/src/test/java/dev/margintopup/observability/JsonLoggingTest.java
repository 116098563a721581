package dev.margintopup.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The functions' log lines: one JSON object each, in the fields Powertools' Lambda layout wrote. */
class JsonLoggingTest {

    private static final Instant NOW = Instant.parse("2026-11-30T05:04:13.250Z");

    @Test
    void slf4j_logs_through_the_json_lines_provider() {
        assertThat(LoggerFactory.getLogger("dev.margintopup.check.CheckService")).isInstanceOf(JsonLogger.class);
    }

    @Test
    void a_line_carries_level_message_invocation_and_account_fields() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(Telemetry.ACCOUNT_ID, "desk-1");
        context.put("function_name", "stack-checker");
        context.put("cold_start", "true");
        context.put(Telemetry.XRAY_TRACE_ID, "1-5759e988-bd862e3fe1be46a994272793");

        JsonNode line = Json.read(JsonLogger.line(Level.INFO, "top-up requested", null, context, NOW));

        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("message").asText()).isEqualTo("top-up requested");
        assertThat(line.path("function_name").asText()).isEqualTo("stack-checker");
        assertThat(line.path("cold_start").asText()).isEqualTo("true");
        assertThat(line.path("accountId").asText()).isEqualTo("desk-1");
        assertThat(line.path("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(line.path("timestamp").asText()).isEqualTo("2026-11-30T05:04:13.250Z");
        assertThat(line.path("service").asText()).isNotBlank();
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void an_exception_goes_under_error_with_its_class_message_and_stack() {
        JsonNode line = Json.read(JsonLogger.line(Level.ERROR, "failed \"quoted\"\nnext",
                new IllegalStateException("broken"), Map.of(), NOW));

        assertThat(line.path("message").asText()).isEqualTo("failed \"quoted\"\nnext");
        assertThat(line.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.path("error").path("message").asText()).isEqualTo("broken");
        assertThat(line.path("error").path("stack").asText()).contains("JsonLoggingTest");
    }

    @Test
    void the_product_logs_at_log_level_else_at_lambda_s_application_level_else_info() {
        assertThat(JsonLogging.productLevel("DEBUG", "ERROR")).isEqualTo(Level.DEBUG);
        assertThat(JsonLogging.productLevel(null, "WARN")).isEqualTo(Level.WARN);
        assertThat(JsonLogging.productLevel("", "FATAL")).isEqualTo(Level.ERROR);
        assertThat(JsonLogging.productLevel("loud", null)).isEqualTo(Level.INFO);
        assertThat(JsonLogging.productLevel(null, null)).isEqualTo(Level.INFO);
    }

    @Test
    void libraries_log_only_their_warnings_and_errors() {
        JsonLogging logging = new JsonLogging();
        logging.initialize();

        assertThat(logging.levelFor("software.amazon.awssdk.request")).isEqualTo(Level.WARN);
        assertThat(logging.levelFor("dev.margintopupx.Other")).isEqualTo(Level.WARN);
        assertThat(logging.getLoggerFactory().getLogger("software.amazon.awssdk.request").isInfoEnabled()).isFalse();
        assertThat(logging.getLoggerFactory().getLogger("software.amazon.awssdk.request").isWarnEnabled()).isTrue();
    }
}
