package dev.margintopup.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What Scheduler delivers to the checker reads into a {@link CheckRequest}, or is refused by name. */
class CheckRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"checker-scheduled.json", "checker-breach.json"})
    void the_example_scheduled_checks_read_into_a_check_request_with_a_plain_account_item(String file) {
        JsonNode event = read(file);

        CheckRequest request = decode(event);

        assertThat(request.accountId()).isEqualTo(event.path("accountId").asText());
        assertThat(request.scheduledTime()).isEqualTo(Instant.parse("2026-11-24T21:00:00Z"));
        assertThat(request.account().attributes())
                .containsEntry("accountId", request.accountId())
                .containsEntry("triggerRatio", new BigDecimal("0.2"))
                .containsEntry("maxTransfer", new BigDecimal("5000"))
                .containsEntry("enabled", true);
    }

    @Test
    void an_input_without_its_account_id_is_refused_naming_it() {
        assertThatThrownBy(() -> decode(Json.object()))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("no 'accountId' string");
    }

    @Test
    void an_input_without_its_account_item_says_how_to_get_it_back() {
        ObjectNode event = (ObjectNode) read("checker-scheduled.json").deepCopy();
        event.remove("account");

        assertThatThrownBy(() -> decode(event))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("no 'account' object");
    }

    @Test
    void a_scheduled_time_left_as_the_scheduler_placeholder_is_refused_naming_the_placeholder() {
        ObjectNode event = ((ObjectNode) read("checker-scheduled.json").deepCopy())
                .put("scheduledTime", "<aws.scheduler.scheduled-time>");

        assertThatThrownBy(() -> decode(event))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("scheduledTime must be an ISO-8601 instant")
                .hasMessageContaining("<aws.scheduler.scheduled-time>");
    }

    @Test
    void an_unknown_field_is_refused_by_name() {
        ObjectNode event = ((ObjectNode) read("checker-scheduled.json").deepCopy()).put("acountId", "x");

        assertThatThrownBy(() -> decode(event))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("unknown field 'acountId'");
    }

    @Test
    void scheduler_fields_of_schedules_written_before_they_were_dropped_are_still_accepted() {
        ObjectNode event = ((ObjectNode) read("checker-scheduled.json").deepCopy())
                .put("executionId", "4f1c2a9e-7d3b-4e2a-9b61-0c5d8e7f1a23").put("attempt", "1");

        assertThat(decode(event).accountId()).isEqualTo("desk-btc-cross");
    }

    private static CheckRequest decode(JsonNode event) {
        return Json.decode(event, CheckRequest.class, "the scheduled check");
    }

    static JsonNode read(String file) {
        try (InputStream in = Files.newInputStream(Path.of("..", "events", file))) {
            return Json.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
