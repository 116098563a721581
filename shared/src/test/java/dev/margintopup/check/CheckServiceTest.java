package dev.margintopup.check;

import static dev.margintopup.bus.InMemoryEventPublisher.wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.check.CheckResult.Outcome;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.policy.Decision;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.testing.InMemoryVenue;
import dev.margintopup.testing.TestClock;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every branch of one check, with the in-memory ledger and bus and an in-memory venue: what it
 * decides, what it records and what it announces. The same paths over the emulator and the paper
 * venue are the integration tests'.
 */
class CheckServiceTest {

    private static final String ACCOUNT = "desk-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryLedger ledger = new InMemoryLedger(clock, Duration.ofDays(365));
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryVenue venue = new InMemoryVenue(clock).margin("1000", "200");
    private final InMemorySecrets secrets = new InMemorySecrets()
            .put("margin-topup/read/" + ACCOUNT, "read-key-1", "read-secret-1");
    private final CheckService service = new CheckService(Accounts.VALIDATOR, secrets.cache(clock), venue, ledger, bus,
            clock);

    private Map<String, Object> item = Accounts.item(ACCOUNT);

    private CheckResult check() {
        return checkAt(clock.instant());
    }

    private CheckResult checkAt(Instant scheduledTime) {
        return service.check(new CheckRequest(ACCOUNT, scheduledTime, new AccountItem(item)));
    }

    private List<String> audited() {
        return ledger.auditTrail(ACCOUNT).stream().map(AuditEntry::kind).toList();
    }

    @Nested
    class NothingToDo {

        @Test
        void a_healthy_account_is_one_venue_read_and_announces_nothing() {
            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.NO_ACTION);
            assertThat(result.marginRatio()).isEqualByComparingTo("0.2");
            assertThat(venue.reads()).isEqualTo(1);
            assertThat(venue.sourceReads()).as("the source wallet is not read when nothing is to be done").isZero();
            assertThat(bus.published()).isEmpty();
            assertThat(audited()).isEmpty();
        }

        @Test
        void the_last_seen_ratio_is_written_on_a_material_change_or_a_heartbeat_only() {
            check();
            Instant firstSeen = ledger.state(ACCOUNT).lastSeenAt();
            clock.advance(Duration.ofMinutes(1));
            venue.margin("1000", "210");
            check();
            assertThat(ledger.state(ACCOUNT).lastSeenAt()).as("a small move writes nothing").isEqualTo(firstSeen);

            clock.advance(Duration.ofMinutes(1));
            venue.margin("1000", "300");
            check();
            assertThat(ledger.state(ACCOUNT).lastRatio()).as("a material move is written").isEqualByComparingTo("0.3");

            clock.advance(Duration.ofMinutes(15));
            venue.margin("1000", "300");
            check();
            assertThat(ledger.state(ACCOUNT).lastSeenAt()).as("the heartbeat").isEqualTo(clock.instant());
        }

        @Test
        void a_disabled_account_is_not_read_at_all() {
            item = Accounts.item(ACCOUNT, "enabled", false);

            assertThat(check().outcome()).isEqualTo(Outcome.DISABLED);
            assertThat(venue.reads()).isZero();
            assertThat(bus.published()).isEmpty();
        }

        @Test
        void a_venue_that_cannot_be_read_is_tried_again_at_the_next_check() {
            venue.nextReadFails(VenueException.Kind.OUTCOME_UNKNOWN);

            assertThat(check().outcome()).isEqualTo(Outcome.VENUE_ERROR);
            assertThat(bus.published()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(check().outcome()).isEqualTo(Outcome.NO_ACTION);
        }
    }

    @Nested
    class TopUps {

        @Test
        void a_breach_opens_an_intent_and_requests_the_top_up_that_reaches_the_target() {
            venue.margin("1000", "510");

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);
            assertThat(result.amount()).isEqualByComparingTo("700");
            Intent intent = ledger.intent(ACCOUNT, result.intentId()).orElseThrow();
            assertThat(intent.state()).isEqualTo(IntentState.PENDING);
            assertThat(bus.published()).singleElement().satisfies(e -> {
                assertThat(e.detailType()).isEqualTo(EventCatalogue.TOP_UP_REQUESTED.detailType());
                assertThat(wire(e)).containsEntry("intentId", intent.intentId()).containsEntry("amount", "700.00");
            });
        }

