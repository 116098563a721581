package dev.margintopup.check;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.account.AccountItem;
import dev.margintopup.json.BadInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One scheduled check, exactly as the account's schedule delivers it: the account id, the time
 * Scheduler filled in, and the account item that schedule-sync validated and embedded.
 */
// Schedules written by earlier versions also carry Scheduler's execution id and attempt number,
// which nothing reads; they are accepted until the daily reconcile rewrites those schedules.
@JsonIgnoreProperties({"executionId", "attempt"})
public record CheckRequest(String accountId, Instant scheduledTime, AccountItem account) {

    public static final String ACCOUNT_ID = "accountId";
    public static final String SCHEDULED_TIME = "scheduledTime";
    public static final String ACCOUNT = "account";

    /** Scheduler's context attribute for the time an invocation was scheduled for, filled in at each one. */
    public static final String SCHEDULED_TIME_PLACEHOLDER = "<aws.scheduler.scheduled-time>";

    public CheckRequest {
        requiredText(accountId, ACCOUNT_ID);
        required(scheduledTime, SCHEDULED_TIME);
        required(account, ACCOUNT);
    }

    /**
     * The schedule's input. The time arrives as text and is read here, so that a schedule whose
     * placeholder was not filled in says so.
     */
    @JsonCreator
    static CheckRequest fromInput(@JsonProperty(ACCOUNT_ID) String accountId,
            @JsonProperty(SCHEDULED_TIME) String scheduledTime, @JsonProperty(ACCOUNT) AccountItem account) {
        requiredText(accountId, ACCOUNT_ID);
        if (account == null) {
            throw new BadInput("the event has no 'account' object; schedule-sync embeds the validated account"
                    + " item there (recreate the schedule by touching the account item)");
        }
        return new CheckRequest(accountId, scheduledTime == null ? null : instant(scheduledTime), account);
    }

    private static Instant instant(String scheduledTime) {
        try {
            return Instant.parse(scheduledTime);
        } catch (DateTimeParseException e) {
            throw new BadInput("scheduledTime must be an ISO-8601 instant such as 2026-11-24T21:00:00Z, got '"
                    + scheduledTime + "'; the schedule's input should carry " + SCHEDULED_TIME_PLACEHOLDER);
        }
    }
}
