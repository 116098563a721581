package dev.margintopup.bus;

import dev.margintopup.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bus in memory: keeps what was published, in order. Like PutEvents it takes a batch whole
 * or, when told to refuse, throws and keeps none of it.
 */
public final class InMemoryEventPublisher implements EventPublisher {

    private final List<DomainEvent> published = new ArrayList<>();
    private String refusal;
    private int batches;

    @Override
    public synchronized void publish(List<DomainEvent> domainEvents) {
        if (domainEvents.isEmpty()) {
            return;
        }
        batches++;
        if (refusal != null) {
            throw new IllegalStateException(domainEvents.size() + " events were not accepted by the bus: " + refusal);
        }
        published.addAll(domainEvents);
    }

    /** Every later publish fails with this reason, as a bus that does not accept entries would. */
    public synchronized void refuseWith(String reason) {
        this.refusal = reason;
    }

    public synchronized List<DomainEvent> published() {
        return List.copyOf(published);
    }

    public synchronized List<DomainEvent> published(String detailType) {
        return published.stream().filter(e -> e.detailType().equals(detailType)).toList();
    }

    /** How many PutEvents calls were made, accepted or not: what the bus would bill. */
    public synchronized int batches() {
        return batches;
    }

    /** An event's detail as it goes on the wire: field names to strings, booleans, lists and nulls. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> wire(DomainEvent event) {
        return Json.MAPPER.convertValue(Json.tree(event.detail()), Map.class);
    }

    public synchronized void clear() {
        published.clear();
    }
}
