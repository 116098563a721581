package dev.margintopup.simulator;

import dev.margintopup.aws.DynamoLedger;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.ledger.LedgerContract;
import dev.margintopup.simulator.dynamo.SimDynamo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's contract, which DynamoLedger also passes on the emulator (DynamoLedgerIT), against
 * DynamoLedger on the simulator's in-process DynamoDB through the real SDK client: the histories'
 * DynamoDB keeps every promise the ledger relies on.
 */
class DynamoLedgerOnSimDynamoTest extends LedgerContract {

    private final SimDynamo dynamo = new SimDynamo();

    @Override
    protected Ledger ledger(Clock clock, Duration retention) {
        return new DynamoLedger(SimDynamoClient.of(dynamo), History.LEDGER_TABLE, clock, retention);
    }

    @Override
    protected Map<String, Instant> expiries(String accountId) {
        Map<String, Instant> expiries = new TreeMap<>();
        dynamo.partition(History.LEDGER_TABLE, "ACCOUNT#" + accountId).forEach(item -> {
            String sk = item.path("sk").path("S").asText();
            String key = sk.startsWith("AUDIT#") ? "AUDIT#" + item.path("kind").path("S").asText() : sk;
            expiries.put(key, item.has("expiresAt")
                    ? Instant.ofEpochSecond(Long.parseLong(item.path("expiresAt").path("N").asText())) : null);
        });
        return expiries;
    }

    @Override
    protected void deleteExpired() {
        dynamo.deleteExpired(History.LEDGER_TABLE, "ACCOUNT#" + accountId, clock.instant().getEpochSecond());
    }
}
