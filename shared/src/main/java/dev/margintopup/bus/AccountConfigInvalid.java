package dev.margintopup.bus;

import static dev.margintopup.json.MissingField.required;
import static dev.margintopup.json.MissingField.requiredText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.margintopup.account.FieldProblem;
import java.time.Instant;
import java.util.List;

/**
 * An account item (or its key) cannot be used: every bad field by name, with the reason.
 *
 * @param accountId the item's account id as written, which may itself be what is wrong; {@code null}
 *     (but present) when the item has none
 * @param reportedBy {@code schedule-sync}, {@code checker} or {@code transfer}
 */
public record AccountConfigInvalid(
        @JsonProperty(required = true) String accountId,
        List<FieldProblem> problems,
        String reportedBy,
        Instant at) implements EventDetail {

    public AccountConfigInvalid {
        // An item without an account id is still reported, with a null accountId.
        required(problems, "problems");
        problems = List.copyOf(problems);
        requiredText(reportedBy, "reportedBy");
        required(at, "at");
    }
}
