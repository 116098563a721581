package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/** A top-up that did not complete: nothing moved, or the venue cannot say. */
public record TopUpFailed(
        String accountId,
        String intentId,
        String venue,
        String asset,
        @DecimalString BigDecimal amount,
        Outcome outcome,
        String reason,
        Instant failedAt) implements EventDetail {

    public TopUpFailed {
        requiredText(accountId, "accountId");
        requiredText(intentId, "intentId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        required(amount, "amount");
        required(outcome, "outcome");
        requiredText(reason, "reason");
        required(failedAt, "failedAt");
    }

    public enum Outcome {
        /** Nothing moved; the amount goes back to the day's cap. */
        FAILED,
        /** The venue cannot say; the account stays held until its history settles the intent. */
        UNKNOWN
    }
}
