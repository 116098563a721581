package dev.margintopup.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What a history's outside world saw: every event published, every check's result, every error message. */
final class Observed {

    /** One published event, as it went on the bus. */
    record Published(Instant at, String detailType, JsonNode detail) {}

    /** The account item changed (or was restored) at this moment. */
    record ConfigChange(Instant at, String accountId) {}

    /** One check's result, as the checker returned it. */
    record Checked(Instant at, String accountId, JsonNode result) {}

    /** A check the checker began, with the minute its input was for (the scheduled time). */
    record Started(String accountId, Instant scheduled) {}

    /**
     * What a tick history's minutes owed: the accounts the table held enabled, valid and due at each minute, the
     * minutes whose tick was lost or died, and the accounts a tick could not queue.
     */
    final Map<Instant, Set<String>> due = new TreeMap<>();
    final Set<Instant> ticksMissed = new HashSet<>();
    final Map<Instant, Set<String>> notQueued = new HashMap<>();
    final Set<Started> started = new HashSet<>();
    final List<Published> events = new ArrayList<>();
    final List<Checked> checks = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<ConfigChange> configChanges = new ArrayList<>();
    int venueRequests;

    void published(DomainEvent event, Instant at) {
        events.add(new Published(at, event.detailType(), Json.tree(event.detail())));
    }

    void checked(String accountId, JsonNode result, Instant at) {
        checks.add(new Checked(at, accountId, result));
    }

    void message(String message) {
        if (message != null) {
            messages.add(message);
        }
    }

    void configChanged(String accountId, Instant at) {
        configChanges.add(new ConfigChange(at, accountId));
    }
}
