package dev.margintopup.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Supplier;

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

    /**
     * Why an intent could not be opened, read after the transaction was refused, in the order the
     * checker must hear it: a redelivered check first, then a top-up still open, then the
     * cooldown, and only then the day's cap (the one condition left).
     *
     * @param checkRecorded whether the check's de-duplication record exists
     * @param open the intent the state names as open, if it still exists
     */
    static OpenResult refused(CheckId check, boolean checkRecorded, AccountState state, Intent open, Instant now,
            Supplier<BigDecimal> usedToday) {
        if (checkRecorded || (state.lastCheckAt() != null && !state.lastCheckAt().isBefore(check.scheduledTime()))) {
            return new Duplicate(open);
        }
        if (open != null) {
            return new IntentInFlight(open);
        }
        if (state.cooldownUntil() != null && state.cooldownUntil().isAfter(now)) {
            return new CoolingDown(state.cooldownUntil());
        }
        return new DailyCapExceeded(usedToday.get());
    }
}