        @Test
        void a_check_about_to_act_reads_the_source_once_and_moves_no_more_than_it_holds() {
            venue.margin("1000", "510").sourceFree("300");

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);
            assertThat(result.amount()).isEqualByComparingTo("300");
            assertThat(venue.reads()).isEqualTo(1);
            assertThat(venue.sourceReads()).isEqualTo(1);
        }

        @Test
        void a_source_that_cannot_be_read_moves_nothing_and_the_next_check_tries_again() {
            venue.margin("1000", "510").nextSourceReadFails(VenueException.Kind.RATE_LIMITED);

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.VENUE_ERROR);
            assertThat(ledger.state(ACCOUNT).openIntentId()).isNull();
            assertThat(bus.published()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(check().outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);
        }

        @Test
        void a_source_wallet_the_venue_cannot_draw_from_is_reported_by_its_field() {
            venue.margin("1000", "510").nextSourceReadFails(VenueException.Kind.CONFIG);

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.INVALID_CONFIG);
            assertThat(result.detail()).contains("sourceWallet");
            assertThat(bus.published(EventCatalogue.ACCOUNT_CONFIG_INVALID.detailType())).hasSize(1);
        }

        @Test
        void a_duplicate_check_delivery_moves_nothing_more_and_announces_nothing_more() {
            venue.margin("1000", "510");
            Instant scheduled = clock.instant();
            CheckResult first = checkAt(scheduled);
            clock.advance(Duration.ofSeconds(5));

            CheckResult again = checkAt(scheduled);

            assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(again.intentId()).isEqualTo(first.intentId());
            assertThat(bus.published()).hasSize(1);
            assertThat(ledger.usedOn(ACCOUNT, ledger.today())).isEqualByComparingTo("700");
        }

        @Test
        void a_later_check_while_the_top_up_is_in_flight_waits_for_it() {
            venue.margin("1000", "510");
            CheckResult first = check();
            clock.advance(Duration.ofSeconds(10));

            CheckResult next = check();

            assertThat(next.outcome()).isEqualTo(Outcome.IN_FLIGHT);
            assertThat(next.intentId()).isEqualTo(first.intentId());
            assertThat(bus.published()).as("not stalled yet: no republish").hasSize(1);
        }

        @Test
        void a_check_that_needs_no_top_up_publishes_again_an_intent_nobody_carries() {
            venue.margin("1000", "510");
            CheckResult first = check();
            // Its TopUpRequested never reached the transfer function, and the market recovered.
            clock.advance(Duration.ofMinutes(1));
            venue.margin("1000", "100");

            CheckResult next = check();

            assertThat(next.outcome()).isEqualTo(Outcome.NO_ACTION);
            assertThat(bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(2)
                    .allSatisfy(e -> assertThat(wire(e)).containsEntry("intentId", first.intentId()));
        }

        @Test
        void a_check_in_the_cooldown_after_a_top_up_waits() {
            venue.margin("1000", "510");
            settle(check().intentId());
            clock.advance(Duration.ofMinutes(1));

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.COOLING_DOWN);
            assertThat(bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(1);
        }

        @Test
        void a_top_up_the_daily_cap_refuses_is_decided_again_with_what_is_left_of_the_cap() {
            item = Accounts.item(ACCOUNT, "maxTransfer", new BigDecimal("5000"), "cooldownSeconds", BigDecimal.ZERO);
            spendToday("1700");
            venue.margin("1000", "510");

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.TOP_UP_REQUESTED);
            assertThat(result.amount()).isEqualByComparingTo("300");
            assertThat(ledger.usedOn(ACCOUNT, ledger.today())).isEqualByComparingTo("2000");
            assertThat(bus.published()).extracting(DomainEvent::detailType)
                    .containsExactly(EventCatalogue.TOP_UP_REQUESTED.detailType(), EventCatalogue.MARGIN_AT_RISK.detailType());
            assertThat(bus.published(EventCatalogue.MARGIN_AT_RISK.detailType()).getFirst()).extracting(InMemoryEventPublisher::wire).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("cause", "DAILY_CAP");
        }

        @Test
        void a_daily_cap_already_used_up_raises_an_alert_instead() {
            item = Accounts.item(ACCOUNT, "cooldownSeconds", BigDecimal.ZERO);
            spendToday("1000", "1000");
            venue.margin("1000", "510");

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.ALERT);
            assertThat(bus.published()).singleElement()
                    .satisfies(e -> assertThat(wire(e)).containsEntry("cause", "DAILY_CAP"));
            assertThat(ledger.usedOn(ACCOUNT, ledger.today())).isEqualByComparingTo("2000");
        }
    }

    @Nested
    class StalledIntents {

        @Test
        void a_pending_intent_whose_request_was_lost_is_published_again_after_the_grace_period() {
            venue.margin("1000", "510");
            String intentId = check().intentId();
            bus.clear();
            clock.advance(CheckService.REPUBLISH_AFTER);

            CheckResult next = check();

            assertThat(next.outcome()).isEqualTo(Outcome.IN_FLIGHT);
            assertThat(bus.published()).singleElement()
                    .satisfies(e -> assertThat(wire(e)).containsEntry("intentId", intentId));
        }

        @Test
        void a_sending_intent_whose_worker_died_is_published_again_once_its_lease_expired() {
            venue.margin("1000", "510");
            Intent open = ledger.intent(ACCOUNT, check().intentId()).orElseThrow();
            ledger.claim(open, Duration.ofSeconds(60));
            bus.clear();
            clock.advance(Duration.ofSeconds(30));
            check();
            assertThat(bus.published()).as("lease still live").isEmpty();

            clock.advance(Duration.ofSeconds(30));
            check();

            assertThat(bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(1);
        }

        @Test
        void an_unknown_intent_is_handed_back_to_the_transfer_side_to_settle() {
            venue.margin("1000", "510");
            Intent open = ledger.intent(ACCOUNT, check().intentId()).orElseThrow();
            Intent held = ledger.claim(open, Duration.ofSeconds(60)).orElseThrow();
            ledger.markUnknown(held, "venue timed out");
            bus.clear();
            clock.advance(Duration.ofMinutes(1));

            CheckResult next = check();

            assertThat(next.outcome()).isEqualTo(Outcome.IN_FLIGHT);
            assertThat(bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType())).hasSize(1);
        }
    }

    @Nested
    class Alerts {

        @Test
        void an_empty_source_wallet_is_announced_once_per_repeat_interval_and_audited_every_check() {
            venue.margin("1000", "510").sourceFree("5");

            assertThat(check().outcome()).isEqualTo(Outcome.ALERT);
            clock.advance(Duration.ofMinutes(1));
            assertThat(check().outcome()).isEqualTo(Outcome.ALERT);
            clock.advance(CheckService.ALERT_REPEAT);
            check();

            assertThat(bus.published(EventCatalogue.MARGIN_AT_RISK.detailType())).hasSize(2)
                    .allSatisfy(e -> assertThat(wire(e)).containsEntry("cause", "SOURCE_BALANCE"));
            assertThat(audited()).containsExactly("MARGIN_AT_RISK", "MARGIN_AT_RISK", "MARGIN_AT_RISK");
        }

        @Test
        void a_redelivered_alerting_check_is_a_duplicate() {
            venue.margin("1000", "510").sourceFree("5");
            Instant scheduled = clock.instant();
            checkAt(scheduled);

            assertThat(checkAt(scheduled).outcome()).isEqualTo(Outcome.DUPLICATE);
            assertThat(audited()).hasSize(1);
        }
    }

    @Nested
    class DryRun {

        @Test
        void a_dry_run_account_records_what_it_would_move_and_moves_nothing() {
            item = Accounts.item(ACCOUNT, "dryRun", true);
            venue.margin("1000", "510");
            Instant scheduled = clock.instant();

            CheckResult result = checkAt(scheduled);

            assertThat(result.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(result.amount()).isEqualByComparingTo("700");
            assertThat(bus.published()).isEmpty();
            assertThat(ledger.usedOn(ACCOUNT, ledger.today())).isEqualByComparingTo("0");
            assertThat(ledger.auditTrail(ACCOUNT)).singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("wouldMove", "700.00"));
            assertThat(checkAt(scheduled).outcome()).isEqualTo(Outcome.DUPLICATE);
        }
    }

    @Nested
    class InvalidConfig {

        @Test
        void an_invalid_item_is_announced_once_per_window_and_never_reaches_the_venue() {
            item = Accounts.item(ACCOUNT, "targetRatio", new BigDecimal("0.9"));

            assertThat(check().outcome()).isEqualTo(Outcome.INVALID_CONFIG);
            clock.advance(Duration.ofMinutes(1));
            check();
            clock.advance(CheckService.ALERT_REPEAT);
            check();

            assertThat(venue.reads()).isZero();
            assertThat(bus.published(EventCatalogue.ACCOUNT_CONFIG_INVALID.detailType())).hasSize(2);
            assertThat(audited()).containsExactly("ACCOUNT_CONFIG_INVALID", "ACCOUNT_CONFIG_INVALID");
        }

        @Test
        void an_account_id_that_cannot_key_the_ledger_gets_its_event_but_no_audit_row() {
            service.check(new CheckRequest("bad id!", clock.instant(), new AccountItem(Accounts.item("bad id!"))));

            assertThat(bus.published(EventCatalogue.ACCOUNT_CONFIG_INVALID.detailType())).hasSize(1);
            assertThat(ledger.auditTrail("bad id!")).isEmpty();
        }

        @Test
        void a_schedule_carrying_another_accounts_config_moves_nothing() {
            item = Accounts.item("desk-2");
            venue.margin("1000", "510");

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.INVALID_CONFIG);
            assertThat(result.detail()).contains("accountId");
            assertThat(venue.reads()).isZero();
        }

        @Test
        void a_missing_read_key_is_reported_as_the_read_secret() {
            secrets.delete("margin-topup/read/" + ACCOUNT);

            CheckResult result = check();

            assertThat(result.outcome()).isEqualTo(Outcome.INVALID_CONFIG);
            assertThat(bus.published()).singleElement().satisfies(e -> assertThat(e.detail().toString())
                    .contains("readSecretId"));
        }

        @Test
        void a_refused_read_key_is_fetched_afresh_once_before_it_is_reported() {
            venue.nextReadFails(VenueException.Kind.AUTH);

            assertThat(check().outcome()).as("the rotated key works").isEqualTo(Outcome.NO_ACTION);
            assertThat(secrets.reads()).isEqualTo(2);

            clock.advance(Duration.ofMinutes(1));
            venue.nextReadFails(VenueException.Kind.AUTH).nextReadFails(VenueException.Kind.AUTH);
            CheckResult refused = check();
            assertThat(refused.outcome()).isEqualTo(Outcome.INVALID_CONFIG);
            assertThat(refused.detail()).contains("readSecretId");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Claims and confirms an intent the way a transfer that worked does. */
    private void settle(String intentId) {
        AccountConfig config = Accounts.config(item);
        Intent held = ledger.claim(ledger.intent(ACCOUNT, intentId).orElseThrow(), Duration.ofSeconds(60))
                .orElseThrow();
        ledger.confirm(held, "paper-x", config.cooldown(), false);
    }

    /** Top-ups confirmed earlier today, by checks before the one under test. */
    private void spendToday(String... amounts) {
        AccountConfig config = Accounts.config(item);
        Instant earlier = clock.instant().minus(Duration.ofHours(1));
        for (String amount : amounts) {
            earlier = earlier.plus(Duration.ofMinutes(1));
            OpenResult opened = ledger.openIntent(new CheckId(ACCOUNT, earlier), config, new Decision.TopUp(
                    new BigDecimal("0.6"), new BigDecimal(amount), new BigDecimal("0.3"), null));
            settle(((OpenResult.Opened) opened).intent().intentId());
        }
    }
}
