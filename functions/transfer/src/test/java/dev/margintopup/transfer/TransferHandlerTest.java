package dev.margintopup.transfer;

import static dev.margintopup.testing.FunctionHarness.event;
import static dev.margintopup.testing.FunctionHarness.assertBadInput;
import static dev.margintopup.testing.FunctionHarness.eventFiles;
import static dev.margintopup.testing.FunctionHarness.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.SweepRequested;
import dev.margintopup.bus.TopUpRequested;
import dev.margintopup.json.Json;
import dev.margintopup.topup.TransferResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The transfer function's handler: only a well-formed TopUpRequested or SweepRequested reaches the transfer. */
class TransferHandlerTest {

    private static final String REQUESTED = EventCatalogue.TOP_UP_REQUESTED.exampleFile();
    private static final String SWEEP = EventCatalogue.SWEEP_REQUESTED.exampleFile();

    private final List<String> executed = new ArrayList<>();

    private final TransferHandler handler = new TransferHandler((accountId, intentId) -> {
        executed.add(accountId + "/" + intentId);
        return new TransferResult(accountId, intentId, TransferResult.Outcome.DUPLICATE, null, null, "settled");
    });

    @Test
    void a_top_up_requested_reaches_the_transfer_with_the_ids_of_its_typed_detail() {
        TopUpRequested requested = (TopUpRequested) EventCatalogue.decode(event(REQUESTED));

        JsonNode result = invoke(handler, REQUESTED);

        assertThat(executed).containsExactly(requested.accountId() + "/" + requested.intentId());
        assertThat(result.path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(result.path("intentId").asText()).isEqualTo(requested.intentId());
    }

    @Test
    void a_sweep_requested_reaches_the_transfer_with_the_ids_of_its_typed_detail() {
        SweepRequested requested = (SweepRequested) EventCatalogue.decode(event(SWEEP));

        JsonNode result = invoke(handler, SWEEP);

        assertThat(executed).containsExactly(requested.accountId() + "/" + requested.intentId());
        assertThat(result.path("intentId").asText()).isEqualTo(requested.intentId());
    }

    static Stream<String> otherEvents() {
        return eventFiles().stream().filter(f -> !f.equals(REQUESTED) && !f.equals(SWEEP));
    }

    @ParameterizedTest
    @MethodSource("otherEvents")
    void any_other_event_is_a_clear_bad_input_and_moves_nothing(String file) {
        JsonNode result = invoke(handler, file);

        assertBadInput(result, "TopUpRequested");
        assertThat(executed).isEmpty();
    }

    @Test
    void a_top_up_requested_with_a_misspelt_field_is_refused_by_name_and_moves_nothing() {
        ObjectNode event = (ObjectNode) event(REQUESTED).deepCopy();
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.set("intentID", detail.remove("intentId"));

        JsonNode result = invoke(handler, Json.write(event).getBytes(StandardCharsets.UTF_8));

        // The field it lacks is named (the constructor refuses it before the stray one is looked at).
        assertBadInput(result, "TopUpRequested detail has no 'intentId'");
        assertThat(executed).isEmpty();
    }
}
