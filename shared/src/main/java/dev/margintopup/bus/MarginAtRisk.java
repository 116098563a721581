package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import dev.margintopup.policy.Decision;
import dev.margintopup.json.DecimalString;
import java.math.BigDecimal;
import java.time.Instant;

/** Past the trigger, and a cap or the source balance holds the top-up back (or stops it). */
public record MarginAtRisk(
        String accountId,
        String checkId,
        String venue,
        @DecimalString BigDecimal marginRatio,
        @DecimalString BigDecimal triggerRatio,
        Decision.Limit cause,
        String reason,
        Instant at) implements EventDetail {

    public MarginAtRisk {
        requiredText(accountId, "accountId");
        requiredText(checkId, "checkId");
        requiredText(venue, "venue");
        required(marginRatio, "marginRatio");
        required(triggerRatio, "triggerRatio");
        required(cause, "cause");
        requiredText(reason, "reason");
        required(at, "at");
    }
}
