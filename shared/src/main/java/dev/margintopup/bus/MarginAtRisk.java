package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.margintopup.json.DecimalString;
import dev.margintopup.json.MissingField;
import dev.margintopup.policy.Decision;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Past the trigger, and a cap or the source balance holds the top-up back (or stops it), or an
 * account protected by moves alone whose venue reported no positions.
 *
 * @param triggerRatio the account's ratio trigger; absent from the wire when it has none
 * @param triggerMovePercent the account's move trigger; absent from the wire when it has none
 */
public record MarginAtRisk(
        String accountId,
        String checkId,
        String venue,
        @DecimalString BigDecimal marginRatio,
        @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalString BigDecimal triggerRatio,
        @JsonInclude(JsonInclude.Include.NON_NULL) @DecimalString BigDecimal triggerMovePercent,
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
        required(cause, "cause");
        requiredText(reason, "reason");
        required(at, "at");
    }
}
