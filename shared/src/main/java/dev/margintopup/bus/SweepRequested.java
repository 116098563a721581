package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A check found a calm account holding margin above its sweep ratio and recorded a sweep's intent;
 * the transfer function carries it out (decision 0027).
 *
 * @param toWallet the owner's wallet the excess goes back to
 * @param expectedRatio the margin ratio once the amount has left, at most the sweep ratio
 */
public record SweepRequested(
        String accountId,
        String intentId,
        String checkId,
        String venue,
        String asset,
        @DecimalString BigDecimal amount,
        String toWallet,
        @DecimalString BigDecimal marginRatio,
        @DecimalString BigDecimal expectedRatio,
        Instant requestedAt) implements EventDetail {

    public SweepRequested {
        requiredText(accountId, "accountId");
        requiredText(intentId, "intentId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        required(amount, "amount");
        requiredText(toWallet, "toWallet");
        required(marginRatio, "marginRatio");
        required(expectedRatio, "expectedRatio");
        required(requestedAt, "requestedAt");
    }
}
