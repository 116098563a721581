package dev.margintopup.topup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.observability.InMemoryMetrics;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.SweepDecision;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.testing.TestClock;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sweep in two legs (an isolated position's margin out into the margin wallet, then back to the
 * source) stopped between them is finished with its missing leg alone, through
 * {@link MarginVenue#finishSweep}: never a top-up's {@code finishTransfer}, never the whole sweep again.
 */
class SweepLegsTest {

    private static final String ACCOUNT = "desk-1";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryLedger ledger = new InMemoryLedger(clock, Duration.ofDays(365));
    private final InMemoryAccountsTable accounts = new InMemoryAccountsTable();
    private final TwoLegSweeps venue = new TwoLegSweeps();
    private final TransferService service = new TransferService(accounts, Accounts.VALIDATOR,
            new InMemorySecrets().put("margin-topup/transfer/" + ACCOUNT, "key", "secret").cache(clock), venue,
            ledger, new InMemoryEventPublisher(), new InMemoryMetrics(), clock, TransferBudget.LEASE);

    @Test
    void a_sweep_stopped_between_its_legs_is_finished_with_the_second_leg_alone_once() {
        Map<String, Object> item = Accounts.item(ACCOUNT, "sweep", Map.of("afterMinutes", new BigDecimal("3"),
                "lookbackDays", new BigDecimal("1"), "dailyCap", new BigDecimal("1000")));
        accounts.put(item);
        Intent sweep = openSweep(Accounts.config(item), "100");

        assertThatThrownBy(() -> service.execute(ACCOUNT, sweep.intentId())).as("the first leg moved, the second"
                + " was lost: cannot tell yet").isInstanceOf(RetryLater.class);
        clock.advance(TransferBudget.LEASE.plus(venue.reconcileGrace()).plusSeconds(1));
        TransferResult finished = service.execute(ACCOUNT, sweep.intentId());

        assertThat(finished.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(venue.sends).as("the whole sweep is sent once").isEqualTo(1);
        assertThat(venue.finishedSweeps).as("the second leg alone, once").isEqualTo(1);
        assertThat(service.execute(ACCOUNT, sweep.intentId()).outcome()).isEqualTo(Outcome.DUPLICATE);
    }

    private Intent openSweep(AccountConfig config, String amount) {
        Instant calmSince = clock.instant();
        ledger.recordInsideBand(ACCOUNT, calmSince);
        clock.advance(Duration.ofMinutes(1));
        OpenResult opened = ledger.openSweep(new CheckId(ACCOUNT, clock.instant()), config, new SweepDecision(
                new BigDecimal("0.2"), new BigDecimal(amount), new BigDecimal("0.25"), config.sourceWallet(), null),
                calmSince, BigDecimal.ZERO);
        return ((OpenResult.Opened) opened).intent();
    }

    /** A venue whose sweeps are two legs; the answer to the first send is lost after its first leg. */
    private static final class TwoLegSweeps implements MarginVenue, VenueConnector {
        int sends;
        int finishedSweeps;

        @Override
        public MarginVenue connect(AccountConfig account, dev.margintopup.venue.VenueCredentials credentials) {
            return this;
        }

        @Override
        public String name() {
            return "paper";
        }

        @Override
        public MarginSnapshot readMargin(MarginQuery query) {
            return new MarginSnapshot(name(), Instant.EPOCH, query.asset(), new BigDecimal("1000"),
                    new BigDecimal("200"), null, new BigDecimal("0.01"), null, null, List.of());
        }

        @Override
        public BigDecimal sourceFree(SourceQuery query) {
            return BigDecimal.ZERO;
        }

        @Override
        public TransferReceipt transferToMargin(TransferInstruction instruction) {
            throw new AssertionError("a sweep never sends a top-up");
        }

        @Override
        public TransferLookup findTransfer(TransferInstruction instruction) {
            throw new AssertionError("a sweep is looked up as a sweep");
        }

        @Override
        public TransferReceipt finishTransfer(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
            throw new AssertionError("a sweep's missing leg is never a top-up's");
        }

        @Override
        public synchronized TransferReceipt transferFromMargin(TransferInstruction instruction) {
            sends++;
            throw new VenueException(VenueException.Kind.OUTCOME_UNKNOWN, name(), "/sweep", null,
                    "the first leg moved, the answer to the second was lost");
        }

        @Override
        public synchronized TransferLookup findSweep(TransferInstruction instruction) {
            return finishedSweeps > 0 ? new TransferLookup.Found("leg-2")
                    : new TransferLookup.Unfinished("leg-1", Instant.EPOCH);
        }

        @Override
        public synchronized TransferReceipt finishSweep(TransferInstruction instruction,
                TransferLookup.Unfinished unfinished) {
            finishedSweeps++;
            return new TransferReceipt("leg-2", true);
        }

        @Override
        public Duration reconcileGrace() {
            return Duration.ofMinutes(2);
        }
    }
}
