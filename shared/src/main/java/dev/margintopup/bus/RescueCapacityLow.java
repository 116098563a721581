package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The position could absorb less than the account's {@code rescueMovePercent}, even with everything
 * its sources may still give: sent once per change of level ({@code LOW}, then {@code CRITICAL}).
 */
public record RescueCapacityLow(
        String accountId,
        String checkId,
        String venue,
        @JsonProperty(required = true) @DecimalString BigDecimal rescueMovePercent,
        @JsonProperty(required = true) @DecimalString BigDecimal capacityMovePercent,
        @JsonProperty(required = true) @DecimalString BigDecimal sourcesMayGive,
        String asset,
        String level,
        Instant at) implements EventDetail {

    public RescueCapacityLow {
        requiredText(accountId, "accountId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        requiredText(asset, "asset");
        requiredText(level, "level");
        required(at, "at");
    }
}
