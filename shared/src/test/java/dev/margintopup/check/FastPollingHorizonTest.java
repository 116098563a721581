package dev.margintopup.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The gap between looks that the volatility buffer must cover inside the watch band. */
class FastPollingHorizonTest {

    @Test
    void inside_the_band_the_next_look_comes_within_the_poll_interval_plus_the_margin() {
        assertThat(FastPolling.nextLookWithin(10, 1)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void a_poll_interval_near_the_schedule_never_makes_the_gap_longer_than_the_schedule() {
        assertThat(FastPolling.nextLookWithin(55, 1)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void the_bound_holds_for_the_gap_from_the_last_poll_to_the_next_scheduled_check() {
        Instant scheduled = Instant.parse("2026-01-01T00:00:00Z");
        for (int interval = 1; interval <= 59; interval++) {
            Instant lastStart = FastPolling.lastPollStart(scheduled, 1);
            long lastOffset = 0;
            while (lastOffset + interval <= Duration.between(scheduled, lastStart).toSeconds()) {
                lastOffset += interval;
            }
            Duration gapToNextSchedule = Duration.ofSeconds(60 - lastOffset);
            assertThat(gapToNextSchedule).as("poll interval %d s", interval)
                    .isLessThanOrEqualTo(FastPolling.nextLookWithin(interval, 1));
        }
    }
}
