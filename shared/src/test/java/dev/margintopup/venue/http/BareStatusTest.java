package dev.margintopup.venue.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.venue.VenueException.Kind;
import org.junit.jupiter.api.Test;

class BareStatusTest {

    @Test
    void aBare4xxIsNoProofThatNothingMoved() {
        assertThat(BareStatus.kind(400)).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(BareStatus.kind(404)).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void theStatusesThatSpeakForThemselves() {
        assertThat(BareStatus.kind(401)).isEqualTo(Kind.AUTH);
        assertThat(BareStatus.kind(403)).isEqualTo(Kind.AUTH);
        assertThat(BareStatus.kind(429)).isEqualTo(Kind.RATE_LIMITED);
        assertThat(BareStatus.kind(502)).isEqualTo(Kind.OUTCOME_UNKNOWN);
    }
}
