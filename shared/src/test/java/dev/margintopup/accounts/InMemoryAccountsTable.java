package dev.margintopup.accounts;

import dev.margintopup.account.AccountItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Accounts table in memory, in the plain item form the validator reads. Reads are always
 * current (what a consistent read gives); a test plays the user and puts or deletes items.
 */
public final class InMemoryAccountsTable implements AccountsTable {

    private final Map<String, Map<String, Object>> items = new LinkedHashMap<>();

    /** Puts (or replaces) an item, keyed by its {@code accountId}. */
    public synchronized void put(Map<String, Object> item) {
        Object id = item.get("accountId");
        if (!(id instanceof String accountId)) {
            throw new IllegalArgumentException("an account item needs a string accountId, got " + id);
        }
        items.put(accountId, new LinkedHashMap<>(item));
    }

    public synchronized void delete(String accountId) {
        items.remove(accountId);
    }

    @Override
    public synchronized Optional<AccountItem> read(String accountId) {
        return Optional.ofNullable(items.get(accountId)).map(AccountItem::new);
    }

    @Override
    public synchronized List<AccountItem> all() {
        List<AccountItem> copies = new ArrayList<>();
        items.values().forEach(i -> copies.add(new AccountItem(i)));
        return copies;
    }
}
