package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The venue applied a top-up.
 *
 * @param marginRatioAfter the ratio re-read after the transfer; {@code null} (but present) when that read failed
 * @param reconciled the transfer was found by reconciling an earlier attempt, not sent now
 */
public record TopUpCompleted(
        String accountId,
        String intentId,
        String venue,
        String asset,
        @DecimalString BigDecimal amount,
        String venueTransferId,
        @DecimalString BigDecimal marginRatioBefore,
        @JsonProperty(required = true) @DecimalString BigDecimal marginRatioAfter,
        Boolean reconciled,
        Instant completedAt) implements EventDetail {

    public TopUpCompleted {
        requiredText(accountId, "accountId");
        requiredText(intentId, "intentId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        required(amount, "amount");
        requiredText(venueTransferId, "venueTransferId");
        required(marginRatioBefore, "marginRatioBefore");
        required(reconciled, "reconciled");
        required(completedAt, "completedAt");
    }
}
