package dev.margintopup.schedulesync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.AccountItem;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.schedule.AccountsStreamEvent;
import dev.margintopup.schedule.ReconcileRequest;
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
 * Fed by the Accounts table's stream (events/schedule-sync-insert.json, -disable, -remove), and
 * once a day by a schedule with {@code {"reconcile": true}} (events/schedule-sync-reconcile.json).
 */
public final class ScheduleSyncHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSyncHandler.class);

    private final Sync sync;

    /** What the handler asks of the shared code. */
    interface Sync {
        ScheduleSync.Action upsert(AccountItem item);

        ScheduleSync.Action remove(String accountId);

        /** Every item in the Accounts table gets its schedule; schedules without an item go. */
        Map<String, ScheduleSync.Action> reconcile();
    }

    public ScheduleSyncHandler() {
        this(Services.forScheduleSync());
    }

    private ScheduleSyncHandler(Services services) {
        this(services.scheduleSync(), services.accountsTable());
        SnapStartPriming.register("schedule-sync", services.scheduleSyncPriming());
    }

    public ScheduleSyncHandler(ScheduleSync sync, AccountsTable accounts) {
        this(new Sync() {
            @Override
            public ScheduleSync.Action upsert(AccountItem item) {
                return sync.upsert(item);
            }

            @Override
            public ScheduleSync.Action remove(String accountId) {
                return sync.remove(accountId);
            }

            @Override
            public Map<String, ScheduleSync.Action> reconcile() {
                return sync.reconcile(accounts.all());
            }
        });
    }

    /** The handler around any sync, for tests of the handler alone. */
    ScheduleSyncHandler(Sync sync) {
        this.sync = sync;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            if (event.has(ReconcileRequest.RECONCILE)) {
                Json.decode(event, ReconcileRequest.class, "the reconcile request");
                return Map.of("reconciled", sync.reconcile());
            }
            if (!event.path("Records").isArray()) {
                throw new BadInput("expected a DynamoDB stream event with 'Records', or {\"reconcile\": true}");
            }
            AccountsStreamEvent batch = Json.decode(event, AccountsStreamEvent.class, "the stream event");
            List<Map<String, Object>> results = new ArrayList<>();
            for (JsonNode record : batch.records()) {
                try {
                    results.add(apply(Json.decode(record, AccountsStreamEvent.Change.class, "the stream record")));
                } catch (BadInput e) {
                    // One malformed record must not hold back the good ones in the same batch.
                    LOG.error("stream record rejected, nothing changed: {}", e.getMessage());
                    results.add(Map.of("error", "BAD_INPUT", "message", e.getMessage()));
                }
            }
            return Map.of("records", results);
        });
    }

    private Map<String, Object> apply(AccountsStreamEvent.Change change) {
        String accountId = change.accountId();
        Telemetry.context(Telemetry.ACCOUNT_ID, accountId);
        ScheduleSync.Action action = switch (change.eventName()) {
            case INSERT, MODIFY -> sync.upsert(change.newItem());
            case REMOVE -> {
                if (accountId == null) {
                    throw new BadInput("REMOVE record " + change.eventID() + " has no accountId key");
                }
                yield sync.remove(accountId);
            }
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accountId", accountId);
        result.put("eventName", change.eventName().name());
        result.put("action", action.name());
        return result;
    }
}
