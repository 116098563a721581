package dev.margintopup.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One scheduled check of one account. Scheduler fills in the scheduled time at each
 * invocation; every redelivery of the same invocation carries the same time, so the id is
 * the same and the ledger can refuse to act twice.
 */
public record CheckId(String accountId, Instant scheduledTime) {

    public CheckId {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
    }

    public String value() {
        return accountId + "@" + scheduledTime;
    }

    /**
     * The intent id a top-up decided by this check gets. Derived, not random: a redelivered
     * check that races the first one computes the same id, and the conditional put lets only
     * one of them create it. It doubles as the venue's client transfer id.
     */
    public String intentId() {
        return UUID.nameUUIDFromBytes(("intent:" + value()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return value();
    }
}
