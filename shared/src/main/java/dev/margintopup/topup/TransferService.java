package dev.margintopup.topup;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.bus.SweepCompleted;
import dev.margintopup.bus.SweepFailed;
import dev.margintopup.bus.SweepRequested;
import dev.margintopup.bus.TopUpCompleted;
import dev.margintopup.bus.TopUpFailed;
import dev.margintopup.bus.TopUpRequested;
import dev.margintopup.check.AccountConfigEvents;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.observability.Metrics;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.secrets.SecretsCache;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one intent exactly once, in named steps: {@link #claim} it with a lease,
 * {@link #loadConfig re-read the account config}, {@link #connect} to the venue,
 * {@link #reconcile} an earlier attempt with the venue by client id, {@link #send} the transfer,
 * {@link #settle} the intent on the outcome and publish it, and {@link #verify} the margin after.
 */
public final class TransferService {

    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);

    private final AccountsTable accounts;
    private final AccountValidator validator;
    private final SecretsCache secrets;
    private final VenueConnector venues;
    private final Ledger ledger;
    private final EventPublisher bus;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration lease;

    public TransferService(AccountsTable accounts, AccountValidator validator, SecretsCache secrets,
            VenueConnector venues, Ledger ledger, EventPublisher bus, Metrics metrics, Clock clock, Duration lease) {
        this.accounts = accounts;
        this.validator = validator;
        this.secrets = secrets;
        this.venues = venues;
        this.ledger = ledger;
        this.bus = bus;
        this.metrics = metrics;
        this.clock = clock;
        this.lease = lease;
    }

    /** What the venue said about one attempt's transfer, whichever step asked. */
    sealed interface AttemptOutcome {
        /** The venue applied it (now, or found by reconciling an earlier attempt). */
        record Applied(String venueTransferId, boolean reconciled) implements AttemptOutcome {}

        /** Nothing moved, and nothing will for this intent. */
        record NothingMoved(String reason) implements AttemptOutcome {}

        /** The venue cannot say yet whether money moved. */
        record CannotTell(String reason) implements AttemptOutcome {}
    }

    /**
     * The account config as it is now. {@code config} is null when the item is missing or
     * invalid; {@code refusal} says why it does not allow sending this intent, or is null.
     */
    record CurrentConfig(AccountConfig config, String refusal) {}

    /** The venue, or why it cannot be reached with the account's transfer key. */
    sealed interface Connection {
        record Connected(MarginVenue venue) implements Connection {}

        record Unreachable(String reason) implements Connection {}
    }

    public TransferResult execute(String accountId, String intentId) {
        Intent seen = ledger.intent(accountId, intentId).orElseThrow(() -> new dev.margintopup.json.BadInput(
                "no intent " + intentId + " for account " + accountId + "; TopUpRequested events come from the checker"));
        if (!seen.state().isOpen()) {
            return result(seen, Outcome.DUPLICATE, null, "intent is already " + seen.state());
        }
        if (seen.state() == IntentState.UNKNOWN) {
            return settleUnknown(seen);
        }
        return claim(seen).map(this::attempt).orElseGet(() -> claimRefused(seen));
    }

    /**
     * The claim was refused. When another attempt's lease is still live this invocation fails, so
     * that Lambda retries it after the lease: a Lambda retry can arrive before the lease of the
     * attempt it retries has expired (its delay is not exact, and containers' clocks differ), and
     * answering it as a duplicate success would end Lambda's retries with the intent still open.
     */
    private TransferResult claimRefused(Intent seen) {
        Intent current = ledger.intent(seen.accountId(), seen.intentId()).orElse(seen);
        if (!current.state().isOpen()) {
            return result(current, Outcome.DUPLICATE, null, "intent is already " + current.state());
        }
        if (current.state() == IntentState.SENDING && !current.leaseExpired(clock.instant())) {
            throw new RetryLater("attempt " + current.attempt() + " holds intent " + current.intentId() + " until "
                    + current.leaseUntil() + "; this invocation fails so that Lambda retries it after that");
        }
        return result(seen, Outcome.DUPLICATE, null, "another attempt holds the intent");
    }

    /** One claimed attempt, from the config check to the published outcome. */
    TransferResult attempt(Intent held) {
        boolean retried = held.attempt() > 1;
        CurrentConfig current = loadConfig(held);
        if (current.refusal() != null && !retried) {
            return settle(held, current.config(), null, new AttemptOutcome.NothingMoved(current.refusal()));
        }
        if (current.config() == null) {
            // An earlier attempt may have moved money, and without the item there is no key to ask the venue.
            return settle(held, null, null, new AttemptOutcome.CannotTell("the account item is missing or invalid now;"
                    + " cannot reconcile the earlier attempt until it is restored"));
        }
        AccountConfig config = current.config();
        Connection connection = connect(config);
        if (connection instanceof Connection.Unreachable(String reason)) {
            if (retried) {
                // An earlier attempt may have moved money: never close it as failed without the venue's word.
                throw new RetryLater("cannot reach the venue to reconcile an earlier attempt: " + reason);
            }
            return settle(held, config, null, new AttemptOutcome.NothingMoved(reason));
        }
        MarginVenue venue = ((Connection.Connected) connection).venue();
        Optional<AttemptOutcome> earlier = retried ? reconcile(held, config, venue, current.refusal()) : Optional.empty();
        return settle(held, config, venue, earlier.orElseGet(() -> send(held, config, venue)));
    }

    /** Step 1: takes the intent for this attempt with a lease; empty when another attempt holds it. */
    Optional<Intent> claim(Intent seen) {
        return ledger.claim(seen, lease);
    }

    /**
     * Step 2: the schedule's copy of the config may be seconds stale, so re-read the item before
     * moving money, and say whether it still allows this intent.
     */
    CurrentConfig loadConfig(Intent held) {
        Optional<AccountConfig> account = currentConfig(held);
        return new CurrentConfig(account.orElse(null), refusal(account, held));
    }

    /** Step 3: the venue adapter with the account's transfer key. */
    Connection connect(AccountConfig config) {
        try {
            return new Connection.Connected(venues.connect(config, secrets.credentials(config.transferKey())));
        } catch (SecretsCache.SecretUnusable | VenueException e) {
            return new Connection.Unreachable(e.getMessage());
        }
    }

    /**
     * Step 4, for a retried attempt only: asks the venue's history whether an earlier attempt's
     * transfer arrived. This is the only place that decides whether sending is safe; adapters only
     * send and report. Empty means it did not arrive and sending is safe; otherwise the outcome to
     * settle on. A transfer missing within the venue's grace period is "cannot tell", never
     * "safe"; one missing after it is refused when the current config no longer allows it. A
     * two-leg top-up stopped between its legs is finished with its missing leg alone.
     */
    Optional<AttemptOutcome> reconcile(Intent held, AccountConfig config, MarginVenue venue, String refusal) {
        return switch (lookUp(venue, held)) {
            case TransferLookup.Found found -> Optional.of(new AttemptOutcome.Applied(found.venueTransferId(), true));
            case TransferLookup.Unknown unknown -> Optional.of(new AttemptOutcome.CannotTell("reconcile failed: " + unknown.reason()));
            case TransferLookup.Unfinished unfinished -> {
                // The missing leg's history may lag like any other: within the grace it may be there.
                Optional<AttemptOutcome> early = withinGrace(held, venue, "the missing leg");
                if (early.isPresent()) {
                    yield early;
                }
                if (refusal != null) {
                    // Money already left the source wallet, so "nothing moved" would be false; and the
                    // current config no longer allows moving the rest: a person decides.
                    yield Optional.of(new AttemptOutcome.CannotTell("the first leg " + unfinished.walletTransferId()
                            + " moved the money, but " + refusal.replace("; nothing moved", "")
                            + ", so its last leg is not sent"));
                }
                ledger.note(held, "RECONCILED_UNFINISHED", Ledger.details("attempt", Integer.toString(held.attempt()),
                        "walletTransferId", unfinished.walletTransferId()));
                yield Optional.of(finish(held, config, venue, unfinished));
            }
            case TransferLookup.NotFound notFound -> {
                Optional<AttemptOutcome> early = withinGrace(held, venue, "the transfer");
                if (early.isPresent()) {
                    yield early;
                }
                if (refusal != null) {
                    // The earlier attempt never reached the venue, and the config no longer allows this one.
                    yield Optional.of(new AttemptOutcome.NothingMoved(refusal));
                }
                ledger.note(held, "RECONCILED_NOT_FOUND", Ledger.details("attempt", Integer.toString(held.attempt())));
                yield Optional.empty();
            }
        };
    }

    /** A lookup that found nothing is "cannot tell" until the venue's grace period has passed. */
    private Optional<AttemptOutcome> withinGrace(Intent held, MarginVenue venue, String what) {
        Instant safeAfter = held.sentAt().plus(venue.reconcileGrace());
        if (clock.instant().isBefore(safeAfter)) {
            return Optional.of(new AttemptOutcome.CannotTell(what + " is not in the venue's history yet; safe to resend"
                    + " after " + safeAfter));
        }
        return Optional.empty();
    }

    /**
     * Step 5: sends the transfer with the intent id as client id. An answer that leaves the
     * outcome open is checked against the venue's history at once; a definitive refusal means
     * nothing moved (and a refused key is dropped from the cache, so a rotated one is picked up).
     */
    AttemptOutcome send(Intent held, AccountConfig config, MarginVenue venue) {
        return sendOrFinish(held, config, venue, () -> held.isSweep() ? venue.transferFromMargin(held.instruction())
                : venue.transferToMargin(held.instruction()), null);
    }

    /** The venue's history of this intent's direction: transfers into margin, or sweeps out of it. */
    private static TransferLookup lookUp(MarginVenue venue, Intent held) {
        return held.isSweep() ? venue.findSweep(held.instruction()) : venue.findTransfer(held.instruction());
    }

    /**
     * Step 5 for a top-up, or a sweep out of an isolated position, stopped between its legs: sends the
     * missing leg alone, under the same rules, except that no refusal of it means "nothing moved": its
     * first leg did move money.
     */
    AttemptOutcome finish(Intent held, AccountConfig config, MarginVenue venue, TransferLookup.Unfinished unfinished) {
        return sendOrFinish(held, config, venue, () -> held.isSweep() ? venue.finishSweep(held.instruction(), unfinished)
                : venue.finishTransfer(held.instruction(), unfinished), unfinished);
    }

    private AttemptOutcome sendOrFinish(Intent held, AccountConfig config, MarginVenue venue,
            Supplier<TransferReceipt> request, TransferLookup.Unfinished finishing) {
        try {
            return new AttemptOutcome.Applied(request.get().venueTransferId(), finishing != null);
        } catch (VenueException e) {
            if (e.outcomeUnknown() || e.kind() == VenueException.Kind.RATE_LIMITED
                    || e.kind() == VenueException.Kind.TIMESTAMP) {
                if (lookUp(venue, held) instanceof TransferLookup.Found found) {
                    return new AttemptOutcome.Applied(found.venueTransferId(), true);
                }
                return new AttemptOutcome.CannotTell(e.getMessage());
            }
            if (e.kind() == VenueException.Kind.AUTH) {
                secrets.evict(config.transferKey());
            }
            if (finishing != null) {
                return new AttemptOutcome.CannotTell("the first leg " + finishing.walletTransferId()
                        + " moved the money, but its last leg was refused: " + e.getMessage());
            }
            return new AttemptOutcome.NothingMoved(e.getMessage());
        }
    }

    /**
     * Step 6: records the outcome on the intent and publishes it. {@code config} and
     * {@code venue} may be null when the attempt ended before it had them.
     */
    TransferResult settle(Intent held, AccountConfig config, MarginVenue venue, AttemptOutcome outcome) {
        return switch (outcome) {
            case AttemptOutcome.Applied applied -> confirmed(held, config, venue, applied.venueTransferId(), applied.reconciled());
            case AttemptOutcome.NothingMoved nothing -> failed(held, nothing.reason(), config);
            case AttemptOutcome.CannotTell unclear -> cannotTell(held, unclear.reason());
        };
    }

    /** Step 7: re-reads the margin after the top-up; a failure here is logged, never undoes the confirmation. */
    BigDecimal verify(MarginVenue venue, AccountConfig config) {
        try {
            MarginSnapshot after = venue.readMargin(MarginQuery.of(config));
            return after.marginRatio();
        } catch (VenueException e) {
            LOG.warn("margin could not be re-read after the top-up: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Why the current config no longer allows sending this intent, or {@code null} when it does.
     * Checked before anything is sent; for a retry, only once the venue said the earlier attempt
     * never arrived (it may have moved money under the config it was created with).
     */
    private static String refusal(Optional<AccountConfig> account, Intent held) {
        if (account.isEmpty()) {
            return "the account item is missing or invalid now; nothing moved";
        }
        AccountConfig config = account.get();
        if (!config.enabled() || config.dryRun()) {
            return "the account is " + (config.enabled() ? "in dry-run" : "disabled") + " now; nothing moved";
        }
        if (held.isSweep() && config.sweep() == null) {
            return "sweep is off for the account now; nothing moved";
        }
        if (held.isSweep() && config.sources().stream().noneMatch(s -> s.wallet().equals(held.fromWallet()))) {
            return "the account no longer lists " + held.fromWallet() + " among its sources; nothing moved";
        }
        if (held.amount().compareTo(config.maxTransfer()) > 0) {
            return "the per-transfer cap was lowered to " + config.maxTransfer().toPlainString()
                    + " below the intent's " + held.amount().toPlainString() + "; nothing moved";
        }
        return null;
    }

    /**
     * An intent whose outcome could not be told: ask the venue's history again, and settle it
     * only on its word — found → CONFIRMED; absent after the grace period → FAILED (it never
     * happened, so the amount goes back to the day and the account is free); still cannot tell
     * → it stays UNKNOWN. Nothing is ever sent from here.
     */
    private TransferResult settleUnknown(Intent unknown) {
        Optional<AccountConfig> account = currentConfig(unknown);
        if (account.isEmpty()) {
            return result(unknown, Outcome.UNKNOWN, null, "the account item is missing or invalid; cannot reconcile");
        }
        AccountConfig config = account.get();
        Connection connection = connect(config);
        if (connection instanceof Connection.Unreachable(String reason)) {
            return result(unknown, Outcome.UNKNOWN, null, "cannot reach the venue to reconcile: " + reason);
        }
        MarginVenue venue = ((Connection.Connected) connection).venue();
        TransferLookup lookup = lookUp(venue, unknown);
        return switch (lookup) {
            case TransferLookup.Unfinished unfinished -> result(unknown, Outcome.UNKNOWN, null, "the first leg "
                    + unfinished.walletTransferId() + " moved the money and its last leg is not in the venue's"
                    + " history; nothing is sent for an UNKNOWN intent");
            case TransferLookup.Found found -> confirmed(unknown, config, venue, found.venueTransferId(), true);
            case TransferLookup.NotFound notFound -> {
                Instant sentAt = unknown.sentAt() == null ? unknown.createdAt() : unknown.sentAt();
                if (clock.instant().isBefore(sentAt.plus(venue.reconcileGrace()))) {
                    yield result(unknown, Outcome.UNKNOWN, null, "not in the venue's history yet");
                }
                yield failed(unknown, "the venue's history shows the transfer never happened; nothing moved", config);
            }
            case TransferLookup.Unknown still -> result(unknown, Outcome.UNKNOWN, null,
                    "the venue still cannot tell: " + still.reason());
        };
    }

    private Optional<AccountConfig> currentConfig(Intent held) {
        Optional<AccountItem> item = accounts.read(held.accountId());
        if (item.isEmpty()) {
            return Optional.empty();
        }
        Validation validation = validator.validate(item.get().attributes());
        if (validation instanceof Validation.Invalid invalid) {
            bus.publish(AccountConfigEvents.invalid(held.accountId(), invalid.problems(), "transfer", clock.instant()));
            return Optional.empty();
        }
        return Optional.of(((Validation.Valid) validation).config());
    }

    private TransferResult confirmed(Intent held, AccountConfig config, MarginVenue venue, String venueTransferId,
            boolean reconciled) {
        if (!ledger.confirm(held, venueTransferId, config.cooldown(), reconciled)) {
            // Our lease was taken over; the other attempt settles the intent (it will find this transfer).
            return result(held, Outcome.DUPLICATE, null, "lease lost before confirming");
        }
        BigDecimal ratioAfter = verify(venue, config);
        if (held.isSweep()) {
            List<DomainEvent> events = new ArrayList<>();
            events.add(new DomainEvent(new SweepCompleted(held.accountId(), held.intentId(), held.venue(),
                    held.asset(), held.amount(), held.fromWallet(), venueTransferId, held.marginRatio(), ratioAfter,
                    reconciled, clock.instant())));
            if (!held.nextLegs().isEmpty()) {
                // The next source's part of the sweep (decision 0030), opened by the same confirmation.
                Intent next = ledger.intent(held.accountId(), held.nextLeg(clock.instant()).intentId()).orElseThrow();
                events.add(new DomainEvent(new SweepRequested(next.accountId(), next.intentId(), next.checkId(),
                        next.venue(), next.asset(), next.amount(), next.fromWallet(), next.marginRatio(),
                        next.expectedRatio(), next.createdAt())));
                LOG.info("next sweep leg requested: {} {} back to {}", next.amount().toPlainString(), next.asset(),
                        next.fromWallet());
            }
            bus.publish(events);
            // Counted by outcome alone: a sweep's amount never joins the top-ups' TopUpAmount.
            metrics.topUp(config.venue(), outcomeName(held, Outcome.CONFIRMED), null);
            LOG.info("sweep confirmed: {} {} back to {}{}", held.amount().toPlainString(), held.asset(),
                    held.fromWallet(), reconciled ? " (found by reconciling an earlier attempt)" : "");
            return result(held, Outcome.CONFIRMED, ratioAfter, reconciled ? "reconciled" : "sent");
        }
        List<DomainEvent> events = new ArrayList<>();
        events.add(new DomainEvent(new TopUpCompleted(held.accountId(), held.intentId(), held.venue(), held.asset(),
                held.amount(), venueTransferId, held.marginRatio(), ratioAfter, reconciled, clock.instant())));
        if (!held.nextLegs().isEmpty()) {
            // The ledger opened the next leg with this confirmation; it is carried out like any top-up.
            // Were this publish lost, the next check finds the leg pending and publishes it again.
            Intent next = ledger.intent(held.accountId(), held.nextLeg(clock.instant()).intentId()).orElseThrow();
            events.add(new DomainEvent(new TopUpRequested(next.accountId(), next.intentId(), next.checkId(),
                    next.venue(), next.asset(), next.amount(), next.marginRatio(), next.expectedRatio(),
                    next.createdAt())));
            LOG.info("next leg requested: {} {} from {}", next.amount().toPlainString(), next.asset(),
                    next.fromWallet());
        }
        bus.publish(events);
        metrics.topUp(config.venue(), Outcome.CONFIRMED.name(), held.amount());
        LOG.info("top-up confirmed: {} {}{}", held.amount().toPlainString(), held.asset(),
                reconciled ? " (found by reconciling an earlier attempt)" : "");
        return result(held, Outcome.CONFIRMED, ratioAfter, reconciled ? "reconciled" : "sent");
    }

    private TransferResult failed(Intent held, String reason, AccountConfig config) {
        if (!ledger.fail(held, reason)) {
            return result(held, Outcome.DUPLICATE, null, "lease lost before recording the failure");
        }
        bus.publish(topUpFailed(held, TopUpFailed.Outcome.FAILED, reason));
        metrics.topUp(config == null ? held.venue() : config.venue(), outcomeName(held, Outcome.FAILED), null);
        LOG.warn("top-up failed, nothing moved: {}", reason);
        return result(held, Outcome.FAILED, null, reason);
    }

    /**
     * The venue cannot say yet whether money moved. Retry (the next attempt reconciles first)
     * until {@link TransferBudget#MAX_ATTEMPTS}; then mark the intent UNKNOWN and alert: never send blind.
     */
    private TransferResult cannotTell(Intent held, String reason) {
        if (held.attempt() < TransferBudget.MAX_ATTEMPTS) {
            ledger.note(held, "OUTCOME_UNKNOWN_WILL_RECONCILE", Ledger.details(
                    "attempt", Integer.toString(held.attempt()), "reason", reason));
            throw new RetryLater("attempt " + held.attempt() + " of intent " + held.intentId()
                    + " cannot tell whether the transfer happened (" + reason + "); a retry reconciles first");
        }
        if (!ledger.markUnknown(held, reason)) {
            return result(held, Outcome.DUPLICATE, null, "lease lost before recording the unknown outcome");
        }
        bus.publish(topUpFailed(held, TopUpFailed.Outcome.UNKNOWN, "after " + held.attempt() + " attempts the venue"
                + " cannot say whether the transfer happened; check the venue's transfer history for client id "
                + held.intentId() + ": " + reason));
        metrics.topUp(held.venue(), outcomeName(held, Outcome.UNKNOWN), null);
        return result(held, Outcome.UNKNOWN, null, reason);
    }

    /** The metric's outcome: a sweep's is named apart, so dashboards of top-ups never count sweeps. */
    private static String outcomeName(Intent held, Outcome outcome) {
        return held.isSweep() ? "SWEEP_" + outcome.name() : outcome.name();
    }

    private DomainEvent topUpFailed(Intent held, TopUpFailed.Outcome outcome, String reason) {
        if (held.isSweep()) {
            return new DomainEvent(new SweepFailed(held.accountId(), held.intentId(), held.venue(), held.asset(),
                    held.amount(), held.fromWallet(), outcome, reason, clock.instant()));
        }
        return new DomainEvent(new TopUpFailed(held.accountId(), held.intentId(), held.venue(), held.asset(),
                held.amount(), outcome, reason, clock.instant()));
    }

    private static TransferResult result(Intent intent, Outcome outcome, BigDecimal ratioAfter, String detail) {
        return new TransferResult(intent.accountId(), intent.intentId(), outcome, intent.amount(), ratioAfter, detail);
    }
}
