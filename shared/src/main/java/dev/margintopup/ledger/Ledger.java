package dev.margintopup.ledger;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.alert.Risk;
import dev.margintopup.alert.SentAlert;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exactly-once protocol's store: per account its state (last acting check, open intent,
 * cooldown, last-seen ratio, last alert), its intents, its daily cap counters, the
 * de-duplication records of acting checks and its append-only audit trail.
 *
 * <p>Every method that decides something is all-or-nothing: either every condition holds and
 * every item is written, or nothing is. That is what makes duplicate, late and concurrent
 * deliveries harmless. The DynamoDB implementation lives with the other adapters
 * ({@code aws.DynamoLedger}); the services only ever see this port.
 */
public interface Ledger {

    /** Longer than EventBridge's 24 h and Lambda's 6 h redelivery windows. */
    Duration CHECK_RECORD_TTL = Duration.ofHours(31);

    /** How long a day's cap counter is kept after the day began. */
    Duration DAY_COUNTER_TTL = Duration.ofDays(8);

    // ---------------------------------------------------------------- checker side

    /**
     * Creates the intent for a top-up decided by {@code check}, atomically with: the check's
     * de-duplication record, the account state (this check is newer than the last acting one,
     * no intent is open, the cooldown has elapsed), the day's counter (stays within the daily
     * cap) and an audit entry.
     */
    default OpenResult openIntent(CheckId check, AccountConfig account, Decision.TopUp decision) {
        return openIntent(check, account, decision, List.of(new Leg(account.sourceWallet(), decision.amount())));
    }

    /**
     * {@link #openIntent(CheckId, AccountConfig, Decision.TopUp)} for a top-up drawn as {@code legs}
     * from the account's sources in order: the intent opened is the first leg's, the later legs ride
     * in it ({@link Intent#nextLegs}), and the day's counter takes the whole top-up at once.
     */
    OpenResult openIntent(CheckId check, AccountConfig account, Decision.TopUp decision, List<Leg> legs);

    /**
     * Creates a sweep's intent ({@link IntentKind#SWEEP}) atomically with: the check's de-duplication
     * record, the account state (this check is newer than the last acting one, no intent is open, and
     * no check found the account inside the sweep band since {@code calmSince}: the hysteresis), the
     * day's sweep counter (still what the check saw, {@code sweptTodaySeen}, so two sweeps decided on
     * the same reading never both open) and an audit entry. The sweep restarts the hysteresis clock.
     */
    default OpenResult openSweep(CheckId check, AccountConfig account, SweepDecision decision, Instant calmSince,
            BigDecimal sweptTodaySeen) {
        return openSweep(check, account, decision, List.of(new Leg(decision.toWallet(), decision.amount())),
                calmSince, sweptTodaySeen);
    }

    /**
     * {@link #openSweep(CheckId, AccountConfig, SweepDecision, Instant, BigDecimal)} for a sweep returned as
     * {@code legs}, one per source it goes back to (decision 0030): the intent opened is the first leg's, the
     * later legs ride in it, and the day's sweep counter takes the whole sweep, and each source's share, at once.
     */
    OpenResult openSweep(CheckId check, AccountConfig account, SweepDecision decision, List<Leg> legs,
            Instant calmSince, BigDecimal sweptTodaySeen);

    /**
     * What that day's (UTC) counter holds per source wallet, for top-ups ({@link IntentKind#TOP_UP}: drawn from
     * each, open and confirmed) or sweeps ({@link IntentKind#SWEEP}: returned to each). Only wallets with an
     * amount appear; a counter written before sources were counted holds its total alone (decision 0030).
     */
    Map<String, BigDecimal> bySourceOn(String accountId, LocalDate day, IntentKind kind);

    /**
     * Remembers that a check found the account inside the sweep band at {@code at} (never moving it back
     * in time): a sweep waits until the account has stayed out of it for the configured time.
     */
    void recordInsideBand(String accountId, Instant at);

    /** That day's (UTC) total of open and confirmed sweeps. */
    BigDecimal sweptOn(String accountId, LocalDate day);

    /**
     * Records a decision that moves nothing but must be remembered once per check: an alert,
     * or what a dry-run account would have done. Returns false for a redelivered check.
     */
    boolean recordDecision(CheckId check, String kind, BigDecimal marginRatio, Map<String, String> details);

