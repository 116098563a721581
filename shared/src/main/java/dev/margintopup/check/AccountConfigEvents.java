package dev.margintopup.check;

import dev.margintopup.account.FieldProblem;
import dev.margintopup.bus.AccountConfigInvalid;
import dev.margintopup.bus.DomainEvent;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** Builds {@code AccountConfigInvalid}: every bad field by name, with the reason. */
public final class AccountConfigEvents {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,48}");

    private AccountConfigEvents() {}

    public static DomainEvent invalid(String accountId, List<FieldProblem> problems, String reportedBy, Instant at) {
        return new DomainEvent(new AccountConfigInvalid(accountId, problems, reportedBy, at));
    }

    /** Whether the id can key ledger items (an invalid id still gets its event, but no audit row). */
    public static boolean isUsableAccountId(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches();
    }
}
