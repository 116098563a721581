package dev.margintopup.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The ledger contract against the in-memory ledger, with the unit tests (the DynamoDB half is DynamoLedgerIT). */
class InMemoryLedgerTest extends LedgerContract {

    private InMemoryLedger ledger;

    @Override
    protected Ledger ledger(Clock clock, Duration retention) {
        ledger = new InMemoryLedger(clock, retention);
        return ledger;
    }

    @Override
    protected Map<String, Instant> expiries(String accountId) {
        return ledger.expiries(accountId);
    }

    @Override
    protected void deleteExpired() {
        ledger.deleteExpired();
    }
}
