package dev.margintopup.schedulesync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.accounts.AccountItems;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.json.BadInput;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.schedule.ScheduleSync;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fed by the Accounts table's stream (events/schedule-sync-stream.json), and once a day by a
 * schedule with {@code {"reconcile": true}} (events/schedule-sync-reconcile.json).
 */
public final class ScheduleSyncHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSyncHandler.class);

    private final ScheduleSync sync;
    private final AccountsTable accounts;

    public ScheduleSyncHandler() {
        this(Services.fromEnvironment());
    }

    private ScheduleSyncHandler(Services services) {
        this(services.scheduleSync(), services.accountsTable());
        SnapStartPriming.register("schedule-sync", services.scheduleSyncPriming());
    }

    public ScheduleSyncHandler(ScheduleSync sync, AccountsTable accounts) {
        this.sync = sync;
        this.accounts = accounts;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            if (event.path("reconcile").asBoolean(false)) {
                return Map.of("reconciled", sync.reconcile(accounts.all()));
            }
            JsonNode records = event.get("Records");
            if (records == null || !records.isArray()) {
                throw new BadInput("expected a DynamoDB stream event with 'Records', or {\"reconcile\": true}");
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (JsonNode record : records) {
                try {
                    results.add(apply(record));
                } catch (BadInput e) {
                    // One malformed record must not hold back the good ones in the same batch.
                    LOG.error("stream record rejected, nothing changed: {}", e.getMessage());
                    results.add(Map.of("error", "BAD_INPUT", "message", e.getMessage()));
                }
            }
            return Map.of("records", results);
        });
    }

    private Map<String, Object> apply(JsonNode record) {
        String eventName = record.path("eventName").asText("");
        JsonNode dynamodb = record.path("dynamodb");
        String accountId = dynamodb.path("Keys").path("accountId").path("S").asText(null);
        Telemetry.context(Telemetry.ACCOUNT_ID, accountId);
        ScheduleSync.Action action = switch (eventName) {
            case "INSERT", "MODIFY" -> {
                JsonNode image = dynamodb.get("NewImage");
                if (image == null || !image.isObject()) {
                    throw new BadInput("stream record " + record.path("eventID").asText("?")
                            + " has no NewImage; the Accounts stream must use NEW_AND_OLD_IMAGES");
                }
                yield sync.upsert(AccountItems.plain(image));
            }
            case "REMOVE" -> {
                if (accountId == null) {
                    throw new BadInput("REMOVE record " + record.path("eventID").asText("?") + " has no accountId key");
                }
                yield sync.remove(accountId);
            }
            default -> throw new BadInput("unexpected stream eventName '" + eventName + "'");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accountId", accountId);
        result.put("eventName", eventName);
        result.put("action", action.name());
        return result;
    }
}
