package dev.margintopup.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.bus.InMemoryEventPublisher;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.InMemoryLedger;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.Leg;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.observability.InMemoryMetrics;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.testing.TestClock;
import dev.margintopup.topup.RetryLater;
import dev.margintopup.topup.TransferBudget;
import dev.margintopup.topup.TransferResult;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.topup.TransferService;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import dev.margintopup.venue.bybit.BybitV5Venue;
import dev.margintopup.venue.hyperliquid.HyperliquidVenue;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The real transfer service (in-memory ledger, bus and Accounts table) driving a real adapter
 * against a dialect server over HTTP: the service alone decides, from the adapter's lookups,
 * whether anything is sent. Each attempt connects a fresh adapter, as a new Lambda invocation does.
 */
public final class TopUpDriver {

    public static final String ACCOUNT = "desk-1";

    private static final AccountValidator VALIDATOR = new AccountValidator(Accounts.SECRET_PREFIX,
            Set.of(BinanceUsdmVenue.NAME, BybitV5Venue.NAME, OkxV5Venue.NAME, HyperliquidVenue.NAME));

    private final TestClock clock;
    private final InMemoryLedger ledger;
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryAccountsTable accounts = new InMemoryAccountsTable();
    private final TransferService service;
    private final Map<String, Object> item;

    /**
     * @param now the venue's time (the intent's creation time is matched against its history)
     * @param adapter a fresh adapter for the account, per attempt
     * @param fields the account item's fields that differ from {@link Accounts#item(String)}
     */
    public TopUpDriver(Instant now, Supplier<MarginVenue> adapter, Object... fields) {
        this.clock = new TestClock(now);
        this.ledger = new InMemoryLedger(clock, Duration.ofDays(365));
        this.item = Accounts.item(ACCOUNT, fields);
        accounts.put(item);
        InMemorySecrets secrets = new InMemorySecrets()
                .put(Accounts.SECRET_PREFIX + "/transfer/" + ACCOUNT, "transfer-key", "transfer-secret");
        this.service = new TransferService(accounts, VALIDATOR, secrets.cache(clock),
                (account, credentials) -> adapter.get(), ledger, bus, new InMemoryMetrics(), clock,
                TransferBudget.LEASE);
    }

    /** The intent a check opens for a top-up of {@code amount}. */
    public Intent open(String amount) {
        OpenResult opened = ledger.openIntent(new CheckId(ACCOUNT, clock.instant()), config(),
                new Decision.TopUp(new BigDecimal("0.6"), new BigDecimal(amount), new BigDecimal("0.3"), null));
        return ((OpenResult.Opened) opened).intent();
    }

    /**
     * The intent a check opens for a sweep of {@code amount} back to the account's source wallet, the
     * account having been calm since the previous check. The item must carry {@code sweep} settings.
     */
    public Intent openSweep(String amount) {
        Instant calmSince = clock.instant();
        ledger.recordInsideBand(ACCOUNT, calmSince);
        clock.advance(Duration.ofMinutes(1));
        AccountConfig config = config();
        OpenResult opened = ledger.openSweep(new CheckId(ACCOUNT, clock.instant()), config, new SweepDecision(
                new BigDecimal("0.05"), new BigDecimal(amount), new BigDecimal("0.1"), config.sourceWallet(), null),
                calmSince, BigDecimal.ZERO);
        return ((OpenResult.Opened) opened).intent();
    }

    /** The first leg's intent of a top-up a check draws as legs: wallet, amount, wallet, amount, ... */
    public Intent openInLegs(String... walletAmounts) {
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i + 1 < walletAmounts.length; i += 2) {
            legs.add(new Leg(walletAmounts[i], new BigDecimal(walletAmounts[i + 1])));
        }
        BigDecimal total = legs.stream().map(Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        OpenResult opened = ledger.openIntent(new CheckId(ACCOUNT, clock.instant()), config(), new Decision.TopUp(
                new BigDecimal("0.6"), total, new BigDecimal("0.3"), null), legs);
        return ((OpenResult.Opened) opened).intent();
    }

    /** The intent of the leg after {@code confirmed}, which confirming it opened. */
    public Intent nextLeg(Intent confirmed) {
        return ledger.intent(ACCOUNT, confirmed.nextLeg(clock.instant()).intentId()).orElseThrow();
    }

    private AccountConfig config() {
        return switch (VALIDATOR.validate(item)) {
            case Validation.Valid valid -> valid.config();
            case Validation.Invalid invalid -> throw new IllegalArgumentException("test item is invalid: "
                    + invalid.problems());
        };
    }

    /** One delivery of the intent's TopUpRequested; {@code null} when the attempt asked to be retried. */
    public TransferResult deliver(Intent intent) {
        try {
            return service.execute(intent.accountId(), intent.intentId());
        } catch (RetryLater retry) {
            return null;
        }
    }

    /** Time for the next delivery: the attempt's lease and the venue's reconcile grace have passed. */
    public void later() {
        clock.advance(TransferBudget.LEASE.plus(Duration.ofMinutes(3)));
    }

    /** Delivers the intent, then again after the lease and grace: the first confirms, the second finds it settled. */
    public TransferResult confirmedThenRedeliveredInVain(Intent intent) {
        TransferResult first = deliver(intent);
        later();
        TransferResult again = deliver(intent);
        assertThat(first).as("the first delivery settles").isNotNull();
        assertThat(first.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        return first;
    }

    /** The first delivery cannot tell and settles nothing; the retry confirms; a redelivery finds it settled. */
    public TransferResult confirmedOnRetry(Intent intent) {
        assertThat(deliver(intent)).as("the first delivery cannot tell").isNull();
        assertThat(stored(intent).state()).isNotIn(IntentState.FAILED, IntentState.CONFIRMED);
        later();
        return confirmedThenRedeliveredInVain(intent);
    }

    /** Neither the first delivery nor the retry can tell: the intent is neither failed nor confirmed. */
    public void unsettledAfterRetry(Intent intent) {
        assertThat(deliver(intent)).as("the first delivery cannot tell").isNull();
        later();
        assertThat(deliver(intent)).as("the retry cannot tell").isNull();
        assertThat(stored(intent).state()).isNotIn(IntentState.FAILED, IntentState.CONFIRMED);
    }

    /**
     * Delivers the intent up to {@code attempts} times, a lease and the venue's grace apart, until
     * it is confirmed: no attempt may close it as failed. Returns the intent as it was left.
     */
    public Intent neverFailed(Intent intent, int attempts) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            deliver(intent);
            assertThat(stored(intent).state()).as("the intent after attempt %d", attempt)
                    .isNotEqualTo(IntentState.FAILED);
            if (stored(intent).state() == IntentState.CONFIRMED) {
                break;
            }
            later();
        }
        return stored(intent);
    }

    /** The intent as the ledger holds it now. */
    public Intent stored(Intent intent) {
        return ledger.intent(intent.accountId(), intent.intentId()).orElseThrow();
    }

    public InMemoryEventPublisher bus() {
        return bus;
    }
}
