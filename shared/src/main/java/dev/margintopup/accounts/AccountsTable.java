package dev.margintopup.accounts;

import dev.margintopup.account.AccountItem;
import java.util.List;
import java.util.Optional;

/**
 * The user-managed Accounts table, read only: it is the user's config, the service never writes
 * it. Items come back as {@link AccountItem}s, the form the account validator reads (see
 * {@link AccountItems}). The DynamoDB implementation is {@code aws.DynamoAccountsTable}.
 */
public interface AccountsTable {

    /** A strongly consistent read: the transfer must not move money on a config seconds stale. */
    Optional<AccountItem> read(String accountId);

    /** Every item, strongly consistent: for the daily schedule reconcile. */
    List<AccountItem> all();

    /**
     * Every item, eventually consistent (half the read units of {@link #all()}): for the tick, which
     * reads the whole table each minute and may see a change a second late, as a schedule would.
     */
    default List<AccountItem> allEventuallyConsistent() {
        return all();
    }
}
