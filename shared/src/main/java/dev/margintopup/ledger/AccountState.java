package dev.margintopup.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The ledger's view of one account: which check last acted, which intent holds it, and when
 * the next top-up may start. Absent fields are {@code null}.
 */
public record AccountState(
        String accountId,
        Instant lastCheckAt,
        String openIntentId,
        Instant cooldownUntil,
        BigDecimal lastRatio,
        Instant lastSeenAt) {

    public static AccountState empty(String accountId) {
        return new AccountState(accountId, null, null, null, null, null);
    }
}
