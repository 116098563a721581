package dev.margintopup.schedulesync;

import static dev.margintopup.testing.FunctionHarness.event;
import static dev.margintopup.testing.FunctionHarness.assertBadInput;
import static dev.margintopup.testing.FunctionHarness.eventFiles;
import static dev.margintopup.testing.FunctionHarness.invoke;
import static dev.margintopup.testing.FunctionHarness.typed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.AccountItem;
import dev.margintopup.json.Json;
import dev.margintopup.schedule.AccountsStreamEvent;
import dev.margintopup.schedule.ScheduleSync.Action;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** schedule-sync's handler: stream records and the daily reconcile reach the sync as typed items. */
class ScheduleSyncHandlerTest {

    private final List<String> calls = new ArrayList<>();

    private final ScheduleSyncHandler handler = new ScheduleSyncHandler(new ScheduleSyncHandler.Sync() {
        @Override
        public Action upsert(AccountItem item) {
            calls.add("upsert " + item.accountId());
            upserted.add(item);
            return Boolean.TRUE.equals(item.attributes().get("enabled")) ? Action.CREATED : Action.DISABLED;
        }

        @Override
        public Action remove(String accountId) {
            calls.add("remove " + accountId);
            return Action.DELETED;
        }

        @Override
        public Map<String, Action> reconcile() {
            calls.add("reconcile");
            return Map.of("desk-btc-cross", Action.UPDATED);
        }
    });

    private final List<AccountItem> upserted = new ArrayList<>();

    @ParameterizedTest
    @ValueSource(strings = {"schedule-sync-insert.json", "schedule-sync-disable.json"})
    void a_changed_item_reaches_the_sync_as_the_account_item_of_its_new_image(String file) {
        JsonNode record = typed(file, AccountsStreamEvent.class).records().getFirst();
        AccountItem expected = Json.decode(record, AccountsStreamEvent.Change.class, file).newItem();

        JsonNode result = invoke(handler, file);

        assertThat(upserted).containsExactly(expected);
        assertThat(result.path("records").get(0).path("accountId").asText()).isEqualTo("desk-btc-cross");
        assertThat(result.path("records").get(0).path("action").asText())
                .isEqualTo(Boolean.TRUE.equals(expected.attributes().get("enabled")) ? "CREATED" : "DISABLED");
    }

    @Test
    void a_removed_item_reaches_the_sync_by_its_key() {
        JsonNode result = invoke(handler, "schedule-sync-remove.json");

        assertThat(calls).containsExactly("remove desk-btc-cross");
        assertThat(result.path("records").get(0).path("action").asText()).isEqualTo("DELETED");
    }

    @Test
    void the_daily_reconcile_reaches_the_sync() {
        JsonNode result = invoke(handler, "schedule-sync-reconcile.json");

        assertThat(calls).containsExactly("reconcile");
        assertThat(result.path("reconciled").path("desk-btc-cross").asText()).isEqualTo("UPDATED");
    }

    static Stream<String> eventsForOtherFunctions() {
        return eventFiles().stream().filter(f -> !f.startsWith("schedule-sync-"));
    }

    @ParameterizedTest
    @MethodSource("eventsForOtherFunctions")
    void an_event_made_for_another_function_is_a_clear_bad_input_and_changes_no_schedule(String file) {
        JsonNode result = invoke(handler, file);

        assertBadInput(result, "'Records'");
        assertThat(calls).isEmpty();
    }

    @Test
    void a_malformed_record_is_reported_by_name_and_does_not_hold_back_the_good_one_beside_it() {
        ObjectNode batch = (ObjectNode) event("schedule-sync-insert.json").deepCopy();
        ObjectNode bad = (ObjectNode) batch.get("Records").get(0).deepCopy();
        bad.put("eventName", "UPSERT");
        ((ArrayNode) batch.get("Records")).insert(0, bad);

        JsonNode result = invoke(handler, Json.write(batch).getBytes(StandardCharsets.UTF_8));

        assertThat(result.path("records").get(0).path("error").asText()).isEqualTo("BAD_INPUT");
        assertThat(result.path("records").get(0).path("message").asText()).contains("'eventName'");
        assertThat(result.path("records").get(1).path("action").asText()).isEqualTo("CREATED");
        assertThat(calls).containsExactly("upsert desk-btc-cross");
    }

    @Test
    void a_reconcile_request_with_anything_else_in_it_is_refused_by_name_and_reconciles_nothing() {
        JsonNode result = invoke(handler, "{\"reconcile\": true, \"dryRun\": true}".getBytes(StandardCharsets.UTF_8));

        assertBadInput(result, "'dryRun'");
        assertThat(calls).isEmpty();
    }
}
