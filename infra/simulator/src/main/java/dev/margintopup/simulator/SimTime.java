package dev.margintopup.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The one simulated time of a history; nothing in a history reads the wall clock. */
public final class SimTime {

    private Instant now;

    public SimTime(Instant start) {
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    void set(Instant to) {
        now = to;
    }

    /** A container's clock: the simulated time as that machine sees it, {@code skew} off. */
    public Clock clock(Duration skew) {
        return new Clock() {
            @Override
            public Instant instant() {
                return now.plus(skew);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }
}
