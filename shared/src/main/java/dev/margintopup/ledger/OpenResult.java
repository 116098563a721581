package dev.margintopup.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/** What happened when a check tried to record its decision. */
public sealed interface OpenResult {

    /** The intent now exists and holds the account; publish {@code TopUpRequested}. */
    record Opened(Intent intent) implements OpenResult {}

    /**
     * This check (or a later one) already acted: a redelivery. Nothing was written.
     *
     * @param openIntent the account's open intent, if any, so a lost {@code TopUpRequested} can be re-sent
     */
    record Duplicate(Intent openIntent) implements OpenResult {}

    /** Another intent still holds the account. */
    record IntentInFlight(Intent openIntent) implements OpenResult {}

    /** The account's cooldown after its last top-up has not elapsed. */
    record CoolingDown(Instant until) implements OpenResult {}

    /** The amount no longer fits in what is left of today's cap. */
    record DailyCapExceeded(BigDecimal usedToday) implements OpenResult {}
}
