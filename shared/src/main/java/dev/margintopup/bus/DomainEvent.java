package dev.margintopup.bus;

import dev.margintopup.json.MissingField;

/**
 * An event for the service's bus: a typed detail, whose {@code detail-type} the
 * {@link EventCatalogue} gives. The detail holds ids, amounts, ratios and reasons, never a key
 * or a secret.
 */
public record DomainEvent(EventDetail detail) {

    public DomainEvent {
        MissingField.required(detail, "detail");
    }

    public String detailType() {
        return EventCatalogue.of(detail).detailType();
    }
}
