package dev.margintopup.topup;

import static dev.margintopup.bus.InMemoryEventPublisher.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.json.BadInput;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.observability.InMemoryMetrics;
import dev.margintopup.policy.Decision;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.Concurrently;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.testing.InMemoryVenue;
import dev.margintopup.testing.InMemoryVenue.TransferFault;
import dev.margintopup.testing.TestClock;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.topup.TransferService.AttemptOutcome;
import dev.margintopup.topup.TransferService.Connection;
import dev.margintopup.topup.TransferService.CurrentConfig;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The transfer of one intent, step by step and as a whole, with the in-memory ledger, bus,
 * Accounts table and secrets and an in-memory venue that applies each client id once. Every path
 * that could move money twice, or call "failed" what may have moved, has a test here.
 */
class TransferServiceTest {

    private static final String ACCOUNT = "desk-1";
    private static final Duration LEASE = TransferBudget.LEASE;
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryLedger ledger = new InMemoryLedger(clock, Duration.ofDays(365));
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final InMemoryAccountsTable accounts = new InMemoryAccountsTable();
    private final InMemoryVenue venue = new InMemoryVenue(clock).margin("1000", "510").reconcileGrace(GRACE);
    private final InMemorySecrets secrets = new InMemorySecrets()
            .put("margin-topup/transfer/" + ACCOUNT, "transfer-key-1", "transfer-secret-1");
    private final TransferService service = new TransferService(accounts, Accounts.VALIDATOR, secrets.cache(clock),
            venue, ledger, bus, metrics, clock, LEASE);

    TransferServiceTest() {
        accounts.put(Accounts.item(ACCOUNT));
    }

    // ---------------------------------------------------------------- the whole transfer

    @Nested
    class Execute {

        @Test
        void a_requested_top_up_is_sent_once_confirmed_and_reported_with_the_ratio_after() {
            Intent intent = pending();

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(result.marginRatioAfter()).isEqualByComparingTo("0.3");
            assertThat(venue.transfers()).containsOnlyKeys(intent.intentId());
            assertThat(stored(intent).state()).isEqualTo(IntentState.CONFIRMED);
            assertThat(ledger.state(ACCOUNT).openIntentId()).isNull();
            assertThat(bus.published()).singleElement().satisfies(e -> {
                assertThat(e.detailType()).isEqualTo(EventCatalogue.TOP_UP_COMPLETED.detailType());
                assertThat(wire(e)).containsEntry("reconciled", false).containsEntry("marginRatioAfter", "0.3");
            });
            assertThat(metrics.records()).singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo("CONFIRMED"));
            assertThat(venue.connectedWith()).singleElement()
                    .satisfies(c -> assertThat(c.apiKey()).isEqualTo("transfer-key-1"));
        }

        @Test
        void a_settled_intent_delivered_again_sends_nothing() {
            Intent intent = pending();
            execute(intent);

            TransferResult again = execute(intent);

            assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(venue.transferRequests()).isEqualTo(1);
            assertThat(bus.published()).hasSize(1);
        }

        @Test
        void a_retry_that_finds_another_attempts_lease_live_fails_so_lambda_retries_it_after_the_lease() {
            Intent intent = pending();

            Intent held = ledger.claim(intent, LEASE).orElseThrow();

            assertThatThrownBy(() -> execute(intent)).isInstanceOf(RetryLater.class)
                    .hasMessageContaining("holds intent " + intent.intentId());
            assertThat(venue.transferRequests()).isZero();
            assertThat(stored(intent)).as("the holder's attempt is left alone").isEqualTo(held);
        }

        @Test
        void concurrent_deliveries_of_one_intent_move_the_money_once() throws Exception {
            Intent intent = pending();

            List<Object> results = Concurrently.times(4, () -> {
                try {
                    return execute(intent).outcome();
                } catch (RetryLater leaseHeldElsewhere) {
                    return leaseHeldElsewhere;
                }
            });

            assertThat(results).filteredOn(r -> r == Outcome.CONFIRMED).hasSize(1);
            // The others found the intent settled, or the winner's lease live and asked Lambda to retry later.
            assertThat(results).filteredOn(r -> r == Outcome.DUPLICATE || r instanceof RetryLater).hasSize(3);
            assertThat(venue.transferRequests()).isEqualTo(1);
        }

