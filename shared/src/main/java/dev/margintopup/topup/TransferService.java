package dev.margintopup.topup;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.check.AccountConfigEvents;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.observability.Telemetry;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one intent exactly once: claim it with a lease, re-read the account config, reconcile
 * any earlier attempt with the venue by client id, send the transfer, record the outcome,
 * re-read the margin to verify, and publish the result.
 */
public final class TransferService {

    /** After this many attempts that could not tell whether money moved, stop and alert a person. */
    public static final int MAX_ATTEMPTS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);

    private final AccountsTable accounts;
    private final AccountValidator validator;
    private final SecretsCache secrets;
    private final VenueConnector venues;
    private final Ledger ledger;
    private final EventPublisher bus;
    private final Clock clock;
    private final Duration lease;

    public TransferService(AccountsTable accounts, AccountValidator validator, SecretsCache secrets,
            VenueConnector venues, Ledger ledger, EventPublisher bus, Clock clock, Duration lease) {
        this.accounts = accounts;
        this.validator = validator;
        this.secrets = secrets;
        this.venues = venues;
        this.ledger = ledger;
        this.bus = bus;
        this.clock = clock;
        this.lease = lease;
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
        Optional<Intent> claimed = ledger.claim(seen, lease);
        if (claimed.isEmpty()) {
            return result(seen, Outcome.DUPLICATE, null, "another attempt holds the intent");
        }
        Intent held = claimed.get();
        boolean earlierAttempt = held.attempt() > 1;

        // The schedule's copy of the config may be seconds stale: re-read before moving money.
        Optional<AccountConfig> account = currentConfig(held);
        String refusal = refusal(account, held);
        if (refusal != null && !earlierAttempt) {
            return failed(held, refusal, account.orElse(null));
        }
        if (account.isEmpty()) {
            // An earlier attempt may have moved money, and without the item there is no key to ask the venue.
            return cannotTell(held, null, "the account item is missing or invalid now; cannot reconcile the earlier"
                    + " attempt until it is restored");
        }
        AccountConfig config = account.get();

        MarginVenue venue;
        try {
            venue = venues.connect(config, secrets.credentials(config.transferSecretId()));
        } catch (SecretsCache.SecretUnusable | VenueException e) {
            if (earlierAttempt) {
                // An earlier attempt may have moved money: never close it as failed without the venue's word.
                throw new RetryLater("cannot reach the venue to reconcile an earlier attempt: " + e.getMessage());
            }
            return failed(held, e.getMessage(), config);
        }

        if (earlierAttempt) {
            TransferLookup lookup = venue.findTransfer(held.instruction());
            switch (lookup) {
                case TransferLookup.Found found -> {
                    return confirmed(held, config, venue, found.venueTransferId(), true);
                }
                case TransferLookup.Unknown unknown -> {
                    return cannotTell(held, config, "reconcile failed: " + unknown.reason());
                }
                case TransferLookup.NotFound notFound -> {
                    Instant safeAfter = held.sentAt().plus(venue.reconcileGrace());
                    if (clock.instant().isBefore(safeAfter)) {
                        return cannotTell(held, config, "not in the venue's history yet; safe to resend after "
                                + safeAfter);
                    }
                    if (refusal != null) {
                        // The earlier attempt never reached the venue, and the config no longer allows this one.
                        return failed(held, refusal, config);
                    }
                    ledger.note(held, "RECONCILED_NOT_FOUND", Ledger.details("attempt", Integer.toString(held.attempt())));
                }
            }
        }

        try {
            TransferReceipt receipt = venue.transferToMargin(held.instruction());
            return confirmed(held, config, venue, receipt.venueTransferId(), false);
        } catch (VenueException e) {
            if (e.outcomeUnknown() || e.kind() == VenueException.Kind.RATE_LIMITED
                    || e.kind() == VenueException.Kind.TIMESTAMP) {
                TransferLookup lookup = venue.findTransfer(held.instruction());
                if (lookup instanceof TransferLookup.Found found) {
                    return confirmed(held, config, venue, found.venueTransferId(), true);
                }
                return cannotTell(held, config, e.getMessage());
            }
            // A definitive refusal: nothing moved.
            if (e.kind() == VenueException.Kind.AUTH) {
                secrets.evict(config.transferSecretId());
            }
            return failed(held, e.getMessage(), config);
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
        MarginVenue venue;
        try {
            venue = venues.connect(config, secrets.credentials(config.transferSecretId()));
        } catch (SecretsCache.SecretUnusable | VenueException e) {
            return result(unknown, Outcome.UNKNOWN, null, "cannot reach the venue to reconcile: " + e.getMessage());
        }
        TransferLookup lookup = venue.findTransfer(unknown.instruction());
        return switch (lookup) {
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
        Optional<Map<String, Object>> item = accounts.read(held.accountId());
        if (item.isEmpty()) {
            return Optional.empty();
        }
        Validation validation = validator.validate(item.get());
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
        Map<String, Object> detail = baseDetail(held);
        detail.put("venueTransferId", venueTransferId);
        detail.put("marginRatioBefore", held.marginRatio().toPlainString());
        detail.put("marginRatioAfter", ratioAfter == null ? null : ratioAfter.toPlainString());
        detail.put("reconciled", reconciled);
        detail.put("completedAt", clock.instant().toString());
        bus.publish(new DomainEvent(DomainEvent.TOP_UP_COMPLETED, detail));
        Telemetry.topUp(config.venue(), Outcome.CONFIRMED.name(), held.amount());
        LOG.info("top-up confirmed: {} {}{}", held.amount().toPlainString(), held.asset(),
                reconciled ? " (found by reconciling an earlier attempt)" : "");
        return result(held, Outcome.CONFIRMED, ratioAfter, reconciled ? "reconciled" : "sent");
    }

    /** Re-reads the margin after the top-up; a failure here is logged, never undoes the confirmation. */
    private BigDecimal verify(MarginVenue venue, AccountConfig config) {
        try {
            MarginSnapshot after = venue.readMargin(MarginQuery.of(config));
            return after.marginRatio();
        } catch (VenueException e) {
            LOG.warn("margin could not be re-read after the top-up: {}", e.getMessage());
            return null;
        }
    }

    private TransferResult failed(Intent held, String reason, AccountConfig config) {
        if (!ledger.fail(held, reason)) {
            return result(held, Outcome.DUPLICATE, null, "lease lost before recording the failure");
        }
        Map<String, Object> detail = baseDetail(held);
        detail.put("outcome", IntentState.FAILED.name());
        detail.put("reason", reason);
        detail.put("failedAt", clock.instant().toString());
        bus.publish(new DomainEvent(DomainEvent.TOP_UP_FAILED, detail));
        Telemetry.topUp(config == null ? held.venue() : config.venue(), Outcome.FAILED.name(), null);
        LOG.warn("top-up failed, nothing moved: {}", reason);
        return result(held, Outcome.FAILED, null, reason);
    }

    /**
     * The venue cannot say yet whether money moved. Retry (the next attempt reconciles first)
     * until {@link #MAX_ATTEMPTS}; then mark the intent UNKNOWN and alert: never send blind.
     */
    private TransferResult cannotTell(Intent held, AccountConfig config, String reason) {
        if (held.attempt() < MAX_ATTEMPTS) {
            ledger.note(held, "OUTCOME_UNKNOWN_WILL_RECONCILE", Ledger.details(
                    "attempt", Integer.toString(held.attempt()), "reason", reason));
            throw new RetryLater("attempt " + held.attempt() + " of intent " + held.intentId()
                    + " cannot tell whether the transfer happened (" + reason + "); a retry reconciles first");
        }
        if (!ledger.markUnknown(held, reason)) {
            return result(held, Outcome.DUPLICATE, null, "lease lost before recording the unknown outcome");
        }
        Map<String, Object> detail = baseDetail(held);
        detail.put("outcome", IntentState.UNKNOWN.name());
        detail.put("reason", "after " + held.attempt() + " attempts the venue cannot say whether the transfer"
                + " happened; check the venue's transfer history for client id " + held.intentId() + ": " + reason);
        detail.put("failedAt", clock.instant().toString());
        bus.publish(new DomainEvent(DomainEvent.TOP_UP_FAILED, detail));
        Telemetry.topUp(held.venue(), Outcome.UNKNOWN.name(), null);
        return result(held, Outcome.UNKNOWN, null, reason);
    }

    private static Map<String, Object> baseDetail(Intent held) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("accountId", held.accountId());
        detail.put("intentId", held.intentId());
        detail.put("venue", held.venue());
        detail.put("asset", held.asset());
        detail.put("amount", held.amount().toPlainString());
        return detail;
    }

    private static TransferResult result(Intent intent, Outcome outcome, BigDecimal ratioAfter, String detail) {
        return new TransferResult(intent.accountId(), intent.intentId(), outcome, intent.amount(), ratioAfter, detail);
    }
}
