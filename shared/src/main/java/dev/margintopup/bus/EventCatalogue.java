package dev.margintopup.bus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import dev.margintopup.json.MissingField;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every event the service puts on its bus: its {@code detail-type}, the record its detail
 * decodes into, and the example of it in {@code events/} (a test holds the three together).
 */
public enum EventCatalogue {

    TOP_UP_REQUESTED("TopUpRequested", TopUpRequested.class, "top-up-requested.json"),
    TOP_UP_COMPLETED("TopUpCompleted", TopUpCompleted.class, "top-up-completed.json"),
    TOP_UP_FAILED("TopUpFailed", TopUpFailed.class, "top-up-failed.json"),
    MARGIN_AT_RISK("MarginAtRisk", MarginAtRisk.class, "margin-at-risk.json"),
    ACCOUNT_CONFIG_INVALID("AccountConfigInvalid", AccountConfigInvalid.class, "account-config-invalid.json"),
    POSITION_LIQUIDATED("PositionLiquidated", PositionLiquidated.class, "position-liquidated.json"),
    POSITION_CLOSED("PositionClosed", PositionClosed.class, "position-closed.json"),
    RESCUE_CAPACITY_LOW("RescueCapacityLow", RescueCapacityLow.class, "rescue-capacity-low.json"),
    SWEEP_REQUESTED("SweepRequested", SweepRequested.class, "sweep-requested.json"),
    SWEEP_COMPLETED("SweepCompleted", SweepCompleted.class, "sweep-completed.json"),
    SWEEP_FAILED("SweepFailed", SweepFailed.class, "sweep-failed.json");

    /** The {@code source} of every event the service publishes. */
    public static final String SOURCE = "margin-topup";

    private final String detailType;
    private final Class<? extends EventDetail> detailRecord;
    private final String exampleFile;

    EventCatalogue(String detailType, Class<? extends EventDetail> detailRecord, String exampleFile) {
        this.detailType = detailType;
        this.detailRecord = detailRecord;
        this.exampleFile = exampleFile;
    }

    public String detailType() {
        return detailType;
    }

    public Class<? extends EventDetail> detailRecord() {
        return detailRecord;
    }

    /** The file in {@code events/} that shows this event with its full EventBridge envelope. */
    public String exampleFile() {
        return exampleFile;
    }

    public static EventCatalogue of(EventDetail detail) {
        return Arrays.stream(values()).filter(e -> e.detailRecord == detail.getClass()).findFirst()
                .orElseThrow(() -> new IllegalStateException(detail.getClass() + " is not in the catalogue"));
    }

    public static Optional<EventCatalogue> named(String detailType) {
        return Arrays.stream(values()).filter(e -> e.detailType.equals(detailType)).findFirst();
    }

    /**
     * Reads an event as EventBridge delivers it and decodes its detail into the record its
     * {@code detail-type} names; anything else is a {@link BadInput} saying what is wrong.
     */
    public static EventDetail decode(JsonNode event) {
        Envelope envelope = Json.decode(event, Envelope.class, "the EventBridge event");
        if (!SOURCE.equals(envelope.source())) {
            throw new BadInput("the event's source is '" + envelope.source() + "', expected '" + SOURCE + "'");
        }
        EventCatalogue type = named(envelope.detailType()).orElseThrow(() -> new BadInput(
                "the event's detail-type '" + envelope.detailType() + "' is not one of "
                        + Arrays.stream(values()).map(EventCatalogue::detailType).toList()));
        return Json.decode(envelope.detail(), type.detailRecord, "the " + type.detailType + " detail");
    }

    /** Reads an event that must be of this type. */
    public <T extends EventDetail> T decodeOnly(JsonNode event, Class<T> record) {
        if (record != detailRecord) {
            throw new IllegalArgumentException(record + " is not the detail of " + detailType);
        }
        String actual = event.path("detail-type").asText("");
        if (!detailType.equals(actual)) {
            throw new BadInput("expected an EventBridge event with detail-type " + detailType + ", got '" + actual + "'");
        }
        return record.cast(decode(event));
    }

    /**
     * The parts of EventBridge's envelope the service reads. The rest (id, time, account,
     * region, resources, replay-name, ...) is EventBridge's and may grow, so it is not checked.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(@JsonProperty("detail-type") String detailType, String source, JsonNode detail) {
        Envelope {
            MissingField.requiredText(detailType, "detail-type");
            MissingField.requiredText(source, "source");
            if (detail == null || !detail.isObject()) {
                throw new MissingField("detail");
            }
        }
    }
}
