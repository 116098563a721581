package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.alert.Severity;
import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * As {@link PositionLiquidated}, when the venue's records show no liquidation: the owner closed
 * the position while the account was at risk or topping up. Once per episode (decision 0016).
 */
public record PositionClosed(
        String accountId,
        String checkId,
        String venue,
        String marginMode,
        @JsonProperty(required = true) String symbol,
        @JsonProperty(required = true) @DecimalString BigDecimal lastMarginRatio,
        @JsonProperty(required = true) Severity lastSeverity,
        @JsonProperty(required = true) String openIntentId,
        Instant detectedAt) implements EventDetail {

    public PositionClosed {
        requiredText(accountId, "accountId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        requiredText(marginMode, "marginMode");
        required(detectedAt, "detectedAt");
    }
}