    /**
     * Remembers the latest ratio seen, never moving it back in time. The checker calls this only
     * when the ratio moved materially or a heartbeat interval passed, to keep no-op checks free.
     *
     * @return the intent the account's state names as open, read back from the same write (empty
     *     when none is, or when a later check's write was already stored): a check that needs no
     *     top-up still notices an intent that nobody is carrying any more
     */
    Optional<String> recordLastSeen(String accountId, Instant seenAt, BigDecimal marginRatio);

    /**
     * Whether an alert of this cause should reach people now, recording it as the account's last
     * alert when it should. Yes when there was none, when the last one had another cause or is at
     * least {@code repeatAfter} old, or when {@code risk} is worse than the last one's
     * ({@link SentAlert#worsenedBy}). A capped account stays past its trigger for hours: an
     * unchanged situation is repeated once per interval, a worsening one at once. One conditional
     * write, so duplicate and concurrent checks send each alert once.
     *
     * @param risk the level, room and shortfall of a margin alert; {@code null} for alerts without
     *     one (a config problem)
     */
    boolean claimAlert(String accountId, String cause, Risk risk, Duration repeatAfter);

    /** {@link #claimAlert(String, String, Risk, Duration)} for an alert without a level. */
    default boolean claimAlert(String accountId, String cause, Duration repeatAfter) {
        return claimAlert(accountId, cause, null, repeatAfter);
    }

    /**
     * Whether the position that vanished during {@code episode} ({@link AccountState#atRiskEpisode},
     * which began at {@code episodeStart}) is still to be reported, recording that it now is, at
     * {@code now}: true once per episode, however many checks, duplicates or concurrent ones, see
     * the position gone. An episode's key changes when its intent closes (INTENT# gives way to the
     * open alert's ALERT#), so a claim is also refused when one was recorded at or after the
     * episode's start: the same vanishing seen again by a retry under its other key.
     */
    boolean claimPositionGone(String accountId, String episode, Instant episodeStart, Instant now);

    /**
     * Whether the account's rescue capacity has just changed {@code level}, recording it when it has:
     * true once per change, however many checks, duplicates or concurrent ones, see it. Kept apart
     * from the last margin alert, so the two never re-announce each other.
     */
    boolean claimRescueLevel(String accountId, String level);

    /** Appends one audit entry outside any transaction (schedule changes, config problems). */
    void audit(String accountId, String kind, String intentId, Map<String, String> details);

    // ---------------------------------------------------------------- transfer side

    Optional<Intent> intent(String accountId, String intentId);

    AccountState state(String accountId);

    /** That day's (UTC) total of open and confirmed top-ups. */
    BigDecimal usedOn(String accountId, LocalDate day);

    /** Today (UTC) by the ledger's clock: the day a top-up opened now is counted on. */
    LocalDate today();

    /**
     * Takes the intent for one attempt: {@code PENDING → SENDING}, or {@code SENDING → SENDING}
     * when the previous attempt's lease expired (it may have died after the venue applied the
     * transfer, so the caller must reconcile before sending). Empty when another attempt holds
     * it or it is no longer open.
     */
    Optional<Intent> claim(Intent seen, Duration lease);

    /**
     * {@code SENDING|UNKNOWN → CONFIRMED}: releases the account and starts its cooldown. A leg with
     * legs after it instead opens the next leg's intent ({@link Intent#nextLeg}) as the account's open
     * intent in the same transaction; the cooldown starts after the last leg.
     */
    boolean confirm(Intent held, String venueTransferId, Duration cooldown, boolean reconciled);

    /**
     * {@code SENDING|UNKNOWN|PENDING → FAILED}: nothing moved, so the amount goes back to the day,
     * with the amounts of the legs after it, which are not sent.
     */
    boolean fail(Intent held, String reason);

    /**
     * {@code SENDING → UNKNOWN}: the venue cannot say whether the money moved. The account
     * stays held (no new top-up may start on top of an unknown one) until it is settled.
     */
    boolean markUnknown(Intent held, String reason);

    /** Records a fact about an attempt without changing its state (e.g. outcome unknown, will reconcile). */
    default void note(Intent held, String kind, Map<String, String> details) {
        audit(held.accountId(), kind, held.intentId(), details);
    }

    /** The account's history, oldest first. */
    List<AuditEntry> auditTrail(String accountId);

    /** Builds a detail map from key/value pairs, keeping their order. */
    static Map<String, String> details(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
