package dev.margintopup.aws;

import dev.margintopup.accounts.AccountItems;
import dev.margintopup.accounts.AccountsTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    public Optional<Map<String, Object>> read(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("accountId", AttributeValue.fromS(accountId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(plain(item));
    }

    @Override
    public List<Map<String, Object>> all() {
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(scan.build());
            page.items().forEach(i -> items.add(plain(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** An item as the SDK returns it, in the plain form of {@link AccountItems}. */
    public static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> plain = new LinkedHashMap<>();
        item.forEach((name, value) -> plain.put(name, plainValue(value)));
        return plain;
    }

    private static Object plainValue(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return AccountItems.number(value.n());
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (Boolean.TRUE.equals(value.nul())) {
            return null;
        }
        return new AccountItems.OtherType(value.type().toString());
    }
}
