package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.alert.Severity;
import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The position vanished while the account was at risk (its last {@code MarginAtRisk} still open)
 * or topping up (an intent open), and the venue does not say its owner closed it. Once per
 * episode (decision 0016).
 *
 * @param symbol the position's symbol where the venue or the account names one, else {@code null}
 * @param cause {@code liquidation} when the venue's records show it, {@code unknown} when the venue
 *     keeps no record the adapter reads in one request
 * @param liquidationPrice the mark the venue liquidated at; {@code null} when unknown
 * @param liquidatedAt when the venue liquidated it; {@code null} when unknown
 * @param lastMarginRatio the last ratio the ledger recorded for the account
 * @param lastSeverity the level of the last {@code MarginAtRisk} sent, {@code null} when none was
 * @param openIntentId the top-up under way when it vanished, {@code null} when none was
 */
public record PositionLiquidated(
        String accountId,
        String checkId,
        String venue,
        String marginMode,
        @JsonProperty(required = true) String symbol,
        String cause,
        @JsonProperty(required = true) @DecimalString BigDecimal liquidationPrice,
        @JsonProperty(required = true) Instant liquidatedAt,
        @JsonProperty(required = true) @DecimalString BigDecimal lastMarginRatio,
        @JsonProperty(required = true) Severity lastSeverity,
        @JsonProperty(required = true) String openIntentId,
        Instant detectedAt) implements EventDetail {

    public static final String CAUSE_LIQUIDATION = "liquidation";
    public static final String CAUSE_UNKNOWN = "unknown";

    public PositionLiquidated {
        requiredText(accountId, "accountId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        requiredText(marginMode, "marginMode");
        requiredText(cause, "cause");
        required(detectedAt, "detectedAt");
    }
}
