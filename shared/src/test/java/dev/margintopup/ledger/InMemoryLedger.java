package dev.margintopup.ledger;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.alert.Risk;
import dev.margintopup.alert.SentAlert;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger in memory, with DynamoDB's semantics where the protocol depends on them:
 *
 * <ul>
 *   <li>every method that writes several items is one transaction: all of its conditions are
 *       checked first, and either all of its items are written or none is;
 *   <li>a conditional write whose condition fails changes nothing;
 *   <li>times in conditions compare in epoch milliseconds, as the stored numbers do;
 *   <li>items carry the same {@code expiresAt} (epoch seconds) as their DynamoDB twins, and, as
 *       with DynamoDB's TTL, an expired item stays readable and keeps its conditions until the
 *       TTL process deletes it: here, until {@link #deleteExpired()} runs.
 * </ul>
 *
 * One lock serialises every call, which is what DynamoDB's transactions look like from outside.
 * The contract suite ({@code LedgerContract}) holds this and {@code DynamoLedger} to the same behaviour.
 */
public final class InMemoryLedger implements Ledger {

    /** The account's STATE item; {@code null} fields are absent attributes. */
    private record StateRow(Instant lastCheckAt, String openIntentId, Instant cooldownUntil, BigDecimal lastRatio,
            Instant lastSeenAt, SentAlert lastAlert, String positionGoneFor) {
        static final StateRow ABSENT = new StateRow(null, null, null, null, null, null, null);
    }

    /** A stored item and its TTL attribute (epoch seconds), {@code null} for items that never expire. */
    private record Stored<T>(T value, Long expiresAt) {}

    private record DayKey(String accountId, LocalDate day) {}

    private record ItemKey(String accountId, String id) {}

    private final Clock clock;
    private final Duration retention;
    private final Map<String, StateRow> states = new HashMap<>();
    private final Map<ItemKey, Stored<Intent>> intents = new HashMap<>();
    private final Map<DayKey, Stored<BigDecimal>> days = new HashMap<>();
    private final Map<ItemKey, Stored<String>> checks = new HashMap<>();
    private final Map<String, List<Stored<AuditEntry>>> audit = new HashMap<>();
    /** The STATE item's {@code rescueLevel} attribute, kept apart for brevity. */
    private final Map<String, String> rescueLevels = new HashMap<>();
    /** The STATE item's {@code lastInBandAt} attribute, kept apart for brevity. */
    private final Map<String, Instant> lastInBand = new HashMap<>();
    /** The {@code SWEEPDAY#yyyy-mm-dd} counters: what was swept back that day. */
    private final Map<DayKey, Stored<BigDecimal>> sweepDays = new HashMap<>();
    /** Each day counter's share per source wallet (DynamoDB's {@code source#WALLET} attributes), top-ups and sweeps. */
    private final Map<DayKey, Map<String, BigDecimal>> drawnBySource = new HashMap<>();
    private final Map<DayKey, Map<String, BigDecimal>> sweptBySource = new HashMap<>();
    /** Per account, when a vanished position was last claimed (DynamoDB keeps it on the state item). */
    private final Map<String, Instant> positionGoneAt = new HashMap<>();

    public InMemoryLedger(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    // ---------------------------------------------------------------- checker side

    @Override
    public synchronized OpenResult openIntent(CheckId check, AccountConfig account, Decision.TopUp decision,
            List<Leg> legs) {
        Instant now = clock.instant();
        Intent intent = stored(Intent.opened(check, account, decision, legs, now));
        String accountId = account.accountId();
        ItemKey checkKey = checkKey(check);
        StateRow state = stateRow(accountId);
        DayKey dayKey = new DayKey(accountId, intent.day());
        Stored<BigDecimal> day = days.get(dayKey);
        BigDecimal room = account.dailyCap().subtract(decision.amount());

        boolean conditionsHold = !checks.containsKey(checkKey)
                && isBefore(state.lastCheckAt(), check.scheduledTime())
                && state.openIntentId() == null
                && (state.cooldownUntil() == null || millis(state.cooldownUntil()) <= millis(now))
                && !intents.containsKey(new ItemKey(accountId, intent.intentId()))
                && (day == null || day.value() == null || day.value().compareTo(room) <= 0);
        if (!conditionsHold) {
            return OpenResult.refused(check, checks.containsKey(checkKey), state(accountId),
                    state.openIntentId() == null ? null : intent(accountId, state.openIntentId()).orElse(null), now,
                    () -> usedOn(accountId, intent.day()));
        }
        putCheckRecord(check, checkKey);
        states.put(accountId, new StateRow(ms(check.scheduledTime()), intent.intentId(), state.cooldownUntil(),
                decision.marginRatio(), state.lastSeenAt(), state.lastAlert(), state.positionGoneFor()));
        intents.put(new ItemKey(accountId, intent.intentId()), new Stored<>(intent, seconds(now.plus(retention))));
        BigDecimal total = day == null || day.value() == null ? decision.amount() : day.value().add(decision.amount());
        Long dayExpiry = day == null || day.expiresAt() == null ? seconds(now.plus(DAY_COUNTER_TTL)) : day.expiresAt();
        days.put(dayKey, new Stored<>(total, dayExpiry));
        addBySource(drawnBySource, dayKey, Leg.bySource(legs), BigDecimal.ONE);
        append(accountId, now, AuditDetails.TOP_UP_DECIDED, intent.intentId(),
                AuditDetails.decided(check, account, decision, legs));
        return new OpenResult.Opened(intent);
    }

    @Override
    public synchronized OpenResult openSweep(CheckId check, AccountConfig account, SweepDecision decision,
            List<Leg> legs, Instant calmSince, BigDecimal sweptTodaySeen) {
        Instant now = clock.instant();
        Intent intent = stored(Intent.sweepOpened(check, account, decision, legs, now));
        String accountId = account.accountId();
        ItemKey checkKey = checkKey(check);
        StateRow state = stateRow(accountId);
        DayKey dayKey = new DayKey(accountId, intent.day());
        Stored<BigDecimal> day = sweepDays.get(dayKey);
        BigDecimal swept = day == null || day.value() == null ? BigDecimal.ZERO : day.value();
        Instant inBand = lastInBand.get(accountId);

        boolean conditionsHold = !checks.containsKey(checkKey)
                && isBefore(state.lastCheckAt(), check.scheduledTime())
                && state.openIntentId() == null
                && inBand != null && millis(inBand) <= millis(calmSince)
                && !intents.containsKey(new ItemKey(accountId, intent.intentId()))
                && swept.compareTo(sweptTodaySeen) == 0;
        if (!conditionsHold) {
            return OpenResult.refused(check, checks.containsKey(checkKey), state(accountId),
                    state.openIntentId() == null ? null : intent(accountId, state.openIntentId()).orElse(null), now,
                    () -> sweptOn(accountId, intent.day()));
        }
        putCheckRecord(check, checkKey);
        states.put(accountId, new StateRow(ms(check.scheduledTime()), intent.intentId(), state.cooldownUntil(),
                decision.marginRatio(), state.lastSeenAt(), state.lastAlert(), state.positionGoneFor()));
        lastInBand.put(accountId, ms(check.scheduledTime()));
        intents.put(new ItemKey(accountId, intent.intentId()), new Stored<>(intent, seconds(now.plus(retention))));
        Long dayExpiry = day == null || day.expiresAt() == null ? seconds(now.plus(DAY_COUNTER_TTL)) : day.expiresAt();
        sweepDays.put(dayKey, new Stored<>(swept.add(decision.amount()), dayExpiry));
        addBySource(sweptBySource, dayKey, Leg.bySource(legs), BigDecimal.ONE);
        append(accountId, now, AuditDetails.SWEEP_DECIDED, intent.intentId(),
                AuditDetails.sweepDecided(check, account, decision, legs, calmSince));
        return new OpenResult.Opened(intent);
    }

    @Override
    public synchronized void recordInsideBand(String accountId, Instant at) {
        Instant last = lastInBand.get(accountId);
        if (isBefore(last, at)) {
            lastInBand.put(accountId, ms(at));
        }
    }

    @Override
    public synchronized Map<String, BigDecimal> bySourceOn(String accountId, LocalDate day, IntentKind kind) {
        Map<String, BigDecimal> shares = (kind == IntentKind.SWEEP ? sweptBySource : drawnBySource)
                .getOrDefault(new DayKey(accountId, day), Map.of());
        Map<String, BigDecimal> bySource = new TreeMap<>();
        shares.forEach((wallet, amount) -> {
            if (amount.signum() != 0) {
                bySource.put(wallet, amount);
            }
        });
        return bySource;
    }

    private static void addBySource(Map<DayKey, Map<String, BigDecimal>> counters, DayKey day,
            Map<String, BigDecimal> shares, BigDecimal sign) {
        Map<String, BigDecimal> counter = counters.computeIfAbsent(day, k -> new HashMap<>());
        shares.forEach((wallet, amount) -> counter.merge(wallet, amount.multiply(sign), BigDecimal::add));
    }

    @Override
    public synchronized BigDecimal sweptOn(String accountId, LocalDate day) {
        Stored<BigDecimal> counter = sweepDays.get(new DayKey(accountId, day));
        return counter == null || counter.value() == null ? BigDecimal.ZERO : counter.value();
    }

    @Override
    public synchronized boolean recordDecision(CheckId check, String kind, BigDecimal marginRatio,
            Map<String, String> details) {
        Instant now = clock.instant();
        ItemKey checkKey = checkKey(check);
        StateRow state = stateRow(check.accountId());
        if (checks.containsKey(checkKey) || !isBefore(state.lastCheckAt(), check.scheduledTime())) {
            return false;
        }
        putCheckRecord(check, checkKey);
        states.put(check.accountId(), new StateRow(ms(check.scheduledTime()), state.openIntentId(),
                state.cooldownUntil(), marginRatio, state.lastSeenAt(), state.lastAlert(), state.positionGoneFor()));
        append(check.accountId(), now, kind, null, AuditDetails.withCheck(check, details));
        return true;
    }

    @Override
    public synchronized Optional<String> recordLastSeen(String accountId, Instant seenAt, BigDecimal marginRatio) {
        StateRow state = stateRow(accountId);
        if (!isBefore(state.lastSeenAt(), seenAt)) {
            return Optional.empty();
        }
        states.put(accountId, new StateRow(state.lastCheckAt(), state.openIntentId(), state.cooldownUntil(),
                marginRatio, ms(seenAt), state.lastAlert(), state.positionGoneFor()));
        return Optional.ofNullable(state.openIntentId());
    }

    @Override
    public synchronized boolean claimAlert(String accountId, String cause, Risk risk, Duration repeatAfter) {
        Instant now = ms(clock.instant());
        StateRow state = stateRow(accountId);
        boolean due = state.lastAlert() == null || state.lastAlert().isDue(cause, risk, now, repeatAfter);
        if (due) {
            SentAlert sent = risk == null
                    ? new SentAlert(cause, now, null, null, null)
                    : new SentAlert(cause, now, risk.severity(), risk.room(), risk.shortfall());
            states.put(accountId, new StateRow(state.lastCheckAt(), state.openIntentId(), state.cooldownUntil(),
                    state.lastRatio(), state.lastSeenAt(), sent, state.positionGoneFor()));
        }
        return due;
    }

    @Override
    public synchronized boolean claimPositionGone(String accountId, String episode, Instant episodeStart,
            Instant now) {
        StateRow state = stateRow(accountId);
        if (episode.equals(state.positionGoneFor())) {
            return false;
        }
        Instant claimedAt = positionGoneAt.get(accountId);
        if (claimedAt != null && !claimedAt.isBefore(episodeStart)) {
            return false;
        }
        positionGoneAt.put(accountId, now);
        states.put(accountId, new StateRow(state.lastCheckAt(), state.openIntentId(), state.cooldownUntil(),
                state.lastRatio(), state.lastSeenAt(), state.lastAlert(), episode));
        return true;
    }

    @Override
    public synchronized boolean claimRescueLevel(String accountId, String level) {
        return !level.equals(rescueLevels.put(accountId, level));
    }

    @Override
    public synchronized void audit(String accountId, String kind, String intentId, Map<String, String> details) {
        append(accountId, clock.instant(), kind, intentId, details);
    }

    // ---------------------------------------------------------------- transfer side

    @Override
    public synchronized Optional<Intent> intent(String accountId, String intentId) {
        return Optional.ofNullable(intents.get(new ItemKey(accountId, intentId))).map(Stored::value);
    }

    @Override
    public synchronized AccountState state(String accountId) {
        StateRow row = states.get(accountId);
        if (row == null) {
            return lastInBand.containsKey(accountId)
                    ? new AccountState(accountId, null, null, null, null, null, null, lastInBand.get(accountId))
                    : AccountState.empty(accountId);
        }
        return new AccountState(accountId, row.lastCheckAt(), row.openIntentId(), row.cooldownUntil(),
                row.lastRatio(), row.lastSeenAt(), row.lastAlert(), lastInBand.get(accountId));
    }

    @Override
    public synchronized BigDecimal usedOn(String accountId, LocalDate day) {
        Stored<BigDecimal> counter = days.get(new DayKey(accountId, day));
        return counter == null || counter.value() == null ? BigDecimal.ZERO : counter.value();
    }

    @Override
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public synchronized Optional<Intent> claim(Intent seen, Duration lease) {
        Instant now = clock.instant();
        if (!seen.claimableAt(now)) {
            return Optional.empty();
        }
        Intent claimed = seen.claimedAt(now, lease);
        ItemKey key = new ItemKey(seen.accountId(), seen.intentId());
        Stored<Intent> current = intents.get(key);
        if (current == null || current.value().state() != seen.state() || current.value().attempt() != seen.attempt()) {
            return Optional.empty();
        }
        Intent stored = current.value();
        intents.put(key, new Stored<>(stored(stored.moved(IntentState.SENDING, claimed.attempt(), claimed.leaseUntil(),
                claimed.sentAt(), null, null)), current.expiresAt()));
        append(seen.accountId(), now, AuditDetails.INTENT_CLAIMED, seen.intentId(), AuditDetails.claimed(seen, claimed));
        return Optional.of(claimed);
    }

    @Override
    public synchronized boolean confirm(Intent held, String venueTransferId, Duration cooldown, boolean reconciled) {
        Instant now = clock.instant();
        if (!closable(held, IntentState.CONFIRMED) || !holdsAccount(held)) {
            return false;
        }
        Intent next = held.nextLegs().isEmpty() ? null : stored(held.nextLeg(now));
        if (next != null && intents.containsKey(new ItemKey(next.accountId(), next.intentId()))) {
            return false;
        }
        close(held, IntentState.CONFIRMED, venueTransferId, null);
        append(held.accountId(), now, AuditDetails.INTENT_CONFIRMED, held.intentId(),
                AuditDetails.confirmed(held, venueTransferId, reconciled));
        if (next == null) {
            // A sweep frees the account without a cooldown: a top-up after it must never wait.
            release(held, held.isSweep() ? null : now.plus(cooldown));
            return true;
        }
        StateRow state = stateRow(held.accountId());
        states.put(held.accountId(), new StateRow(state.lastCheckAt(), next.intentId(), state.cooldownUntil(),
                state.lastRatio(), state.lastSeenAt(), state.lastAlert(), state.positionGoneFor()));
        intents.put(new ItemKey(next.accountId(), next.intentId()), new Stored<>(next, seconds(now.plus(retention))));
        append(held.accountId(), now, AuditDetails.LEG_OPENED, next.intentId(), AuditDetails.legOpened(held, next));
        return true;
    }

    @Override
    public synchronized boolean fail(Intent held, String reason) {
        Instant now = clock.instant();
        if (!closable(held, IntentState.FAILED) || !holdsAccount(held)) {
            return false;
        }
        close(held, IntentState.FAILED, null, reason);
        release(held, null);
        // DynamoDB's ADD on a missing item creates it: a counter already deleted comes back negative, without TTL.
        DayKey dayKey = new DayKey(held.accountId(), held.day());
        Map<DayKey, Stored<BigDecimal>> counters = held.isSweep() ? sweepDays : days;
        Stored<BigDecimal> day = counters.get(dayKey);
        BigDecimal back = held.amountWithNextLegs();
        BigDecimal total = day == null || day.value() == null ? back.negate() : day.value().subtract(back);
        counters.put(dayKey, new Stored<>(total, day == null ? null : day.expiresAt()));
        addBySource(held.isSweep() ? sweptBySource : drawnBySource, dayKey, held.amountWithNextLegsBySource(),
                BigDecimal.ONE.negate());
        append(held.accountId(), now, AuditDetails.INTENT_FAILED, held.intentId(), AuditDetails.failed(held, reason));
        return true;
    }

    @Override
    public synchronized boolean markUnknown(Intent held, String reason) {
        Instant now = clock.instant();
        if (!closable(held, IntentState.UNKNOWN)) {
            return false;
        }
        close(held, IntentState.UNKNOWN, null, reason);
        append(held.accountId(), now, AuditDetails.INTENT_UNKNOWN, held.intentId(), AuditDetails.unknown(reason));
        return true;
    }

    @Override
    public synchronized List<AuditEntry> auditTrail(String accountId) {
        return audit.getOrDefault(accountId, List.of()).stream()
                .map(Stored::value)
                .sorted(Comparator.comparing(AuditEntry::at))
                .toList();
    }

    // ---------------------------------------------------------------- what DynamoDB's TTL does

    /**
     * Deletes every item whose {@code expiresAt} has passed by the ledger's clock, as DynamoDB's
     * TTL process does some time after expiry. Until then expired items behave as live ones.
     */
    public synchronized void deleteExpired() {
        long now = clock.instant().getEpochSecond();
        intents.values().removeIf(s -> expired(s, now));
        days.values().removeIf(s -> expired(s, now));
        sweepDays.values().removeIf(s -> expired(s, now));
        drawnBySource.keySet().removeIf(day -> !days.containsKey(day));
        sweptBySource.keySet().removeIf(day -> !sweepDays.containsKey(day));
        checks.values().removeIf(s -> expired(s, now));
        audit.values().forEach(entries -> entries.removeIf(s -> expired(s, now)));
    }

    /**
     * Each item's TTL, keyed by the sort key its DynamoDB twin has ({@code STATE},
     * {@code INTENT#id}, {@code DAY#yyyy-mm-dd}, {@code CHECK#millis}, {@code AUDIT#kind});
     * {@code null} for an item that never expires. Audit entries are keyed by kind (the last one wins).
     */
    public synchronized Map<String, Instant> expiries(String accountId) {
        Map<String, Instant> expiries = new TreeMap<>();
        if (states.containsKey(accountId)) {
            expiries.put("STATE", null);
        }
        intents.forEach((k, s) -> {
            if (k.accountId().equals(accountId)) {
                expiries.put("INTENT#" + k.id(), instant(s.expiresAt()));
            }
        });
        days.forEach((k, s) -> {
            if (k.accountId().equals(accountId)) {
                expiries.put("DAY#" + k.day(), instant(s.expiresAt()));
            }
        });
        checks.forEach((k, s) -> {
            if (k.accountId().equals(accountId)) {
                expiries.put("CHECK#" + k.id(), instant(s.expiresAt()));
            }
        });
        audit.getOrDefault(accountId, List.of())
                .forEach(s -> expiries.put("AUDIT#" + s.value().kind(), instant(s.expiresAt())));
        return expiries;
    }

    // ---------------------------------------------------------------- internals

    /** The conditions every close shares: a legal move, and the intent still as this attempt saw it. */
    private boolean closable(Intent held, IntentState to) {
        if (!held.state().canMoveTo(to)) {
            throw new IllegalStateException("intent " + held.intentId() + " cannot move from " + held.state()
                    + " to " + to);
        }
        Stored<Intent> current = intents.get(new ItemKey(held.accountId(), held.intentId()));
        // The attempt number fences out a worker whose lease expired and was taken over.
        return current != null && current.value().state() == held.state()
                && current.value().attempt() == held.attempt();
    }

    private boolean holdsAccount(Intent held) {
        return held.intentId().equals(stateRow(held.accountId()).openIntentId());
    }

    private void close(Intent held, IntentState to, String venueTransferId, String reason) {
        ItemKey key = new ItemKey(held.accountId(), held.intentId());
        Stored<Intent> current = intents.get(key);
        Intent stored = current.value();
        intents.put(key, new Stored<>(stored.moved(to, stored.attempt(), null, stored.sentAt(), venueTransferId, reason),
                current.expiresAt()));
    }

    private void release(Intent held, Instant cooldownUntil) {
        StateRow state = stateRow(held.accountId());
        states.put(held.accountId(), new StateRow(state.lastCheckAt(), null,
                cooldownUntil == null ? state.cooldownUntil() : ms(cooldownUntil), state.lastRatio(),
                state.lastSeenAt(), state.lastAlert(), state.positionGoneFor()));
    }

    private void putCheckRecord(CheckId check, ItemKey key) {
        checks.put(key, new Stored<>(check.value(), seconds(check.scheduledTime().plus(CHECK_RECORD_TTL))));
    }

    private void append(String accountId, Instant at, String kind, String intentId, Map<String, String> details) {
        Map<String, String> values = new TreeMap<>();
        details.forEach((k, v) -> values.put(k, v == null ? "" : v));
        audit.computeIfAbsent(accountId, a -> new ArrayList<>()).add(new Stored<>(
                new AuditEntry(accountId, ms(at), kind, intentId, values), seconds(at.plus(retention))));
    }

    private StateRow stateRow(String accountId) {
        return states.getOrDefault(accountId, StateRow.ABSENT);
    }

    private static ItemKey checkKey(CheckId check) {
        return new ItemKey(check.accountId(), Long.toString(check.scheduledTime().toEpochMilli()));
    }

    /** {@code attribute_not_exists(a) OR a < t}, in epoch milliseconds. */
    private static boolean isBefore(Instant stored, Instant t) {
        return stored == null || millis(stored) < millis(t);
    }

    /** The intent as DynamoDB gives it back: its times in whole milliseconds. */
    private static Intent stored(Intent i) {
        return new Intent(i.accountId(), i.intentId(), i.checkId(), i.state(), i.venue(), i.asset(), i.amount(),
                i.fromWallet(), i.mode(), i.symbol(), i.day(), i.marginRatio(), i.expectedRatio(), ms(i.createdAt()),
                i.attempt(), ms(i.leaseUntil()), ms(i.sentAt()), i.venueTransferId(), i.reason(), i.nextLegs(),
                i.kind());
    }

    private static boolean expired(Stored<?> item, long nowSeconds) {
        return item.expiresAt() != null && item.expiresAt() < nowSeconds;
    }

    private static Instant ms(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static Long seconds(Instant instant) {
        return instant.getEpochSecond();
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }
}
