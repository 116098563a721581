package dev.margintopup.tick;

import static dev.margintopup.json.MissingField.required;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.json.BadInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One tick, as the deployment's schedule delivers it (events/tick-scheduled.json): the minute
 * Scheduler filled in. Every check the tick hands on carries this time, so a tick delivered twice
 * hands on the same check ids, which the checker de-duplicates.
 */
public record TickRequest(Instant scheduledTime) {

    public static final String SCHEDULED_TIME = "scheduledTime";

    public TickRequest {
        required(scheduledTime, SCHEDULED_TIME);
    }

    @JsonCreator
    static TickRequest fromInput(@JsonProperty(SCHEDULED_TIME) String scheduledTime) {
        required(scheduledTime, SCHEDULED_TIME);
        try {
            return new TickRequest(Instant.parse(scheduledTime));
        } catch (DateTimeParseException e) {
            throw new BadInput("scheduledTime must be an ISO-8601 instant such as 2026-11-24T21:00:00Z, got '"
                    + scheduledTime + "'; the tick's schedule should carry <aws.scheduler.scheduled-time>");
        }
    }
}
