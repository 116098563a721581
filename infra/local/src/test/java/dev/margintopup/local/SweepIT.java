package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.ledger.Intent;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.paper.Wallet;
import dev.margintopup.testing.Concurrently;
import dev.margintopup.topup.RetryLater;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.connect.VenueFactory;
import java.time.Clock;
import java.time.Duration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sweep-back end to end (decision 0027): the item in the emulator's Accounts table, its schedule, the
 * real checker and transfer functions through the template's rules, the DynamoDB ledger on the
 * emulator, and the paper venue over HTTP. The fixture's account (1 long at 50 000, 1 % maintenance,
 * 1 000 USDT of margin) breaches at 49 600 and is topped up by 226.67 USDT to its 0.6 target; at
 * 49 800 it holds 1 026.67 against 498 of maintenance, 196.67 above what the 0.6 target needs.
 */
class SweepIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    private static final int AFTER_MINUTES = 5;

    private PipelineFixture.Account sweeping(boolean dryRun) {
        return fx.account(item -> {
            item.put("sweep", AttributeValue.fromM(Map.of(
                    "afterMinutes", n(Integer.toString(AFTER_MINUTES)),
                    "lookbackDays", n("2"),
                    "dailyCap", n("1000"))));
            item.put("dryRun", AttributeValue.fromBool(dryRun));
        });
    }

    /** Breach, top-up confirmed, then the mark recovers to {@code recovered}. */
    private PipelineFixture.Account toppedUpThenRecovered(String recovered) {
        PipelineFixture.Account account = sweeping(false);
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        assertThat(fx.movedByVenue(account)).isEqualByComparingTo("226.67");
        fx.venue.setMarkPrice(account.symbol(), recovered);
        return account;
    }

    @Test
    void a_sweep_after_recovery_returns_exactly_the_excess_once_even_delivered_twice_and_concurrently()
            throws Exception {
        PipelineFixture.Account account = toppedUpThenRecovered("49800");
        // The breach check restarted the clock; the checks of the next minutes wait it out.
        for (int minute = 1; minute < AFTER_MINUTES; minute++) {
            JsonNode calm = fx.nextCheck(account);
            assertOutcome(calm, "NO_ACTION");
            assertThat(calm.path("detail").asText()).startsWith("sweep: calm since");
        }
        String input = fx.nextCheckInput(account);
        List<JsonNode> checks = Concurrently.times(4, () -> fx.pipeline.invokeChecker(input));
        assertThat(checks).extracting(c -> c.path("outcome").asText()).containsOnlyOnce("SWEEP_REQUESTED");

        List<JsonNode> requested = fx.pipeline.drainEvents("SweepRequested");
        assertThat(requested).hasSize(1);
        JsonNode detail = requested.getFirst().path("detail");
        assertThat(new BigDecimal(detail.path("amount").asText())).as("the excess above the target").isEqualByComparingTo("196.67");
        assertThat(detail.path("toWallet").asText()).isEqualTo("FUNDING");
        String event = Json.write(requested.getFirst());
        List<String> transfers = deliveredConcurrentlyThenOnceMore(event);

        assertThat(transfers).containsOnlyOnce("CONFIRMED").last().isEqualTo("DUPLICATE");
        List<TransferRecord> out = sweptOut(account);
        assertThat(out).as("one transfer out of margin").hasSize(1);
        assertThat(out.getFirst().amount()).isEqualByComparingTo("196.67");
        assertThat(out.getFirst().to()).isEqualTo("FUNDING");
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.FUNDING, "USDT"))
                .isEqualByComparingTo(new BigDecimal("10000").subtract(new BigDecimal("226.67"))
                        .add(new BigDecimal("196.67")));
        fx.pipeline.deliverEvents();
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(AuditEntry::kind)
                .contains("SWEEP_DECIDED", "INTENT_CLAIMED", "INTENT_CONFIRMED");
        leftAtTheTargetAndNotSweptAgain(account, SweepIT::sweptOut);
    }

    @Test
    void a_sweep_never_returns_more_than_was_topped_up_nor_takes_the_account_back_past_its_trigger() {
        // At 51 000 the account holds far more than the target needs, but only 226.67 came from FUNDING.
        PipelineFixture.Account account = toppedUpThenRecovered("51000");
        JsonNode swept = null;
        for (int minute = 0; minute <= AFTER_MINUTES + 1 && swept == null; minute++) {
            JsonNode check = fx.nextCheck(account);
            swept = check.path("outcome").asText().equals("SWEEP_REQUESTED") ? check : null;
        }
        assertThat(swept).as("a sweep once calm").isNotNull();
        fx.pipeline.deliverEvents();
        assertThat(sweptOut(account)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo("226.67"));

        JsonNode after = fx.nextCheck(account);
        assertOutcome(after, "NO_ACTION");
        assertThat(after.path("marginRatio").decimalValue()).as("still below the target, far from the 0.8 trigger")
                .isLessThan(new BigDecimal("0.6"));
    }

    @Test
    void no_sweep_while_the_market_whipsaws_around_the_target() {
        PipelineFixture.Account account = toppedUpThenRecovered("49800");
        for (int minute = 0; minute < 4 * AFTER_MINUTES; minute++) {
            // Every few minutes the mark dips back into the band between target and trigger.
            fx.venue.setMarkPrice(account.symbol(), minute % 3 == 2 ? "49500" : "49800");
            JsonNode check = fx.nextCheck(account);
            assertThat(check.path("outcome").asText()).as("minute %d: %s", minute, check).isEqualTo("NO_ACTION");
        }
        fx.pipeline.deliverEvents();
        assertThat(sweptOut(account)).isEmpty();
        assertThat(fx.pipeline.publishedEvents("SweepRequested"))
                .noneMatch(e -> e.path("detail").path("accountId").asText().equals(account.id()));
    }

    @Test
    void a_dry_run_account_records_what_it_would_sweep_and_moves_nothing() {
        PipelineFixture.Account account = toppedUpThenRecovered("49800");
        Map<String, AttributeValue> item = fx.item(account);
        item.put("sweep", AttributeValue.fromM(Map.of("afterMinutes", n(Integer.toString(AFTER_MINUTES)),
                "lookbackDays", n("2"), "dailyCap", n("1000"))));
        item.put("dryRun", AttributeValue.fromBool(true));
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        JsonNode last = null;
        for (int minute = 0; minute <= AFTER_MINUTES; minute++) {
            last = fx.nextCheck(account);
        }

        assertOutcome(last, "DRY_RUN");
        assertThat(last.path("amount").decimalValue()).isEqualByComparingTo("196.67");
        assertThat(fx.pipeline.ledger().auditTrail(account.id()))
                .filteredOn(e -> e.kind().equals("DRY_RUN_DECISION")).last()
                .satisfies(e -> assertThat(e.details()).containsEntry("wouldSweep", "196.67")
                        .containsEntry("toWallet", "FUNDING"));
        fx.pipeline.deliverEvents();
        assertThat(sweptOut(account)).isEmpty();
    }

    @Test
    void a_worker_that_dies_after_the_venue_moved_the_sweep_is_reconciled_and_nothing_is_sent_twice() {
        PipelineFixture.Account account = toppedUpThenRecovered("49800");
        JsonNode swept = null;
        for (int minute = 0; minute <= AFTER_MINUTES && swept == null; minute++) {
            JsonNode check = fx.nextCheck(account);
            swept = check.path("outcome").asText().equals("SWEEP_REQUESTED") ? check : null;
        }
        assertThat(swept).as("a sweep once calm").isNotNull();
        retriedAfterTheWorkerDied(account);

        assertThat(sweptOut(account)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo("196.67"));
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(AuditEntry::kind)
                .doesNotContain("RECONCILED_NOT_FOUND");
    }

    private static List<TransferRecord> sweptOut(PipelineFixture.Account account) {
        return fx.venueTransfers(account).stream().filter(t -> t.from() == Wallet.FUTURES).toList();
    }

    // ---- an isolated position: the sweep reduces the position's own margin back to FUNDING ----

    /**
     * An isolated twin of the fixture's account on the paper venue: 1 long at 50 000, 1 % maintenance,
     * 1 000 USDT of isolated margin at {@code leverage}, 10 000 USDT in FUNDING. It breaches at 49 600 and is
     * topped up by 226.67 to its 0.6 target, exactly as the cross account.
     */
    private PipelineFixture.Account isolatedSweeping(int leverage) {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        PipelineFixture.Account account = new PipelineFixture.Account("acct-iso-" + tag,
                "I" + Integer.toHexString(tag.hashCode() & 0xfffff).toUpperCase() + "USDT", "key-" + UUID.randomUUID(),
                "secret-" + UUID.randomUUID());
        fx.venue.seedAccount(PaperAccount.builder(account.apiKey(), account.apiSecret())
                .balance(Wallet.FUNDING, "USDT", "10000")
                .position(PaperPosition.isolated(account.symbol(), Side.LONG, "1", "50000", "1000", "0.01")
                        .withLeverage(leverage))
                .build());
        fx.venue.setMarkPrice(account.symbol(), "50000");
        fx.storeKeys(account, account.apiSecret());
        Map<String, AttributeValue> item = fx.item(account);
        item.put("marginMode", s("isolated"));
        item.put("symbol", s(account.symbol()));
        item.put("sweep", AttributeValue.fromM(Map.of("afterMinutes", n(Integer.toString(AFTER_MINUTES)),
                "lookbackDays", n("2"), "dailyCap", n("1000"))));
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        return account;
    }

    private PipelineFixture.Account isolatedToppedUpThenRecovered(int leverage, String recovered) {
        PipelineFixture.Account account = isolatedSweeping(leverage);
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        assertThat(fx.venue.isolatedMargin(account.apiKey(), account.symbol())).isEqualByComparingTo("1226.67");
        fx.venue.setMarkPrice(account.symbol(), recovered);
        return account;
    }

    /** Checks the account minute by minute until it sweeps (within the calm period and one more minute). */
    private static JsonNode sweepOnceCalm(PipelineFixture.Account account) {
        for (int minute = 0; minute <= AFTER_MINUTES + 1; minute++) {
            JsonNode check = fx.nextCheck(account);
            if (check.path("outcome").asText().equals("SWEEP_REQUESTED")) {
                return check;
            }
            assertOutcome(check, "NO_ACTION");
        }
        throw new AssertionError("no sweep once calm for " + AFTER_MINUTES + " minutes");
    }

    @Test
    void an_isolated_sweep_after_recovery_returns_exactly_the_excess_once_even_delivered_twice_and_concurrently()
            throws Exception {
        PipelineFixture.Account account = isolatedToppedUpThenRecovered(100, "49800");
        for (int minute = 1; minute < AFTER_MINUTES; minute++) {
            assertOutcome(fx.nextCheck(account), "NO_ACTION");
        }
        String input = fx.nextCheckInput(account);
        List<JsonNode> checks = Concurrently.times(4, () -> fx.pipeline.invokeChecker(input));
        assertThat(checks).extracting(c -> c.path("outcome").asText()).containsOnlyOnce("SWEEP_REQUESTED");
        JsonNode requested = fx.pipeline.drainEvents("SweepRequested").getFirst();
        assertThat(new BigDecimal(requested.path("detail").path("amount").asText())).isEqualByComparingTo("196.67");
        String event = Json.write(requested);

        List<String> transfers = deliveredConcurrentlyThenOnceMore(event);

        assertThat(transfers).containsOnlyOnce("CONFIRMED").last().isEqualTo("DUPLICATE");
        assertThat(sweptOutOfPosition(account)).as("one reduce of the position").singleElement().satisfies(t -> {
            assertThat(t.amount()).isEqualByComparingTo("196.67");
            assertThat(t.to()).isEqualTo("FUNDING");
        });
        assertThat(fx.venue.isolatedMargin(account.apiKey(), account.symbol())).isEqualByComparingTo("1030");
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.FUNDING, "USDT")).isEqualByComparingTo("9970");
        leftAtTheTargetAndNotSweptAgain(account, SweepIT::sweptOutOfPosition);
    }

    @Test
    void an_isolated_sweep_never_takes_the_position_back_past_its_trigger_nor_asks_more_than_the_venue_releases() {
        // At 51 000 the position holds far more than the target needs, but only 226.67 came from FUNDING.
        PipelineFixture.Account rich = isolatedToppedUpThenRecovered(100, "51000");
        assertThat(sweepOnceCalm(rich).path("amount").decimalValue()).isEqualByComparingTo("226.67");
        fx.pipeline.deliverEvents();
        JsonNode after = fx.nextCheck(rich);
        assertOutcome(after, "NO_ACTION");
        assertThat(after.path("marginRatio").decimalValue()).as("below the target, far from the 0.8 trigger")
                .isLessThan(new BigDecimal("0.6"));

        // At 55x the venue keeps 905.46 of initial margin at 49 800: more than the 830 the 0.6 target needs.
        PipelineFixture.Account lowLeverage = isolatedToppedUpThenRecovered(55, "49800");
        JsonNode swept = sweepOnceCalm(lowLeverage);
        fx.pipeline.deliverEvents();

        assertThat(swept.path("amount").decimalValue()).isEqualByComparingTo("121.21");
        assertThat(sweptOutOfPosition(lowLeverage)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo("121.21"));
        assertThat(fx.pipeline.publishedEvents("SweepFailed"))
                .noneMatch(e -> e.path("detail").path("accountId").asText().equals(lowLeverage.id()));
    }

    @Test
    void no_isolated_sweep_while_the_market_whipsaws_around_the_target() {
        PipelineFixture.Account account = isolatedToppedUpThenRecovered(100, "49800");
        for (int minute = 0; minute < 4 * AFTER_MINUTES; minute++) {
            fx.venue.setMarkPrice(account.symbol(), minute % 3 == 2 ? "49500" : "49800");
            JsonNode check = fx.nextCheck(account);
            assertThat(check.path("outcome").asText()).as("minute %d: %s", minute, check).isEqualTo("NO_ACTION");
        }
        fx.pipeline.deliverEvents();
        assertThat(sweptOutOfPosition(account)).isEmpty();
        assertThat(fx.venue.isolatedMargin(account.apiKey(), account.symbol())).isEqualByComparingTo("1226.67");
    }

    @Test
    void a_worker_that_dies_after_the_venue_reduced_the_position_is_reconciled_and_nothing_is_sent_twice() {
        PipelineFixture.Account account = isolatedToppedUpThenRecovered(100, "49800");
        sweepOnceCalm(account);

        retriedAfterTheWorkerDied(account);

        assertThat(sweptOutOfPosition(account)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo("196.67"));
        assertThat(fx.venue.isolatedMargin(account.apiKey(), account.symbol())).isEqualByComparingTo("1030");
    }

    /**
     * Once the sweep's events are delivered: one SweepCompleted leaving the account at the target, not past
     * it, and no second sweep after another calm period.
     */
    private static void leftAtTheTargetAndNotSweptAgain(PipelineFixture.Account account,
            Function<PipelineFixture.Account, List<TransferRecord>> sweptOut) {
        fx.pipeline.deliverEvents();
        List<JsonNode> completed = fx.pipeline.publishedEvents("SweepCompleted");
        assertThat(completed).filteredOn(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .singleElement().satisfies(e -> assertThat(new BigDecimal(e.path("detail").path("marginRatioAfter").asText()))
                        .as("left at the target, not past it").isBetween(new BigDecimal("0.59"), new BigDecimal("0.6")));
        for (int minute = 0; minute < 2 * AFTER_MINUTES; minute++) {
            assertOutcome(fx.nextCheck(account), "NO_ACTION");
        }
        fx.pipeline.deliverEvents();
        assertThat(sweptOut.apply(account)).as("swept once, not again after the calm period").hasSize(1);
    }

    /** The transfer function's outcomes for {@code event} delivered three times at once, then once more. */
    private static List<String> deliveredConcurrentlyThenOnceMore(String event) throws Exception {
        List<String> transfers = new ArrayList<>(Concurrently.times(3, () -> {
            try {
                return fx.pipeline.invokeTransfer(event).path("outcome").asText();
            } catch (RetryLater leaseHeldElsewhere) {
                return "RETRY_LATER"; // the winner's lease was live: Lambda retries this delivery after it
            }
        }));
        transfers.add(fx.pipeline.invokeTransfer(event).path("outcome").asText());
        return transfers;
    }

    /**
     * The worker claims the requested sweep, the venue moves the money, and the worker is gone before
     * recording it: once its lease has expired, the retried delivery reconciles and confirms.
     */
    private static void retriedAfterTheWorkerDied(PipelineFixture.Account account) {
        JsonNode requested = fx.pipeline.drainEvents("SweepRequested").getFirst();
        String intentId = requested.path("detail").path("intentId").asText();
        Intent claimed = fx.pipeline.ledger().claim(fx.pipeline.ledger().intent(account.id(), intentId).orElseThrow(),
                PipelineFixture.LEASE).orElseThrow();
        VenueFactory.create("paper", fx.venue.baseUrl(), new VenueCredentials(account.apiKey(), account.apiSecret(),
                null), VenueFactory.defaultHttpClient(), Clock.systemUTC()).transferFromMargin(claimed.instruction());
        fx.clock.advance(PipelineFixture.LEASE.plus(Duration.ofMinutes(1)));

        JsonNode retried = fx.pipeline.invokeTransfer(Json.write(requested));

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
    }

    /** The venue's transfers out of the account's isolated position (its margin reduced back to a wallet). */
    private static List<TransferRecord> sweptOutOfPosition(PipelineFixture.Account account) {
        return fx.venueTransfers(account).stream()
                .filter(t -> t.from() == null && account.symbol().equals(t.symbol())).toList();
    }
}
