package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.paper.TransferRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Caps, disabled and dry-run accounts, and the cost budget of a check with nothing to do. */
class TopUpLimitsIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    @Test
    void when_the_daily_cap_is_reached_margin_at_risk_is_raised_and_nothing_moves_beyond_the_cap() {
        PipelineFixture.Account account = fx.account(item -> item.put("dailyCap", n("250")));

        // First breach: 226.67 of the 250 cap.
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();

        // Deeper breach: 295 needed, only 23.33 left today: a partial top-up and an alert.
        fx.venue.setMarkPrice(account.symbol(), "49300");
        JsonNode partial = fx.nextCheck(account);
        assertOutcome(partial, "TOP_UP_REQUESTED");
        assertThat(partial.path("amount").decimalValue()).isEqualByComparingTo("23.33");
        fx.pipeline.deliverEvents();

        // Still past the trigger, nothing left today: an alert, no transfer.
        JsonNode capped = fx.nextCheck(account);
        assertOutcome(capped, "ALERT");
        fx.pipeline.deliverEvents();

        List<TransferRecord> transfers = fx.venueTransfers(account);
        assertThat(transfers).extracting(TransferRecord::amount)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("226.67"), new BigDecimal("23.33"));
        assertThat(fx.movedByVenue(account)).as("never more than the daily cap").isLessThanOrEqualTo(new BigDecimal("250"));
        assertThat(atRisk(account)).as("the partial top-up announced the cap; the alert a minute later did not repeat it")
                .extracting(e -> e.path("detail").path("cause").asText())
                .containsExactly("DAILY_CAP");
        assertThat(fx.pipeline.ledger().usedOn(account.id(), fx.pipeline.ledger().today())).isEqualByComparingTo("250");

        // Still capped a minute later: recorded in the audit trail, but not announced again...
        assertOutcome(fx.nextCheck(account), "ALERT");
        fx.pipeline.deliverEvents();
        assertThat(atRisk(account)).hasSize(1);
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).filteredOn(e -> e.kind().equals("MARGIN_AT_RISK"))
                .hasSize(2);
        // ...until the repeat interval has passed.
        fx.clock.advance(Duration.ofMinutes(15));
        assertOutcome(fx.nextCheck(account), "ALERT");
        fx.pipeline.deliverEvents();
        assertThat(atRisk(account)).hasSize(2);
    }

    @Test
    void the_per_transfer_cap_limits_each_top_up_and_says_so() {
        PipelineFixture.Account account = fx.account(item -> item.put("maxTransfer", n("100")));
        fx.breach(account);

        JsonNode check = fx.nextCheck(account);
        fx.pipeline.deliverEvents();

        assertOutcome(check, "TOP_UP_REQUESTED");
        assertThat(fx.venueTransfers(account)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo("100"));
        assertThat(atRisk(account)).singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("cause").asText()).isEqualTo("PER_TRANSFER_CAP"));
    }

    @Test
    void the_cooldown_holds_the_next_top_up_back() {
        PipelineFixture.Account account = fx.account(item -> item.put("cooldownSeconds", n("300")));
        fx.breach(account);
        fx.nextCheck(account);
        fx.pipeline.deliverEvents();

        fx.venue.setMarkPrice(account.symbol(), "49300");
        assertOutcome(fx.nextCheck(account), "COOLING_DOWN");
        fx.clock.advance(Duration.ofMinutes(5));
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
    }

    @Test
    void a_disabled_account_is_not_checked_and_nothing_happens() {
        PipelineFixture.Account account = fx.account(item -> item.put("enabled", AttributeValue.fromBool(false)));
        fx.breach(account);
        int marginReads = fx.venue.requestCount("/api/v1/margin");

        fx.clock.advance(Duration.ofMinutes(1));
        assertThat(fx.pipeline.fireCheck(account.id(), fx.clock.instant()))
                .as("Scheduler does not fire a disabled schedule").isEmpty();

        // A schedule that is stale (still carrying enabled = false) reaching the checker anyway.
        String stale = fx.pipeline.scheduledInputIgnoringState(account.id(), fx.clock.instant());
        fx.pipeline.functionCalls().reset();
        assertOutcome(fx.pipeline.invokeChecker(stale), "DISABLED");
        assertThat(fx.pipeline.functionCalls().total()).as("a disabled account costs no AWS call").isZero();
        assertThat(fx.venue.requestCount("/api/v1/margin")).as("nor a venue request").isEqualTo(marginReads);
        fx.pipeline.deliverEvents();

        assertThat(fx.venueTransfers(account)).isEmpty();
        assertThat(fx.pipeline.history()).as("no event about the disabled account")
                .noneMatch(d -> account.id().equals(d.event().path("detail").path("accountId").asText()));
    }

    @Test
    void a_dry_run_account_records_the_decision_and_moves_nothing() {
        PipelineFixture.Account account = fx.account(item -> item.put("dryRun", AttributeValue.fromBool(true)));
        fx.breach(account);

        String input = fx.nextCheckInput(account);
        JsonNode check = fx.pipeline.invokeChecker(input);
        JsonNode again = fx.pipeline.invokeChecker(input);
        fx.pipeline.deliverEvents();

        assertOutcome(check, "DRY_RUN");
        assertOutcome(again, "DUPLICATE");
        assertThat(fx.venueTransfers(account)).isEmpty();
        assertThat(fx.pipeline.publishedEvents("TopUpRequested"))
                .noneMatch(e -> account.id().equals(e.path("detail").path("accountId").asText()));
        assertThat(fx.pipeline.ledger().auditTrail(account.id()))
                .filteredOn(e -> e.kind().equals("DRY_RUN_DECISION"))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("wouldMove", "226.67"));
    }

    @Test
    void a_check_with_nothing_to_do_makes_one_venue_request_and_no_aws_call_once_warm() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.nextCheck(account); // warms the container: the key is fetched, the last-seen state written

        fx.pipeline.functionCalls().reset();
        int marginReads = fx.venue.requestCount("/api/v1/margin");
        for (int i = 0; i < 3; i++) {
            assertOutcome(fx.nextCheck(account), "NO_ACTION");
        }

        assertThat(fx.pipeline.functionCalls().snapshot()).as("AWS calls of three warm no-op checks").isEmpty();
        assertThat(fx.venue.requestCount("/api/v1/margin") - marginReads).isEqualTo(3);
    }

    @Test
    void an_acting_check_costs_one_transaction_and_one_put_events() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.nextCheck(account);
        fx.breach(account);

        fx.pipeline.functionCalls().reset();
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");

        assertThat(fx.pipeline.functionCalls().snapshot())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "DynamoDb.TransactWriteItems", 1,
                        "EventBridge.PutEvents", 1));
    }

    @Test
    void a_rotated_read_key_takes_effect_at_the_next_check_without_an_alert() {
        PipelineFixture.Account account = fx.account(item -> {});
        assertOutcome(fx.nextCheck(account), "NO_ACTION"); // the old key is now cached

        String rotated = "rotated-" + java.util.UUID.randomUUID();
        fx.venue.seedAccount(dev.margintopup.paper.PaperAccount.builder(account.apiKey(), rotated)
                .balance(dev.margintopup.paper.Wallet.FUTURES, "USDT", "1000")
                .balance(dev.margintopup.paper.Wallet.FUNDING, "USDT", "10000")
                .position(dev.margintopup.paper.PaperPosition.cross(account.symbol(), dev.margintopup.paper.Side.LONG,
                        "1", "50000", "0.01"))
                .build());
        fx.storeKeys(account, rotated);

        assertOutcome(fx.nextCheck(account), "NO_ACTION");
        fx.pipeline.deliverEvents();
        assertThat(fx.pipeline.publishedEvents("AccountConfigInvalid"))
                .noneMatch(e -> account.id().equals(e.path("detail").path("accountId").asText()));
    }

    @Test
    void a_broken_read_key_is_announced_once_not_on_every_check() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.storeKeys(account, "a-secret-the-venue-does-not-know");

        for (int i = 0; i < 3; i++) {
            assertOutcome(fx.nextCheck(account), "INVALID_CONFIG");
        }
        fx.pipeline.deliverEvents();

        assertThat(fx.pipeline.publishedEvents("AccountConfigInvalid"))
                .filteredOn(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .singleElement()
                .satisfies(e -> assertThat(e.path("detail").path("problems").get(0).path("field").asText())
                        .isEqualTo("readSecretId"));
        assertThat(fx.venueTransfers(account)).isEmpty();
    }

    private static List<JsonNode> atRisk(PipelineFixture.Account account) {
        return fx.pipeline.publishedEvents("MarginAtRisk").stream()
                .filter(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .toList();
    }

    @SuppressWarnings("unused")
    private static List<String> kinds(PipelineFixture.Account account) {
        return fx.pipeline.ledger().auditTrail(account.id()).stream().map(AuditEntry::kind).toList();
    }
}
