package dev.margintopup.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    @Test
    void a_breach_confirmed_within_the_minute_is_said_in_seconds_never_as_zero_minutes() {
        assertThat(ReportFormat.minutes(Duration.ZERO)).isEqualTo("0 s");
        assertThat(ReportFormat.minutes(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(ReportFormat.minutes(Duration.ofSeconds(59))).isEqualTo("59 s");
    }

    @Test
    void a_minute_or_more_is_said_in_minutes() {
        assertThat(ReportFormat.minutes(Duration.ofMinutes(2))).isEqualTo("2 min");
        assertThat(ReportFormat.minutes(Duration.ofSeconds(150))).isEqualTo("2.5 min");
    }
}
