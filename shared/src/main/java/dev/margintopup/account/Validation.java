package dev.margintopup.account;

import java.util.List;
import java.util.Objects;

/** The outcome of validating one account item. */
public sealed interface Validation {

    /**
     * The item is a usable account.
     *
     * @param warnings allowed but worth showing the user (one key for reading and transferring, ...)
     */
    record Valid(AccountConfig config, List<String> warnings) implements Validation {
        public Valid {
            Objects.requireNonNull(config, "config");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The item cannot be used; {@code problems} names every bad field, not just the first.
     *
     * @param accountId the item's account id, or {@code null} when it is missing or itself invalid
     */
    record Invalid(String accountId, List<FieldProblem> problems) implements Validation {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid item has at least one problem");
            }
        }
    }
}