        @Test
        void an_event_naming_no_stored_intent_is_bad_input() {
            assertThatThrownBy(() -> service.execute(ACCOUNT, "no-such-intent")).isInstanceOf(BadInput.class)
                    .hasMessageContaining("no-such-intent");
        }

        @Test
        void a_config_that_no_longer_allows_the_first_attempt_fails_it_and_gives_the_amount_back() {
            Intent intent = pending();
            accounts.put(Accounts.item(ACCOUNT, "enabled", false));

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.detail()).contains("disabled");
            assertThat(venue.transferRequests()).isZero();
            assertThat(ledger.usedOn(ACCOUNT, intent.day())).isEqualByComparingTo("0");
            assertThat(bus.published(EventCatalogue.TOP_UP_FAILED.detailType())).hasSize(1);
        }

        @Test
        void an_unreachable_venue_fails_a_first_attempt_but_never_a_retried_one() {
            Intent intent = pending();
            secrets.delete("margin-topup/transfer/" + ACCOUNT);
            assertThat(execute(intent).outcome()).isEqualTo(Outcome.FAILED);
            assertThat(venue.transferRequests()).isZero();

            secrets.put("margin-topup/transfer/" + ACCOUNT, "transfer-key-1", "transfer-secret-1");
            Intent retried = sendingAfterLostRequest();
            clock.advance(LEASE);
            venue.connectFails(VenueException.Kind.CONFIG);
            assertThatThrownBy(() -> execute(retried)).isInstanceOf(RetryLater.class)
                    .hasMessageContaining("reconcile an earlier attempt");
            assertThat(stored(retried).state()).isEqualTo(IntentState.SENDING);
        }

        @Test
        void the_margin_read_after_a_top_up_may_fail_without_undoing_it() {
            Intent intent = pending();
            venue.nextReadFails(VenueException.Kind.OUTCOME_UNKNOWN);

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(result.marginRatioAfter()).isNull();
        }
    }

    // ---------------------------------------------------------------- retries

    @Nested
    class Retries {

        @Test
        void a_lost_answer_is_found_in_the_venues_history_at_once_and_never_sent_again() {
            Intent intent = pending();
            venue.nextTransfer(TransferFault.APPLIED_ANSWER_LOST);

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(result.detail()).isEqualTo("reconciled");
            assertThat(venue.transferRequests()).isEqualTo(1);
        }

        @Test
        void an_attempt_that_cannot_tell_asks_for_a_retry_and_the_retry_finds_the_transfer() {
            Intent intent = pending();
            venue.nextTransfer(TransferFault.REQUEST_LOST);
            assertThatThrownBy(() -> execute(intent)).isInstanceOf(RetryLater.class);
            // The venue applied it after all (its history lagged).
            venue.applied(intent.intentId(), "700");
            clock.advance(LEASE);

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(result.detail()).isEqualTo("reconciled");
            assertThat(venue.transferRequests()).isEqualTo(1);
            assertThat(audited()).contains("OUTCOME_UNKNOWN_WILL_RECONCILE");
        }

        @Test
        void a_retry_resends_only_once_the_venues_history_had_its_grace_period() {
            Intent intent = sendingAfterLostRequest();
            clock.advance(LEASE);

            assertThatThrownBy(() -> execute(intent)).as("within the grace period").isInstanceOf(RetryLater.class)
                    .hasMessageContaining("safe to resend after");
            clock.advance(GRACE);
            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(result.detail()).isEqualTo("sent");
            assertThat(venue.transferRequests()).isEqualTo(2);
            assertThat(venue.transfers()).hasSize(1);
            assertThat(audited()).contains("RECONCILED_NOT_FOUND");
        }

        @Test
        void a_retry_after_a_config_change_refuses_only_once_the_venue_says_nothing_moved() {
            Intent intent = sendingAfterLostRequest();
            accounts.put(Accounts.item(ACCOUNT, "maxTransfer", new BigDecimal("500")));
            clock.advance(LEASE.plus(GRACE));

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.detail()).contains("per-transfer cap was lowered to 500");
            assertThat(venue.transferRequests()).isEqualTo(1);
            assertThat(ledger.usedOn(ACCOUNT, intent.day())).isEqualByComparingTo("0");
        }

        @Test
        void money_an_earlier_attempt_moved_is_recorded_even_if_the_config_changed_since() {
            Intent intent = sendingAfterLostRequest();
            venue.applied(intent.intentId(), "700");
            accounts.put(Accounts.item(ACCOUNT, "enabled", false));
            clock.advance(LEASE);

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(ledger.usedOn(ACCOUNT, intent.day())).isEqualByComparingTo("700");
        }

        @Test
        void a_retry_without_the_account_item_cannot_reconcile_and_waits_for_it() {
            Intent intent = sendingAfterLostRequest();
            accounts.delete(ACCOUNT);
            clock.advance(LEASE.plus(GRACE));

            assertThatThrownBy(() -> execute(intent)).isInstanceOf(RetryLater.class)
                    .hasMessageContaining("missing or invalid");
            assertThat(stored(intent).state()).isEqualTo(IntentState.SENDING);
            assertThat(ledger.usedOn(ACCOUNT, intent.day())).isEqualByComparingTo("700");
        }

        @Test
        void after_the_last_attempt_that_cannot_tell_the_intent_is_unknown_and_a_person_is_told() {
            Intent intent = pending();
            venue.nextTransfer(TransferFault.REQUEST_LOST).historyUnreadable("history endpoint down");
            for (int attempt = 1; attempt < TransferBudget.MAX_ATTEMPTS; attempt++) {
                assertThatThrownBy(() -> execute(intent)).as("attempt %d", attempt).isInstanceOf(RetryLater.class);
                clock.advance(LEASE);
            }

            TransferResult last = execute(intent);

            assertThat(last.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(stored(intent).attempt()).isEqualTo(TransferBudget.MAX_ATTEMPTS);
            assertThat(stored(intent).state()).isEqualTo(IntentState.UNKNOWN);
            assertThat(venue.transferRequests()).isEqualTo(1);
            assertThat(ledger.state(ACCOUNT).openIntentId()).as("the account stays held").isEqualTo(intent.intentId());
            assertThat(bus.published(EventCatalogue.TOP_UP_FAILED.detailType())).singleElement()
                    .satisfies(e -> assertThat(wire(e)).containsEntry("outcome", "UNKNOWN"));
        }
    }

    // ---------------------------------------------------------------- an UNKNOWN intent

    @Nested
    class SettlingUnknown {

        @Test
        void found_in_the_history_it_is_confirmed_without_sending() {
            Intent intent = unknown();
            venue.applied(intent.intentId(), "700");

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
            assertThat(venue.transferRequests()).isZero();
        }

        @Test
        void absent_after_the_grace_period_it_failed_and_its_amount_goes_back() {
            Intent intent = unknown();
            clock.advance(GRACE);

            TransferResult result = execute(intent);

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(ledger.usedOn(ACCOUNT, intent.day())).isEqualByComparingTo("0");
            assertThat(ledger.state(ACCOUNT).openIntentId()).isNull();
            assertThat(venue.transferRequests()).isZero();
        }

        @Test
        void absent_within_the_grace_period_or_unreadable_it_stays_unknown() {
            Intent intent = unknown();

            assertThat(execute(intent).outcome()).isEqualTo(Outcome.UNKNOWN);
            clock.advance(GRACE);
            venue.historyUnreadable("history endpoint down");
            assertThat(execute(intent).outcome()).isEqualTo(Outcome.UNKNOWN);
            accounts.delete(ACCOUNT);
            assertThat(execute(intent).outcome()).isEqualTo(Outcome.UNKNOWN);

            assertThat(stored(intent).state()).isEqualTo(IntentState.UNKNOWN);
            assertThat(venue.transferRequests()).isZero();
        }
    }

    // ---------------------------------------------------------------- each step

    @Nested
    class Steps {

        @Test
        void claim_takes_the_intent_for_one_attempt_and_only_one() {
            Intent intent = pending();

            Optional<Intent> held = service.claim(intent);

            assertThat(held).get().satisfies(h -> {
                assertThat(h.state()).isEqualTo(IntentState.SENDING);
                assertThat(h.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
            });
            assertThat(service.claim(intent)).isEmpty();
        }

        @Test
        void load_config_says_why_the_current_item_refuses_the_intent() {
            Intent held = service.claim(pending()).orElseThrow();

            assertThat(service.loadConfig(held).refusal()).isNull();
            accounts.put(Accounts.item(ACCOUNT, "dryRun", true));
            assertThat(service.loadConfig(held).refusal()).contains("dry-run");
            accounts.put(Accounts.item(ACCOUNT, "maxTransfer", new BigDecimal("699")));
            assertThat(service.loadConfig(held).refusal()).contains("per-transfer cap");
            accounts.delete(ACCOUNT);
            assertThat(service.loadConfig(held)).isEqualTo(new CurrentConfig(null,
                    "the account item is missing or invalid now; nothing moved"));
        }

        @Test
        void load_config_announces_an_item_that_became_invalid() {
            Intent held = service.claim(pending()).orElseThrow();
            accounts.put(Accounts.item(ACCOUNT, "triggerRatio", new BigDecimal("7")));

            CurrentConfig current = service.loadConfig(held);

            assertThat(current.config()).isNull();
            assertThat(bus.published(EventCatalogue.ACCOUNT_CONFIG_INVALID.detailType())).singleElement()
                    .satisfies(e -> assertThat(wire(e)).containsEntry("reportedBy", "transfer"));
        }

        @Test
        void connect_names_the_key_it_could_not_use() {
            assertThat(service.connect(config())).isInstanceOf(Connection.Connected.class);

            secrets.delete("margin-topup/transfer/" + ACCOUNT);
            TransferService fresh = new TransferService(accounts, Accounts.VALIDATOR, secrets.cache(clock), venue,
                    ledger, bus, metrics, clock, LEASE);
            assertThat(fresh.connect(config())).isInstanceOfSatisfying(Connection.Unreachable.class,
                    u -> assertThat(u.reason()).contains("margin-topup/transfer/" + ACCOUNT)
                            .doesNotContain("transfer-secret-1"));
        }

        @Test
        void a_top_up_stopped_between_its_legs_is_finished_with_the_missing_leg_alone_after_the_grace() {
            Intent held = retriedAttempt();
            venue.walletLegOnly(held.intentId(), "wallet-9", "700");

            assertThat(service.reconcile(held, config(), venue, null)).get()
                    .isInstanceOf(AttemptOutcome.CannotTell.class);
            assertThat(venue.finishRequests()).isZero();
            clock.advance(GRACE);
            assertThat(service.reconcile(held, config(), venue, null))
                    .contains(new AttemptOutcome.Applied("wallet-9", true));

            assertThat(venue.finishRequests()).isEqualTo(1);
            assertThat(venue.transferRequests()).as("only the first attempt's request").isEqualTo(1);
            assertThat(venue.marginBalance()).isEqualByComparingTo("1700");
            assertThat(ledger.auditTrail(ACCOUNT).getLast().details()).containsEntry("walletTransferId", "wallet-9");
        }

        @Test
        void a_top_up_stopped_between_its_legs_is_never_called_nothing_moved_when_the_config_refuses_the_rest() {
            Intent held = retriedAttempt();
            venue.walletLegOnly(held.intentId(), "wallet-9", "700");
            clock.advance(GRACE);

            Optional<AttemptOutcome> outcome = service.reconcile(held, config(), venue,
                    "the account is disabled now; nothing moved");

            assertThat(outcome).get().isInstanceOfSatisfying(AttemptOutcome.CannotTell.class,
                    c -> assertThat(c.reason()).contains("wallet-9", "the account is disabled now")
                            .doesNotContain("nothing moved"));
            assertThat(venue.finishRequests()).isZero();
        }

        @Test
        void a_failing_last_leg_is_checked_against_the_history_and_never_failed() {
            Intent held = retriedAttempt();
            venue.walletLegOnly(held.intentId(), "wallet-9", "700");
            clock.advance(GRACE);
            venue.nextTransferRefused(VenueException.Kind.OUTCOME_UNKNOWN);

            assertThat(service.reconcile(held, config(), venue, null)).get()
                    .isInstanceOf(AttemptOutcome.CannotTell.class);
            assertThat(venue.finishRequests()).isEqualTo(1);
            assertThat(venue.marginBalance()).isEqualByComparingTo("1000");
        }

        @Test
        void a_refused_last_leg_is_never_called_nothing_moved() {
            Intent held = retriedAttempt();
            venue.walletLegOnly(held.intentId(), "wallet-9", "700");
            clock.advance(GRACE);
            venue.nextTransferRefused(VenueException.Kind.REJECTED);

            assertThat(service.reconcile(held, config(), venue, null)).get()
                    .isInstanceOfSatisfying(AttemptOutcome.CannotTell.class,
                            c -> assertThat(c.reason()).contains("wallet-9", "refused by the test"));
            assertThat(venue.marginBalance()).isEqualByComparingTo("1000");
        }

        @Test
        void an_unknown_intent_stopped_between_its_legs_stays_unknown_and_nothing_is_sent() {
            Intent unknown = unknown();
            venue.walletLegOnly(unknown.intentId(), "wallet-9", "700");
            clock.advance(GRACE);

            TransferResult result = execute(unknown);

            assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN);
            assertThat(result.detail()).contains("wallet-9");
            assertThat(venue.finishRequests()).isZero();
            assertThat(venue.transferRequests()).isZero();
        }

        @Test
        void reconcile_settles_on_the_venues_word_only() {
            Intent held = retriedAttempt();

            assertThat(service.reconcile(held, config(), venue, null)).get()
                    .isInstanceOf(AttemptOutcome.CannotTell.class);
            clock.advance(GRACE);
            assertThat(service.reconcile(held, config(), venue, "disabled now")).contains(
                    new AttemptOutcome.NothingMoved("disabled now"));
            assertThat(service.reconcile(held, config(), venue, null)).as("never arrived: safe to send").isEmpty();
            venue.historyUnreadable("down");
            assertThat(service.reconcile(held, config(), venue, null)).contains(
                    new AttemptOutcome.CannotTell("reconcile failed: down"));
            venue.historyUnreadable(null).applied(held.intentId(), "700");
            assertThat(service.reconcile(held, config(), venue, "disabled now")).contains(
                    new AttemptOutcome.Applied("paper-1", true));
        }

        @Test
        void send_turns_every_venue_answer_into_what_it_means_for_the_money() {
            Intent held = service.claim(pending()).orElseThrow();
            AccountConfig config = config();

            venue.nextTransfer(TransferFault.REQUEST_LOST);
            assertThat(service.send(held, config, venue)).isInstanceOf(AttemptOutcome.CannotTell.class);
            venue.nextTransferRefused(VenueException.Kind.RATE_LIMITED);
            assertThat(service.send(held, config, venue)).isInstanceOf(AttemptOutcome.CannotTell.class);
            venue.nextTransferRefused(VenueException.Kind.INSUFFICIENT_BALANCE);
            assertThat(service.send(held, config, venue)).isInstanceOf(AttemptOutcome.NothingMoved.class);
            assertThat(service.send(held, config, venue)).isEqualTo(new AttemptOutcome.Applied("paper-1", false));
            assertThat(venue.transfers()).hasSize(1);
        }

        @Test
        void send_drops_a_refused_key_so_the_next_attempt_reads_the_rotated_one() {
            Intent held = service.claim(pending()).orElseThrow();
            AccountConfig config = config();
            service.connect(config);
            int readsBefore = secrets.reads();
            venue.nextTransferRefused(VenueException.Kind.AUTH);

            assertThat(service.send(held, config, venue)).isInstanceOf(AttemptOutcome.NothingMoved.class);
            service.connect(config);

            assertThat(secrets.reads()).isEqualTo(readsBefore + 1);
        }

        @Test
        void settle_records_each_outcome_and_publishes_it() {
            AccountConfig config = config();
            Intent confirmed = service.claim(pending()).orElseThrow();
            assertThat(service.settle(confirmed, config, venue, new AttemptOutcome.Applied("paper-9", false)).outcome())
                    .isEqualTo(Outcome.CONFIRMED);
            assertThat(stored(confirmed).venueTransferId()).isEqualTo("paper-9");

            clock.advance(config.cooldown());
            Intent failed = service.claim(pending()).orElseThrow();
            assertThat(service.settle(failed, config, venue, new AttemptOutcome.NothingMoved("refused")).outcome())
                    .isEqualTo(Outcome.FAILED);

            assertThat(bus.published()).extracting(DomainEvent::detailType)
                    .containsExactly(EventCatalogue.TOP_UP_COMPLETED.detailType(), EventCatalogue.TOP_UP_FAILED.detailType());
        }

        @Test
        void settle_after_the_lease_was_lost_leaves_the_intent_to_the_attempt_that_took_it() {
            AccountConfig config = config();
            Intent first = service.claim(pending()).orElseThrow();
            clock.advance(LEASE);
            Intent second = service.claim(first).orElseThrow();

            TransferResult late = service.settle(first, config, venue, new AttemptOutcome.Applied("paper-1", false));
            TransferResult lateFailure = service.settle(first, config, venue, new AttemptOutcome.NothingMoved("x"));

            assertThat(late.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(late.detail()).isEqualTo("lease lost before confirming");
            assertThat(lateFailure.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(stored(first)).isEqualTo(second);
            assertThat(bus.published()).isEmpty();
        }

        @Test
        void settle_asks_for_a_retry_while_attempts_are_left_when_the_outcome_is_open() {
            Intent held = service.claim(pending()).orElseThrow();

            assertThatThrownBy(() -> service.settle(held, config(), venue, new AttemptOutcome.CannotTell("timeout")))
                    .isInstanceOf(RetryLater.class).hasMessageContaining("a retry reconciles first");
            assertThat(stored(held).state()).isEqualTo(IntentState.SENDING);
            assertThat(ledger.auditTrail(ACCOUNT).getLast().details()).containsEntry("reason", "timeout");
        }

        @Test
        void verify_reads_the_margin_after_and_tolerates_a_failed_read() {
            assertThat(service.verify(venue, config())).isEqualByComparingTo("0.51");
            venue.nextReadFails(VenueException.Kind.OUTCOME_UNKNOWN);
            assertThat(service.verify(venue, config())).isNull();
        }
    }

    // ---------------------------------------------------------------- helpers

    private AccountConfig config() {
        return Accounts.config(accounts.read(ACCOUNT).orElseThrow().attributes());
    }

    /** An intent as the checker opens it for a 700 USDT top-up. */
    private Intent pending() {
        OpenResult opened = ledger.openIntent(new CheckId(ACCOUNT, clock.instant()), config(),
                new Decision.TopUp(new BigDecimal("0.51"), new BigDecimal("700"), new BigDecimal("0.3"), null));
        return ((OpenResult.Opened) opened).intent();
    }

    /** A first attempt whose request was lost: the intent is SENDING, its attempt 1, nothing moved. */
    private Intent sendingAfterLostRequest() {
        clock.advance(Duration.ofMinutes(10));
        Intent intent = pending();
        venue.nextTransfer(TransferFault.REQUEST_LOST);
        assertThatThrownBy(() -> execute(intent)).isInstanceOf(RetryLater.class);
        return intent;
    }

    /** The second attempt's hold on an intent whose first attempt's request was lost. */
    private Intent retriedAttempt() {
        Intent intent = sendingAfterLostRequest();
        clock.advance(LEASE);
        return service.claim(stored(intent)).orElseThrow();
    }

    /** An intent whose attempts could not tell whether the transfer happened (nothing did). */
    private Intent unknown() {
        Intent held = service.claim(pending()).orElseThrow();
        ledger.markUnknown(held, "venue timed out");
        return stored(held);
    }

    private TransferResult execute(Intent intent) {
        return service.execute(intent.accountId(), intent.intentId());
    }

    private Intent stored(Intent intent) {
        return ledger.intent(intent.accountId(), intent.intentId()).orElseThrow();
    }

    private List<String> audited() {
        return ledger.auditTrail(ACCOUNT).stream().map(AuditEntry::kind).toList();
    }
}
