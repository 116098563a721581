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
        for (int rate : new int[] {1, 2, 5, 6, 10, 60}) {
            for (int interval = 1; interval < rate * 60 && interval <= 299; interval++) {
                Instant lastStart = FastPolling.lastPollStart(scheduled, rate);
                long lastOffset = 0;
                while (lastOffset + interval <= Duration.between(scheduled, lastStart).toSeconds()) {
                    lastOffset += interval;
                }
                Duration gapToNextSchedule = Duration.ofSeconds(rate * 60L - lastOffset);
                assertThat(gapToNextSchedule).as("poll interval %d s, schedule every %d min", interval, rate)
                        .isLessThanOrEqualTo(FastPolling.nextLookWithin(interval, rate));
            }
        }
    }

    @Test
    void beyond_the_five_minute_polling_window_the_gap_runs_to_the_next_scheduled_check() {
        // A 10-minute schedule polls for five minutes only: after the last poll (4 min 50 s at the
        // latest) nothing looks until minute 10. The buffer sized for 20 s would cover a fraction.
        assertThat(FastPolling.nextLookWithin(10, 10)).isEqualTo(Duration.ofMinutes(5).plusSeconds(20));
        assertThat(FastPolling.nextLookWithin(10, 5)).as("a window the schedule fills").isEqualTo(Duration.ofSeconds(20));
    }
}
