package dev.margintopup.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.aws.DynamoLedger;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.policy.Decision;
import dev.margintopup.simulator.dynamo.SimDynamo;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The faults the simulator found the ledger getting wrong, each pinned down on DynamoLedger over
 * the in-process DynamoDB and the real SDK, named for the invariant it broke.
 */
class LedgerUnderFaultsTest {

    private static final String ACCOUNT = "acct-faults";
    private static final Instant NOW = Instant.parse("2026-11-30T00:05:00.123Z");

    private final SimDynamo dynamo = new SimDynamo();
    private final Deque<String> plans = new ArrayDeque<>();
    private final TestClock clock = new TestClock(NOW);
    private int executions;

    @Test
    void one_audit_entry_per_transition_when_two_containers_restored_from_one_snapshot_write_in_the_same_millisecond() {
        // Two containers restored from one snapshot: the same ledger state, the same clock reading.
        Ledger first = ledger();
        Ledger twin = ledger();

        first.audit(ACCOUNT, "SCHEDULE_UPDATED", null, Ledger.details("rate", "1 minute"));
        twin.audit(ACCOUNT, "ACCOUNT_CONFIG_INVALID", null, Ledger.details("field", "triggerRatio"));

        assertThat(first.auditTrail(ACCOUNT)).extracting(AuditEntry::kind)
                .containsExactlyInAnyOrder("SCHEDULE_UPDATED", "ACCOUNT_CONFIG_INVALID");
    }

    @Test
    void one_audit_entry_per_transition_when_the_answer_to_its_write_was_lost_and_the_sdk_wrote_it_again() {
        plans.add("LOSE_ANSWER,NONE");

        ledger().audit(ACCOUNT, "SCHEDULE_UPDATED", null, Ledger.details("rate", "1 minute"));

        assertThat(ledger().auditTrail(ACCOUNT)).hasSize(1);
    }

    @Test
    void no_intent_open_past_its_bound_when_the_answer_to_its_transaction_was_lost_and_the_retry_conflicted() {
        // The first try commits and its answer is lost; the SDK's retry meets a concurrent
        // transaction, so the ledger tries again itself. Every try carries the first one's token,
        // so DynamoDB answers with the commit's success: the check publishes its TopUpRequested.
        plans.add("LOSE_ANSWER,CONFLICT");
        CheckId check = new CheckId(ACCOUNT, Instant.parse("2026-11-30T00:05:00Z"));

        OpenResult result = ledger().openIntent(check, Accounts.config(ACCOUNT),
                new Decision.TopUp(new BigDecimal("0.62"), new BigDecimal("500"), new BigDecimal("0.3"), null));

        assertThat(result).isInstanceOf(OpenResult.Opened.class);
        assertThat(((OpenResult.Opened) result).intent().state()).isEqualTo(IntentState.PENDING);
        assertThat(ledger().usedOn(ACCOUNT, ledger().today())).isEqualByComparingTo("500");
        assertThat(ledger().auditTrail(ACCOUNT)).extracting(AuditEntry::kind).containsExactly("TOP_UP_DECIDED");
    }

    @Test
    void every_breach_answered_when_the_answer_to_an_alerts_claim_was_lost_and_the_sdk_claimed_it_again() {
        // The claim is stored, its answer lost; the SDK's retry finds the alert claimed a moment
        // ago. It is this call's own claim, so the alert is still sent, now and not in 15 minutes.
        plans.add("LOSE_ANSWER,NONE");

        boolean claimed = ledger().claimAlert(ACCOUNT, "DAILY_CAP", Duration.ofMinutes(15));

        assertThat(claimed).isTrue();
        assertThat(ledger().claimAlert(ACCOUNT, "DAILY_CAP", Duration.ofMinutes(15)))
                .as("another check's claim of the same alert").isFalse();
    }

    /** DynamoLedger as a container builds it, on the shared table, with the next planned faults in its way. */
    private DynamoLedger ledger() {
        return new DynamoLedger(client(), History.LEDGER_TABLE, clock, Duration.ofDays(365), attempt -> {});
    }

    private DynamoDbClient client() {
        return SimDynamoClient.of(dynamo, new ExecutionInterceptor() {
            @Override
            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
                String plan = plans.isEmpty() ? "NONE" : plans.poll();
                return context.httpRequest().toBuilder()
                        .putHeader(InProcessAws.FAULT_HEADER, plan + "#" + (++executions)).build();
            }
        });
    }
}
