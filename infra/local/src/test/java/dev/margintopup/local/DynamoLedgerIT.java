package dev.margintopup.local;

import static org.assertj.core.api.Assertions.fail;

import dev.margintopup.aws.DynamoLedger;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.ledger.LedgerContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ledger contract against {@link DynamoLedger} on the emulator, with the Ledger table exactly
 * as template.yaml defines it. The emulator never runs DynamoDB's TTL process, so
 * {@link #deleteExpired()} does what it does: deletes the account's items whose
 * {@code expiresAt} has passed by the ledger's clock.
 */
class DynamoLedgerIT extends LedgerContract {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());

    private static DynamoDbClient dynamo;
    private static String table;

    @BeforeAll
    static void createTable() {
        if (System.getenv(EmulatorConnection.ENDPOINT_VARIABLE) == null) {
            fail("AWS_ENDPOINT_URL is not set: integration tests run against the emulator. Run them with"
                    + " infra/bin/test, which starts one, or point AWS_ENDPOINT_URL at a running moto/LocalStack.");
        }
        EmulatorConnection emulator = EmulatorConnection.fromEnvironment().requireReachable(Duration.ofSeconds(3));
        LocalResources resources = EmulatorBootstrap.create(TEMPLATE,
                "ledger-" + UUID.randomUUID().toString().substring(0, 8), emulator);
        dynamo = emulator.dynamoDb();
        table = resources.ledgerTable();
    }

    @AfterAll
    static void closeClient() {
        dynamo.close();
    }

    @Override
    protected Ledger ledger(Clock clock, Duration retention) {
        return new DynamoLedger(dynamo, table, clock, retention);
    }

    @Override
    protected Map<String, Instant> expiries(String accountId) {
        Map<String, Instant> expiries = new TreeMap<>();
        for (Map<String, AttributeValue> item : items(accountId)) {
            String sk = item.get("sk").s();
            String key = sk.startsWith("AUDIT#") ? "AUDIT#" + item.get("kind").s() : sk;
            AttributeValue expiresAt = item.get("expiresAt");
            expiries.put(key, expiresAt == null ? null : Instant.ofEpochSecond(Long.parseLong(expiresAt.n())));
        }
        return expiries;
    }

    @Override
    protected void deleteExpired() {
        long now = clock.instant().getEpochSecond();
        for (Map<String, AttributeValue> item : items(accountId)) {
            AttributeValue expiresAt = item.get("expiresAt");
            if (expiresAt != null && Long.parseLong(expiresAt.n()) < now) {
                Map<String, AttributeValue> key = new HashMap<>();
                key.put("pk", item.get("pk"));
                key.put("sk", item.get("sk"));
                dynamo.deleteItem(b -> b.tableName(table).key(key));
            }
        }
    }

    private static Iterable<Map<String, AttributeValue>> items(String accountId) {
        return dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACCOUNT#" + accountId))))
                .items();
    }
}
