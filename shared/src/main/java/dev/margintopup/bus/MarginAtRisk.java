package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.alert.Severity;
import dev.margintopup.json.DecimalString;
import dev.margintopup.json.MissingField;
import dev.margintopup.policy.Decision;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Past the trigger, and a cap or the source balance holds the top-up back (or stops it), or an
 * account protected by moves alone whose venue reported no positions. Sent again at once when
 * the situation worsens (decision 0016).
 *
 * @param triggerRatio the account's ratio trigger; absent from the wire when it has none
 * @param triggerMovePercent the account's move trigger; absent from the wire when it has none
 * @param severity how bad it is ({@link Severity})
 * @param distanceToLiquidation the adverse price move to liquidation as a fraction of the mark;
 *     {@code null} (but present) where the venue gives neither positions nor a liquidation price
 * @param shortfall what the policy needed and could not move, in {@code asset}
 */
public record MarginAtRisk(
        String accountId,
        String checkId,
        String venue,
        @DecimalString BigDecimal marginRatio,
        @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalString BigDecimal triggerRatio,
        @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalString BigDecimal triggerMovePercent,
        Severity severity,
        @JsonProperty(required = true) @DecimalString BigDecimal distanceToLiquidation,
        @DecimalString BigDecimal shortfall,
        String asset,
        Decision.Limit cause,
        String reason,
        Instant at) implements EventDetail {

    public MarginAtRisk {
        requiredText(accountId, "accountId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        required(marginRatio, "marginRatio");
        if (triggerRatio == null && triggerMovePercent == null) {
            // Every account has at least one of the two triggers.
            throw new MissingField("triggerRatio");
        }
        required(severity, "severity");
        required(shortfall, "shortfall");
        requiredText(asset, "asset");
        required(cause, "cause");
        requiredText(reason, "reason");
        required(at, "at");
    }
}
