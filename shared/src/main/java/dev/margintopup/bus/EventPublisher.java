package dev.margintopup.bus;

import java.util.List;

/**
 * Puts domain events on the service's bus, all of one decision in one call. The EventBridge
 * implementation is {@code aws.EventBridgePublisher}.
 */
public interface EventPublisher {

    default void publish(DomainEvent... domainEvents) {
        publish(List.of(domainEvents));
    }

    /**
     * Puts every event, or throws when any of them was not accepted, so the caller's invocation
     * fails and is retried. An empty list puts nothing.
     */
    void publish(List<DomainEvent> domainEvents);
}
