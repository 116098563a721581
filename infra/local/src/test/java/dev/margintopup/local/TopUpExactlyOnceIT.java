package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.MarginMode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.local.LocalPipeline.Delivery;
import dev.margintopup.paper.Fault;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.testing.Concurrently;
import dev.margintopup.topup.RetryLater;
import dev.margintopup.venue.TransferInstruction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exactly-once protocol end to end: real handlers, the emulator, the paper venue over HTTP. */
class TopUpExactlyOnceIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    @Test
    void a_breach_leads_to_exactly_one_transfer_that_brings_the_ratio_to_the_target() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);

        JsonNode check = fx.nextCheck(account);
        assertOutcome(check, "TOP_UP_REQUESTED");
        assertThat(check.path("amount").decimalValue()).isEqualByComparingTo("226.67");
        // Liquidation at (50000 − 1000) ÷ 0.99 = 49494.95 against a mark of 49600: 0.21 % away.
        assertThat(check.path("distanceToLiquidation").decimalValue())
                .as("the second signal, distance to the liquidation price")
                .isBetween(new BigDecimal("0.0020"), new BigDecimal("0.0022"));
        List<Delivery> deliveries = fx.pipeline.deliverEvents();

        List<TransferRecord> transfers = fx.venueTransfers(account);
        assertThat(transfers).as("exactly one venue transfer for one breach").hasSize(1);
        assertThat(transfers.get(0).clientId()).as("the client id is the intent id").isEqualTo(check.path("intentId").asText());
        assertThat(transfers.get(0).amount()).isEqualByComparingTo("226.67");
        assertThat(deliveries).filteredOn(d -> d.handlerResult() != null)
                .singleElement().satisfies(d -> assertOutcome(d.handlerResult(), "CONFIRMED"));

        List<JsonNode> completed = completedFor(account);
        assertThat(completed).hasSize(1);
        assertThat(new BigDecimal(completed.get(0).path("detail").path("marginRatioAfter").asText()))
                .as("margin ratio after the top-up is at or below the target").isLessThanOrEqualTo(new BigDecimal("0.6"));

        assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(AuditEntry::kind)
                .as("the audit trail holds every step")
                .containsSubsequence("SCHEDULE_CREATED", "TOP_UP_DECIDED", "INTENT_CLAIMED", "INTENT_CONFIRMED");
        Intent intent = fx.pipeline.ledger().intent(account.id(), check.path("intentId").asText()).orElseThrow();
        assertThat(intent.state()).isEqualTo(IntentState.CONFIRMED);
        assertThat(fx.pipeline.ledger().state(account.id()).openIntentId()).as("the account is released").isNull();
    }

    @Test
    void the_same_check_delivered_fifty_times_in_a_row_moves_money_once() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        String input = fx.nextCheckInput(account);

        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            outcomes.add(fx.pipeline.invokeChecker(input).path("outcome").asText());
        }
        fx.pipeline.deliverEvents();

        assertThat(outcomes).containsOnlyOnce("TOP_UP_REQUESTED");
        assertThat(outcomes).filteredOn("DUPLICATE"::equals).hasSize(49);
        assertThat(fx.venueTransfers(account)).as("one check, one transfer, however often it is delivered").hasSize(1);

        // Redeliveries after the top-up landed find a healthy ratio and move nothing either.
        for (int i = 0; i < 5; i++) {
            fx.pipeline.invokeChecker(input);
        }
        fx.pipeline.deliverEvents();
        assertThat(fx.venueTransfers(account)).hasSize(1);
    }

    @Test
    void a_top_up_requested_lost_after_the_intent_committed_is_published_again_by_the_redelivered_check() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        String input = fx.nextCheckInput(account);
        assertOutcome(fx.pipeline.invokeChecker(input), "TOP_UP_REQUESTED");
        // The event never reaches the transfer function (as if the checker died before PutEvents).
        fx.pipeline.drainEvents("TopUpRequested");

        fx.clock.advance(Duration.ofMinutes(1));
        assertOutcome(fx.pipeline.invokeChecker(input), "DUPLICATE");
        fx.pipeline.deliverEvents();

        assertThat(fx.venueTransfers(account)).as("the stalled intent was sent, once").hasSize(1);
    }

    @Test
    void the_same_check_delivered_eight_times_concurrently_moves_money_once() throws Exception {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        String input = fx.nextCheckInput(account);

        List<JsonNode> results = Concurrently.times(8, () -> fx.pipeline.invokeChecker(input));
        fx.pipeline.deliverEvents();

        assertThat(results).extracting(r -> r.path("outcome").asText()).containsOnlyOnce("TOP_UP_REQUESTED");
        assertThat(fx.venueTransfers(account)).as("concurrent deliveries of one check move money once").hasSize(1);
    }

    @Test
    void the_same_top_up_requested_delivered_twice_moves_money_once() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        JsonNode requested = single(fx.pipeline.drainEvents("TopUpRequested"));

        assertOutcome(fx.pipeline.invokeTransfer(Json.write(requested)), "CONFIRMED");
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(requested)), "DUPLICATE");

        assertThat(fx.venueTransfers(account)).hasSize(1);
    }

    @Test
    void the_same_top_up_requested_delivered_concurrently_moves_money_once() throws Exception {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        String requested = Json.write(single(fx.pipeline.drainEvents("TopUpRequested")));

        List<String> results = Concurrently.times(4, () -> {
            try {
                return fx.pipeline.invokeTransfer(requested).path("outcome").asText();
            } catch (RetryLater leaseHeldElsewhere) {
                return "RETRY_LATER"; // the winner's lease was live: Lambda retries this delivery after it
            }
        });

        assertThat(results).containsOnlyOnce("CONFIRMED");
        assertThat(fx.venueTransfers(account)).as("one venue transfer however many workers race").hasSize(1);
    }

    @Test
    void a_crash_after_the_venue_applied_the_transfer_is_reconciled_and_moves_nothing_more() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        JsonNode check = fx.nextCheck(account);
        String requested = Json.write(single(fx.pipeline.drainEvents("TopUpRequested")));

        fx.crashAfterTheVenueApplied(account, check.path("intentId").asText());
        assertThat(fx.venueTransfers(account)).hasSize(1);

        // Lambda retries the event; while the dead worker's lease runs, nothing happens, and the
        // invocation fails so that Lambda retries it again after the lease.
        assertThatThrownBy(() -> fx.pipeline.invokeTransfer(requested)).isInstanceOf(RetryLater.class);
        assertThat(fx.venueTransfers(account)).hasSize(1);
        fx.clock.advance(PipelineFixture.LEASE.plusSeconds(1));
        JsonNode retried = fx.pipeline.invokeTransfer(requested);

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
        assertThat(fx.venueTransfers(account)).as("the retry found the transfer by client id and sent nothing").hasSize(1);
        fx.pipeline.deliverEvents();
        assertThat(completedFor(account)).singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("reconciled").asBoolean()).isTrue());
    }

    @Test
    void a_retry_after_a_crash_records_the_transfer_even_if_the_account_was_disabled_meanwhile() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        JsonNode check = fx.nextCheck(account);
        String requested = Json.write(single(fx.pipeline.drainEvents("TopUpRequested")));
        fx.crashAfterTheVenueApplied(account, check.path("intentId").asText());

        // The owner pauses the account before the retry comes.
        var item = fx.item(account);
        item.put("enabled", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(false));
        fx.pipeline.putAccount(item);
        fx.clock.advance(PipelineFixture.LEASE.plusSeconds(1));
        JsonNode retried = fx.pipeline.invokeTransfer(requested);

        assertOutcome(retried, "CONFIRMED");
        assertThat(fx.pipeline.ledger().usedOn(account.id(), fx.pipeline.ledger().today()))
                .as("the money moved, so it stays counted against the day").isEqualByComparingTo("226.67");
        assertThat(fx.venueTransfers(account)).hasSize(1);
    }

    @Test
    void a_lost_transfer_response_is_reconciled_by_client_id() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        fx.nextCheck(account);
        fx.venue.injectFault(Fault.loseResponse("/api/v1/transfers").times(1));

        fx.pipeline.deliverEvents();

        assertThat(fx.venueTransfers(account)).hasSize(1);
        assertThat(completedFor(account)).singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("reconciled").asBoolean()).isTrue());
    }

    @Test
    void when_the_venue_cannot_tell_the_retry_reconciles_after_the_lease_and_moves_nothing_more() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        fx.nextCheck(account);
        String requested = Json.write(single(fx.pipeline.drainEvents("TopUpRequested")));
        // The transfer is applied but its response lost, and the lookup right after fails too
        // (twice: the HTTP client retries an idempotent GET once by itself).
        fx.venue.injectFault(Fault.loseResponse("/api/v1/transfers").times(3));

        RuntimeException firstAttempt = invokeExpectingFailure(requested);
        assertThat(firstAttempt).hasMessageContaining("cannot tell whether the transfer happened");
        assertThat(fx.venueTransfers(account)).hasSize(1);

        fx.clock.advance(PipelineFixture.LEASE.plusSeconds(1));
        assertOutcome(fx.pipeline.invokeTransfer(requested), "CONFIRMED");
        assertThat(fx.venueTransfers(account)).as("never sent blind").hasSize(1);
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(AuditEntry::kind)
                .containsSubsequence("INTENT_CLAIMED", "OUTCOME_UNKNOWN_WILL_RECONCILE", "INTENT_CLAIMED",
                        "INTENT_CONFIRMED");
    }

    @Test
    void an_intent_whose_outcome_could_not_be_told_is_settled_by_the_venues_history_before_the_next_top_up() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        String requested = Json.write(single(fx.pipeline.drainEvents("TopUpRequested")));
        // The transfer is applied, but every answer about it is lost, attempt after attempt.
        fx.venue.injectFault(Fault.loseResponse("/api/v1/transfers").unlimited());
        for (int attempt = 1; attempt < dev.margintopup.topup.TransferBudget.MAX_ATTEMPTS; attempt++) {
            assertThat(invokeExpectingFailure(requested)).hasMessageContaining("cannot tell");
            fx.clock.advance(PipelineFixture.LEASE.plusSeconds(1));
        }
        assertOutcome(fx.pipeline.invokeTransfer(requested), "UNKNOWN");
        fx.venue.clearFaults();
        fx.pipeline.deliverEvents();
        assertThat(fx.pipeline.publishedEvents("TopUpFailed"))
                .filteredOn(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("outcome").asText()).isEqualTo("UNKNOWN"));
        assertThat(fx.venueTransfers(account)).hasSize(1);

        // The market falls further: the check finds the account held by the unknown intent and asks
        // for it to be looked at again; the venue's history settles it, then the next top-up can start.
        fx.venue.setMarkPrice(account.symbol(), "49300");
        assertOutcome(fx.nextCheck(account), "IN_FLIGHT");
        List<Delivery> settled = fx.pipeline.deliverEvents();
        assertThat(settled).filteredOn(d -> d.handlerResult() != null).singleElement()
                .satisfies(d -> assertOutcome(d.handlerResult(), "CONFIRMED"));
        assertThat(fx.venueTransfers(account)).as("settling sends nothing").hasSize(1);

        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        assertThat(fx.venueTransfers(account)).hasSize(2);
    }

    @Test
    void an_empty_source_wallet_raises_margin_at_risk_and_moves_nothing() {
        PipelineFixture.Account account = fx.account(item -> {}, "5");
        fx.breach(account);

        assertOutcome(fx.nextCheck(account), "ALERT");
        fx.pipeline.deliverEvents();

        assertThat(fx.pipeline.publishedEvents("MarginAtRisk"))
                .filteredOn(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("cause").asText()).isEqualTo("SOURCE_BALANCE"));
        assertThat(fx.venueTransfers(account)).isEmpty();
    }

    @Test
    void a_transfer_the_venue_refuses_fails_and_gives_its_amount_back_to_the_day() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        assertThat(fx.pipeline.ledger().usedOn(account.id(), fx.pipeline.ledger().today()))
                .isEqualByComparingTo("226.67");
        // Between the check and the transfer the funding wallet is emptied (say, by the owner).
        fx.venue.seedAccount(dev.margintopup.paper.PaperAccount.builder(account.apiKey(), account.apiSecret())
                .balance(dev.margintopup.paper.Wallet.FUTURES, "USDT", "1000")
                .position(dev.margintopup.paper.PaperPosition.cross(account.symbol(),
                        dev.margintopup.paper.Side.LONG, "1", "50000", "0.01"))
                .build());

        List<Delivery> deliveries = fx.pipeline.deliverEvents();

        assertThat(deliveries).filteredOn(d -> d.handlerResult() != null).singleElement()
                .satisfies(d -> assertOutcome(d.handlerResult(), "FAILED"));
        assertThat(fx.venueTransfers(account)).isEmpty();
        assertThat(fx.pipeline.publishedEvents("TopUpFailed"))
                .filteredOn(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("reason").asText()).contains("INSUFFICIENT_BALANCE"));
        assertThat(fx.pipeline.ledger().usedOn(account.id(), fx.pipeline.ledger().today()))
                .as("a failed top-up gives its amount back to the day").isEqualByComparingTo("0");
        assertThat(fx.pipeline.ledger().state(account.id()).openIntentId()).as("the account is released").isNull();
    }

    private static RuntimeException invokeExpectingFailure(String requested) {
        try {
            fx.pipeline.invokeTransfer(requested);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the transfer attempt should have failed for a retry");
    }

    private static List<JsonNode> completedFor(PipelineFixture.Account account) {
        return fx.pipeline.publishedEvents("TopUpCompleted").stream()
                .filter(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .toList();
    }

    private static JsonNode single(List<JsonNode> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
