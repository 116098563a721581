package dev.margintopup.local.scenario;

import dev.margintopup.paper.Fault;
import java.time.Duration;
import java.util.Objects;

/**
 * A fault the paper venue plays during part of a scenario.
 *
 * <p>Played as: at the start of {@code fromMinute} the runner queues {@link #toFault()} on the
 * venue, and once {@code toMinute} is over it withdraws whatever of it is left. In between the
 * fault plays on requests whose path starts with {@code pathPrefix}, each with
 * {@code probability}, at most {@code count} times.
 *
 * @param type a {@link Fault.Type} name: LOSE_RESPONSE, HTTP_500, HTTP_429, HTTP_503, DELAY, TIMEOUT
 * @param fromMinute first minute the fault is live
 * @param toMinute last minute the fault is live, inclusive
 * @param probability chance per matching request, in (0, 1]
 * @param count how many requests it plays on at most; 0 for no limit within its minutes
 * @param delayMillis how long DELAY and TIMEOUT hold a request
 * @param seed seeds the draws of a probabilistic fault
 */
public record FaultSpec(
        String type,
        String pathPrefix,
        int fromMinute,
        int toMinute,
        double probability,
        int count,
        long delayMillis,
        long seed) {

    public FaultSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Fault.Type.valueOf(type);
        if (fromMinute < 0 || toMinute < fromMinute) {
            throw new IllegalArgumentException("minutes must satisfy 0 <= fromMinute <= toMinute, were "
                    + fromMinute + " and " + toMinute);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }

    public Fault.Type faultType() {
        return Fault.Type.valueOf(type);
    }

    /** Whether the fault is queued during {@code minute}. */
    public boolean activeAt(int minute) {
        return minute >= fromMinute && minute <= toMinute;
    }

    /** The fault to queue on the venue at {@code fromMinute}. */
    public Fault toFault() {
        return new Fault(faultType(), pathPrefix, count == 0 ? Fault.UNLIMITED : count,
                Duration.ofMillis(delayMillis), probability, seed);
    }
}
