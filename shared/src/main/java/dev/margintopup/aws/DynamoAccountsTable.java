package dev.margintopup.aws;

import dev.margintopup.account.AccountItem;
import dev.margintopup.accounts.AccountItems;
import dev.margintopup.accounts.AccountsTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The {@link AccountsTable} on DynamoDB. */
public final class DynamoAccountsTable implements AccountsTable {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAccountsTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<AccountItem> read(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("accountId", AttributeValue.fromS(accountId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AccountItems.from(item));
    }

    @Override
    public List<AccountItem> all() {
        return scan(true);
    }

    // Whole items, no projection: a Scan is billed by the size of the items it reads, not of what it
    // returns, and an attribute left out would hide a misspelt field the validator must refuse.
    @Override
    public List<AccountItem> allEventuallyConsistent() {
        return scan(false);
    }

    private List<AccountItem> scan(boolean consistent) {
        List<AccountItem> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(consistent);
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
