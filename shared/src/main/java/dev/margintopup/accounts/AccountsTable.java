package dev.margintopup.accounts;

import dev.margintopup.account.AccountItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Reads the user-managed Accounts table. The service never writes it: it is the user's config. */
public final class AccountsTable {

    private final DynamoDbClient dynamo;
    private final String table;

    public AccountsTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A strongly consistent read: the transfer must not move money on a config seconds stale. */
    public Optional<AccountItem> read(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("accountId", AttributeValue.fromS(accountId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AccountItems.from(item));
    }

    /** Every item, for the daily schedule reconcile. */
    public List<AccountItem> all() {
        List<AccountItem> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(scan.build());
            page.items().forEach(i -> items.add(AccountItems.from(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
