package dev.margintopup.checker;

import static dev.margintopup.testing.FunctionHarness.assertBadInput;
import static dev.margintopup.testing.FunctionHarness.eventFiles;
import static dev.margintopup.testing.FunctionHarness.invoke;
import static dev.margintopup.testing.FunctionHarness.typed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.CheckResult;
import dev.margintopup.check.RescueCapacity;
import dev.margintopup.observability.InMemoryMetrics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker's handler: a scheduled check reaches the shared check as its record; anything else moves nothing. */
class CheckerHandlerTest {

    private final List<CheckRequest> checked = new ArrayList<>();
    private final InMemoryMetrics metrics = new InMemoryMetrics();

    private final CheckerHandler handler = new CheckerHandler(request -> {
        checked.add(request);
        return new CheckResult(request.accountId(), request.accountId() + "@" + request.scheduledTime(),
                CheckResult.Outcome.NO_ACTION, new BigDecimal("0.05"), null, null, "below the trigger");
    }, metrics);

    @ParameterizedTest
    @ValueSource(strings = {"checker-scheduled.json", "checker-breach.json"})
    void a_scheduled_check_reaches_the_check_as_its_typed_request_and_its_result_is_returned(String file) {
        JsonNode result = invoke(handler, file);

        assertThat(checked).containsExactly(typed(file, CheckRequest.class));
        assertThat(result.path("outcome").asText()).isEqualTo("NO_ACTION");
        assertThat(result.path("checkId").asText()).isEqualTo(checked.getFirst().accountId() + "@2026-11-24T21:00:00Z");
        assertThat(metrics.records()).containsExactly(
                new InMemoryMetrics.Record("check", "paper", "NO_ACTION", new BigDecimal("0.05")));
    }

    @org.junit.jupiter.api.Test
    void a_measured_rescue_capacity_is_returned_and_reported_by_venue_and_level_never_by_account() {
        CheckerHandler measuring = new CheckerHandler(request -> new CheckResult(request.accountId(),
                request.accountId() + "@" + request.scheduledTime(), CheckResult.Outcome.NO_ACTION,
                new BigDecimal("0.05"), null, null, "below the trigger").withRescueCapacity(new RescueCapacity(
                        new BigDecimal("9.18"), new BigDecimal("100"), RescueCapacity.Level.LOW)), metrics);

        JsonNode result = invoke(measuring, "checker-scheduled.json");

        assertThat(result.path("rescueCapacity").path("level").asText()).isEqualTo("LOW");
        assertThat(metrics.records()).contains(
                new InMemoryMetrics.Record("rescueCapacity", "paper", "LOW", new BigDecimal("9.18")));
    }

    static Stream<String> eventsForOtherFunctions() {
        return eventFiles().stream().filter(f -> !f.startsWith("checker-"));
    }

    @ParameterizedTest
    @MethodSource("eventsForOtherFunctions")
    void an_event_made_for_another_function_is_a_clear_bad_input_and_checks_nothing(String file) {
        JsonNode result = invoke(handler, file);

        assertBadInput(result, "the scheduled check");
        assertThat(checked).isEmpty();
        assertThat(metrics.records()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "[]", "{\"accountId\": \"a\", \"scheduledTime\": \"2026-11-24T21:00:00Z\"}"})
    void a_malformed_scheduled_check_is_a_clear_bad_input_and_checks_nothing(String event) {
        JsonNode result = invoke(handler, event.getBytes(StandardCharsets.UTF_8));

        assertBadInput(result);
        assertThat(checked).isEmpty();
    }
}
