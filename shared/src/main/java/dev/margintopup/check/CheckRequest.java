package dev.margintopup.check;

import dev.margintopup.ledger.CheckId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One check, as the account's schedule delivers it: the account id, the time Scheduler filled
 * in, and the account config that schedule-sync validated and embedded; for a fast poll inside
 * the watch band, how long after the scheduled time it runs.
 *
 * @param pollOffset zero for the scheduled check itself; the n-th poll's offset otherwise
 */
public record CheckRequest(String accountId, Instant scheduledTime, Map<String, Object> account, Duration pollOffset) {

    public CheckRequest {
        Objects.requireNonNull(pollOffset, "pollOffset");
        if (pollOffset.isNegative()) {
            throw new IllegalArgumentException("pollOffset must not be negative, was " + pollOffset);
        }
    }

    public CheckRequest(String accountId, Instant scheduledTime, Map<String, Object> account) {
        this(accountId, scheduledTime, account, Duration.ZERO);
    }

    /** The same scheduled check, polled again {@code offset} after its scheduled time. */
    public CheckRequest polledAt(Duration offset) {
        return new CheckRequest(accountId, scheduledTime, account, offset);
    }

    /**
     * The check's id: the scheduled time plus the poll offset. Every redelivery of one schedule
     * invocation polls at the same offsets, so each poll has the same id in every copy and the
     * ledger acts on it once; a poll ends before the next scheduled time, so no two ids collide.
     */
    public CheckId checkId() {
        return new CheckId(accountId, scheduledTime.plus(pollOffset));
    }
}
