package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/** A check decided a top-up and recorded its intent; the transfer function carries it out. */
public record TopUpRequested(
        String accountId,
        String intentId,
        String checkId,
        String venue,
        String asset,
        @DecimalString BigDecimal amount,
        @DecimalString BigDecimal marginRatio,
        @DecimalString BigDecimal expectedRatio,
        Instant requestedAt) implements EventDetail {

    public TopUpRequested {
        requiredText(accountId, "accountId");
        requiredText(intentId, "intentId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        required(amount, "amount");
        required(marginRatio, "marginRatio");
        required(expectedRatio, "expectedRatio");
        required(requestedAt, "requestedAt");
    }
}
