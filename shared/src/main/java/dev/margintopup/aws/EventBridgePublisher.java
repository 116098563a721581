package dev.margintopup.aws;

import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.json.Json;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Puts domain events on the service's EventBridge bus, all of one decision in one call. */
public final class EventBridgePublisher implements EventPublisher {

    private final EventBridgeClient events;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    @Override
    public void publish(List<DomainEvent> domainEvents) {
        if (domainEvents.isEmpty()) {
            return;
        }
        List<PutEventsRequestEntry> entries = domainEvents.stream()
                .map(e -> PutEventsRequestEntry.builder()
                        .eventBusName(busName)
                        .source(EventCatalogue.SOURCE)
                        .detailType(e.detailType())
                        .detail(Json.write(e.detail()))
                        .build())
                .toList();
        PutEventsResponse response = events.putEvents(b -> b.entries(entries));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            String codes = response.entries().stream()
                    .filter(r -> r.errorCode() != null)
                    .map(r -> r.errorCode() + " " + r.errorMessage())
                    .distinct()
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("unknown error");
            throw new IllegalStateException(response.failedEntryCount() + " of " + entries.size()
                    + " events were not accepted by bus " + busName + ": " + codes);
        }
    }
}
