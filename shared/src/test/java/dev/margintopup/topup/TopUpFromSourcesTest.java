package dev.margintopup.topup;

import static dev.margintopup.bus.InMemoryEventPublisher.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.account.AccountItem;
import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.CheckResult;
import dev.margintopup.check.CheckService;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.observability.InMemoryMetrics;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.testing.InMemoryVenue;
import dev.margintopup.testing.InMemoryVenue.TransferFault;
import dev.margintopup.testing.TestClock;
import dev.margintopup.topup.TransferResult.Outcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A top-up drawn from ordered sources, checker and transfer service together on in-memory ports:
 * each leg is its own intent and client id, floors are never touched, and the legs are carried out
 * in order. The same over HTTP against the paper venue and the emulator is {@code SourcesIT}.
 */
class TopUpFromSourcesTest {

    private static final String ACCOUNT = "desk-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryLedger ledger = new InMemoryLedger(clock, Duration.ofDays(365));
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryAccountsTable accounts = new InMemoryAccountsTable();
    // Ratio 0.51 past the 0.5 trigger: 700 brings it to the 0.3 target.
    private final InMemoryVenue venue = new InMemoryVenue(clock).margin("1000", "510").reconcileGrace(Duration.ZERO)
            .wallet("FUNDING", "900").wallet("SPOT", "5000");
    private final InMemorySecrets secrets = new InMemorySecrets()
            .put("margin-topup/read/" + ACCOUNT, "read-key", "read-secret")
            .put("margin-topup/transfer/" + ACCOUNT, "transfer-key", "transfer-secret");
    private final CheckService checker = new CheckService(Accounts.VALIDATOR, secrets.cache(clock), venue, ledger, bus,
            clock);
    private final TransferService transfers = new TransferService(accounts, Accounts.VALIDATOR, secrets.cache(clock),
            venue, ledger, bus, new InMemoryMetrics(), clock, TransferBudget.LEASE);
    private final Map<String, Object> item = Accounts.item(ACCOUNT, "sourceWallet", null, "sources", List.of(
            Map.of("wallet", "FUNDING", "floor", new BigDecimal("500")),
            Map.of("wallet", "SPOT", "floor", new BigDecimal("100"))));

    TopUpFromSourcesTest() {
        accounts.put(item);
    }

    @Test
    void a_top_up_is_drawn_from_two_sources_in_order_and_the_first_ones_floor_is_respected() {
        CheckResult check = check();
        assertThat(check.outcome()).isEqualTo(CheckResult.Outcome.TOP_UP_REQUESTED);
        assertThat(check.amount()).isEqualByComparingTo("700");

        List<TransferResult> done = deliverAll();

        assertThat(done).extracting(TransferResult::outcome).containsExactly(Outcome.CONFIRMED, Outcome.CONFIRMED);
        assertThat(done).extracting(TransferResult::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("400"), new BigDecimal("300"));
        assertThat(venue.wallet("FUNDING")).as("the floor stays").isEqualByComparingTo("500");
        assertThat(venue.wallet("SPOT")).isEqualByComparingTo("4700");
        assertThat(venue.marginBalance()).isEqualByComparingTo("1700");
        assertThat(venue.transfers()).hasSize(2).doesNotContainKey(null);
        assertThat(ledger.state(ACCOUNT).openIntentId()).isNull();
        assertThat(ledger.usedOn(ACCOUNT, ledger.today())).isEqualByComparingTo("700");
        assertThat(bus.published(EventCatalogue.TOP_UP_COMPLETED.detailType())).hasSize(2);
    }

    @Test
    void a_healthy_check_reads_no_source_at_all() {
        venue.margin("1000", "100");

        assertThat(check().outcome()).isEqualTo(CheckResult.Outcome.NO_ACTION);
        assertThat(venue.sourceReads()).isZero();
    }

    @Test
    void a_crash_while_the_second_leg_is_in_flight_is_reconciled_and_moves_nothing_twice() {
        check();
        TransferResult first = deliver(requested().getFirst());
        assertThat(first.outcome()).isEqualTo(Outcome.CONFIRMED);
        String secondLeg = (String) wire(requested().getLast()).get("intentId");
        // The venue applies the second leg, the answer is lost and its history cannot be read yet:
        // as far as this attempt knows, it may have died after sending.
        venue.nextTransfer(TransferFault.APPLIED_ANSWER_LOST).historyUnreadable("history unavailable");
        assertThatThrownBy(() -> transfers.execute(ACCOUNT, secondLeg)).isInstanceOf(RetryLater.class);
        venue.historyUnreadable(null);
        clock.advance(TransferBudget.LEASE.plusSeconds(1));

        TransferResult retried = transfers.execute(ACCOUNT, secondLeg);
        TransferResult again = transfers.execute(ACCOUNT, secondLeg);

        assertThat(retried.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(retried.detail()).isEqualTo("reconciled");
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(venue.transferRequests()).as("two legs, each sent once").isEqualTo(2);
        assertThat(venue.wallet("SPOT")).isEqualByComparingTo("4700");
        assertThat(ledger.intent(ACCOUNT, secondLeg).orElseThrow().state()).isEqualTo(IntentState.CONFIRMED);
    }

    @Test
    void a_second_leg_that_fails_gives_its_amount_back_and_frees_the_account() {
        check();
        deliver(requested().getFirst());
        venue.nextTransferRefused(dev.margintopup.venue.VenueException.Kind.INSUFFICIENT_BALANCE);

        TransferResult second = deliver(requested().getLast());

        assertThat(second.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(ledger.usedOn(ACCOUNT, ledger.today())).isEqualByComparingTo("400");
        assertThat(ledger.state(ACCOUNT).openIntentId()).isNull();
    }

    @Test
    void sources_holding_nothing_above_their_floors_raise_the_source_alert_naming_them() {
        venue.wallet("FUNDING", "500").wallet("SPOT", "100");

        CheckResult check = check();

        assertThat(check.outcome()).isEqualTo(CheckResult.Outcome.ALERT);
        assertThat(check.detail()).contains("sources FUNDING, SPOT may give 0");
        assertThat(venue.transferRequests()).isZero();
    }

    private CheckResult check() {
        clock.advance(Duration.ofMinutes(1));
        return checker.check(new CheckRequest(ACCOUNT, clock.instant(), new AccountItem(item)));
    }

    private List<DomainEvent> requested() {
        return bus.published(EventCatalogue.TOP_UP_REQUESTED.detailType());
    }

    private TransferResult deliver(DomainEvent requested) {
        return transfers.execute(ACCOUNT, (String) wire(requested).get("intentId"));
    }

    /** Delivers every TopUpRequested, including those a confirmed leg publishes for the next. */
    private List<TransferResult> deliverAll() {
        List<TransferResult> results = new ArrayList<>();
        for (int delivered = 0; delivered < requested().size(); delivered++) {
            results.add(deliver(requested().get(delivered)));
        }
        return results;
    }
}
