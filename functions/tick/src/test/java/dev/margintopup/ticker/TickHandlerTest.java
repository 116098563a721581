package dev.margintopup.ticker;

import static dev.margintopup.testing.FunctionHarness.assertBadInput;
import static dev.margintopup.testing.FunctionHarness.eventFiles;
import static dev.margintopup.testing.FunctionHarness.invoke;
import static dev.margintopup.testing.FunctionHarness.typed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.TestClock;
import dev.margintopup.tick.Tick;
import dev.margintopup.tick.TickRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tick's handler: the schedule's input reaches the tick as its minute, and its result comes back. */
class TickHandlerTest {

    private final InMemoryAccountsTable table = new InMemoryAccountsTable();
    private final List<String> inputs = new ArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T21:00:01Z"));
    private final TickHandler handler = new TickHandler(new Tick(table, Accounts.VALIDATOR,
            (accountId, input) -> inputs.add(input), moment -> clock.set(moment), clock, Tick.Settings.DEFAULT));

    @Test
    void the_scheduled_tick_hands_each_due_account_a_check_for_the_minute_scheduler_filled_in() {
        table.put(Accounts.item("desk-1"));
        table.put(Accounts.item("desk-bad", "triggerRatio", "high"));
        Instant minute = typed("tick-scheduled.json", TickRequest.class).scheduledTime();

        JsonNode result = invoke(handler, "tick-scheduled.json");

        assertThat(inputs).singleElement().satisfies(input -> {
            CheckRequest request = Json.decode(Json.read(input), CheckRequest.class, "the check");
            assertThat(request.accountId()).isEqualTo("desk-1");
            assertThat(request.scheduledTime()).isEqualTo(minute);
        });
        assertThat(result.path("queued").asInt()).isEqualTo(1);
        assertThat(result.path("invalid").get(0).path("accountId").asText()).isEqualTo("desk-bad");
        assertThat(result.path("invalid").get(0).path("reason").asText()).contains("triggerRatio");
    }

    static Stream<String> eventsForOtherFunctions() {
        return eventFiles().stream().filter(f -> !f.startsWith("tick-"));
    }

    @ParameterizedTest
    @MethodSource("eventsForOtherFunctions")
    void an_event_made_for_another_function_is_a_clear_bad_input_and_checks_nothing(String file) {
        table.put(Accounts.item("desk-1"));

        JsonNode result = invoke(handler, file);

        assertBadInput(result, "the tick");
        assertThat(inputs).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "[]", "{\"scheduledTime\": \"yesterday\"}",
        "{\"scheduledTime\": \"<aws.scheduler.scheduled-time>\"}"})
    void a_malformed_tick_is_a_clear_bad_input_and_checks_nothing(String event) {
        table.put(Accounts.item("desk-1"));

        JsonNode result = invoke(handler, event.getBytes(StandardCharsets.UTF_8));

        assertBadInput(result);
        assertThat(inputs).isEmpty();
    }
}
