package dev.margintopup.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until a moment. In Lambda the thread sleeps; the tests and the local runner move a
 * simulated clock instead (and the runner the market with it), so no test ever sleeps.
 */
@FunctionalInterface
public interface Sleeper {

    void sleepUntil(Instant moment) throws InterruptedException;

    /** Sleeps the thread until {@code clock} reads {@code moment}. */
    static Sleeper onClock(Clock clock) {
        return moment -> {
            long millis = Duration.between(clock.instant(), moment).toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        };
    }
}
