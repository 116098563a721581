package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A sweep that did not complete: nothing moved (the amount goes back to the day's sweep cap), or the
 * venue cannot say (the account stays held until its history settles the intent).
 */
public record SweepFailed(
        String accountId,
        String intentId,
        String venue,
        String asset,
        @DecimalString BigDecimal amount,
        String toWallet,
        TopUpFailed.Outcome outcome,
        String reason,
        Instant failedAt) implements EventDetail {

    public SweepFailed {
        requiredText(accountId, "accountId");
        requiredText(intentId, "intentId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        required(amount, "amount");
        requiredText(toWallet, "toWallet");
        required(outcome, "outcome");
        requiredText(reason, "reason");
        required(failedAt, "failedAt");
    }
}
