package dev.margintopup.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntentStateTest {

    @Test
    void settledIntentsNeverMoveAgain() {
        assertThat(IntentState.CONFIRMED.next()).as("a confirmed top-up is final").isEmpty();
        assertThat(IntentState.FAILED.next()).as("a failed top-up is final").isEmpty();
    }

    @Test
    void onlyAClaimedIntentCanBeConfirmed() {
        assertThat(IntentState.PENDING.canMoveTo(IntentState.CONFIRMED))
                .as("money moves only from SENDING: a PENDING intent was never sent").isFalse();
        assertThat(IntentState.SENDING.canMoveTo(IntentState.CONFIRMED)).isTrue();
        assertThat(IntentState.UNKNOWN.canMoveTo(IntentState.CONFIRMED)).isTrue();
    }

    @Test
    void anUnknownOutcomeKeepsTheAccountHeld() {
        assertThat(IntentState.UNKNOWN.isOpen())
                .as("no new top-up may start on top of one whose outcome is unknown").isTrue();
        assertThat(IntentState.CONFIRMED.isOpen()).isFalse();
        assertThat(IntentState.FAILED.isOpen()).isFalse();
    }

    @Test
    void aRedeliveredCheckDerivesTheSameIntentId() {
        Instant at = Instant.parse("2026-11-24T21:00:00Z");
        assertThat(new CheckId("acct-1", at).intentId())
                .as("redeliveries must collide on the intent's conditional put")
                .isEqualTo(new CheckId("acct-1", at).intentId());
        assertThat(new CheckId("acct-1", at.plusSeconds(60)).intentId())
                .isNotEqualTo(new CheckId("acct-1", at).intentId());
        assertThat(new CheckId("acct-2", at).intentId()).isNotEqualTo(new CheckId("acct-1", at).intentId());
    }
}
