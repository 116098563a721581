package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The venue moved a sweep's excess margin back to the owner's wallet.
 *
 * @param marginRatioAfter the ratio re-read after the sweep; {@code null} (but present) when that read failed
 * @param reconciled the transfer was found by reconciling an earlier attempt, not sent now
 */
public record SweepCompleted(
        String accountId,
        String intentId,
        String venue,
        String asset,
        @DecimalString BigDecimal amount,
        String toWallet,
        String venueTransferId,
        @DecimalString BigDecimal marginRatioBefore,
        @JsonProperty(required = true) @DecimalString BigDecimal marginRatioAfter,
        Boolean reconciled,
        Instant completedAt) implements EventDetail {

    public SweepCompleted {
        requiredText(accountId, "accountId");
        requiredText(intentId, "intentId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        required(amount, "amount");
        requiredText(toWallet, "toWallet");
        requiredText(venueTransferId, "venueTransferId");
        required(marginRatioBefore, "marginRatioBefore");
        required(reconciled, "reconciled");
        required(completedAt, "completedAt");
    }
}
