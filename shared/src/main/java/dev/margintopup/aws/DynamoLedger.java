package dev.margintopup.aws;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.alert.Risk;
import dev.margintopup.alert.SentAlert;
import dev.margintopup.alert.Severity;
import dev.margintopup.ledger.AccountState;
import dev.margintopup.ledger.AuditDetails;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.Leg;
import dev.margintopup.ledger.IntentKind;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The {@link Ledger} on DynamoDB (one table, {@code pk}/{@code sk}, TTL on {@code expiresAt}).
 *
 * <p>Per account {@code ACCOUNT#id} it keeps: {@code STATE} (last acting check, open intent,
 * cooldown, last-seen ratio), {@code INTENT#id} (one per top-up), {@code DAY#yyyy-mm-dd} (the
 * daily cap counter), {@code SWEEPDAY#yyyy-mm-dd} (what was swept back that day), {@code CHECK#time} (de-duplication of acting checks, kept 31 h, longer
 * than any redelivery window) and {@code AUDIT#time#n} (the append-only history).
 *
 * <p>Every decision is one {@code TransactWriteItems}: either all of its conditions hold and
 * every item is written, or nothing is. That is what makes duplicate, late and concurrent
 * deliveries harmless. Timestamps used in conditions are epoch milliseconds (numbers compare
 * correctly; ISO strings with varying fraction digits do not).
 */
public final class DynamoLedger implements Ledger {

    private static final int CONFLICT_RETRIES = 4;
    /** A day counter's attribute per source wallet ({@code source#FUNDING}): drawn from it, or swept back to it. */
    static final String SOURCE_PREFIX = "source#";
    /** An audit entry never overwrites another: a key already taken fails loudly instead of losing history. */
    private static final String AUDIT_KEY_IS_NEW = "attribute_not_exists(sk)";

    /**
     * Waits before a transaction that conflicted with a concurrent one is tried again. Lambda
     * sleeps the thread; the simulator moves its own clock instead.
     */
    @FunctionalInterface
    public interface ConflictBackoff {
        void pause(int attempt) throws InterruptedException;

        /** 10–40 ms times the attempt, jittered so that two conflicting writers do not collide again. */
        ConflictBackoff SLEEP = attempt -> Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40) * attempt);
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final ConflictBackoff backoff;
    /**
     * Orders this container's audit entries within one millisecond. It is not what keeps entries
     * apart: containers restored from one SnapStart snapshot start with the same count (and the
     * same random state), so the entry's own identity is part of its key ({@link AuditKey}).
     */
    private final AtomicLong auditSequence = new AtomicLong();

    public DynamoLedger(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this(dynamo, table, clock, retention, ConflictBackoff.SLEEP);
    }

    public DynamoLedger(DynamoDbClient dynamo, String table, Clock clock, Duration retention, ConflictBackoff backoff) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.backoff = backoff;
    }

    // ---------------------------------------------------------------- checker side

    /**
     * Creates the intent for a top-up decided by {@code check}, atomically with: the check's
     * de-duplication record, the account state (this check is newer than the last acting one,
     * no intent is open, the cooldown has elapsed), the day's counter (stays within the daily
     * cap) and an audit entry.
     */
    @Override
    public OpenResult openIntent(CheckId check, AccountConfig account, Decision.TopUp decision, List<Leg> legs) {
        Instant now = clock.instant();
        Intent intent = Intent.opened(check, account, decision, legs, now);
        LocalDate day = intent.day();


        Map<String, String> names = new HashMap<>(Map.of("#total", "total"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":amount", n(decision.amount()),
                ":room", n(account.dailyCap().subtract(decision.amount())),
                ":exp", epochSeconds(now.plus(DAY_COUNTER_TTL))));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(checkRecordPut(check));
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(account.accountId(), "STATE"))
                .updateExpression("SET accountId = :acct, lastCheckAt = :t, openIntentId = :id, lastRatio = :r")
                .conditionExpression("(attribute_not_exists(lastCheckAt) OR lastCheckAt < :t)"
                        + " AND attribute_not_exists(openIntentId)"
                        + " AND (attribute_not_exists(cooldownUntil) OR cooldownUntil <= :now)")
                .expressionAttributeValues(Map.of(
                        ":acct", s(account.accountId()),
                        ":t", millis(check.scheduledTime()),
                        ":id", s(intent.intentId()),
                        ":r", n(decision.marginRatio()),
                        ":now", millis(now)))
                .build()).build());
        writes.add(newIntentPut(intent, now));
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(account.accountId(), "DAY#" + day))
                .updateExpression("ADD #total :amount" + addBySource(Leg.bySource(legs), names, values)
                        + " SET expiresAt = if_not_exists(expiresAt, :exp)")
                .conditionExpression("attribute_not_exists(#total) OR #total <= :room")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build());
        writes.add(auditPut(account.accountId(), now, AuditDetails.TOP_UP_DECIDED, intent.intentId(),
                AuditDetails.decided(check, account, decision, legs)));

        if (transact(writes)) {
            return new OpenResult.Opened(intent);
        }
        return whyNotOpened(check, account, now);
    }

    @Override
    public OpenResult openSweep(CheckId check, AccountConfig account, SweepDecision decision, List<Leg> legs,
            Instant calmSince, BigDecimal sweptTodaySeen) {
        Instant now = clock.instant();
        Intent intent = Intent.sweepOpened(check, account, decision, legs, now);

        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(checkRecordPut(check));
        // The sweep restarts the hysteresis clock: the account now sits at the sweep's ratio.
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(account.accountId(), "STATE"))
                .updateExpression("SET accountId = :acct, lastCheckAt = :t, openIntentId = :id, lastRatio = :r,"
                        + " lastInBandAt = :t")
                .conditionExpression("(attribute_not_exists(lastCheckAt) OR lastCheckAt < :t)"
                        + " AND attribute_not_exists(openIntentId)"
                        + " AND lastInBandAt <= :calmSince")
                .expressionAttributeValues(Map.of(
                        ":acct", s(account.accountId()),
                        ":t", millis(check.scheduledTime()),
                        ":id", s(intent.intentId()),
                        ":r", n(decision.marginRatio()),
                        ":calmSince", millis(calmSince)))
                .build()).build());
        writes.add(newIntentPut(intent, now));
        // The counter must still be what the check decided on: a sweep opened since would be counted twice.
        Map<String, String> names = new HashMap<>(Map.of("#total", "total"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":amount", n(decision.amount()),
                ":seen", n(sweptTodaySeen),
                ":exp", epochSeconds(now.plus(DAY_COUNTER_TTL))));
        String unchanged = sweptTodaySeen.signum() == 0
                ? "attribute_not_exists(#total) OR #total = :seen"
                : "#total = :seen";
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(account.accountId(), "SWEEPDAY#" + intent.day()))
                .updateExpression("ADD #total :amount" + addBySource(Leg.bySource(legs), names, values)
                        + " SET expiresAt = if_not_exists(expiresAt, :exp)")
                .conditionExpression(unchanged)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build());
        writes.add(auditPut(account.accountId(), now, AuditDetails.SWEEP_DECIDED, intent.intentId(),
                AuditDetails.sweepDecided(check, account, decision, legs, calmSince)));
        if (transact(writes)) {
            return new OpenResult.Opened(intent);
        }
        AccountState state = state(account.accountId());
        Intent open = state.openIntentId() == null ? null
                : intent(account.accountId(), state.openIntentId()).orElse(null);
        boolean checkRecorded = get(account.accountId(), "CHECK#" + check.scheduledTime().toEpochMilli()) != null;
        return OpenResult.refused(check, checkRecorded, state, open, now,
                () -> sweptOn(account.accountId(), intent.day()));
    }

    @Override
    public void recordInsideBand(String accountId, Instant at) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key(accountId, "STATE"))
                    .updateExpression("SET accountId = :acct, lastInBandAt = :t")
                    .conditionExpression("attribute_not_exists(lastInBandAt) OR lastInBandAt < :t")
                    .expressionAttributeValues(Map.of(":acct", s(accountId), ":t", millis(at)))
                    .build());
        } catch (ConditionalCheckFailedException laterAlreadyStored) {
            // A later check got there first: the clock only ever moves forward.
        }
    }

    @Override
    public Map<String, BigDecimal> bySourceOn(String accountId, LocalDate day, IntentKind kind) {
        Map<String, AttributeValue> item = get(accountId, (kind == IntentKind.SWEEP ? "SWEEPDAY#" : "DAY#") + day);
        Map<String, BigDecimal> bySource = new TreeMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (name.startsWith(SOURCE_PREFIX) && value.n() != null && new BigDecimal(value.n()).signum() != 0) {
                    bySource.put(name.substring(SOURCE_PREFIX.length()), new BigDecimal(value.n()));
                }
            });
        }
        return bySource;
    }

    /**
     * The ADD terms that count each source's share on a day's counter ({@code source#FUNDING}, decision 0030),
     * with their names and values put into the update's maps; a negative share gives back.
     */
    private static String addBySource(Map<String, BigDecimal> shares, Map<String, String> names,
            Map<String, AttributeValue> values) {
        StringBuilder terms = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, BigDecimal> share : shares.entrySet()) {
            names.put("#source" + i, SOURCE_PREFIX + share.getKey());
            values.put(":source" + i, n(share.getValue()));
            terms.append(", #source").append(i).append(" :source").append(i);
            i++;
        }
        return terms.toString();
    }

    @Override
    public BigDecimal sweptOn(String accountId, LocalDate day) {
        Map<String, AttributeValue> item = get(accountId, "SWEEPDAY#" + day);
        return item == null || !item.containsKey("total") ? BigDecimal.ZERO : new BigDecimal(item.get("total").n());
    }

    /**
     * Records a decision that moves nothing but must be remembered once per check: an alert,
     * or what a dry-run account would have done. Returns false for a redelivered check.
     */
    @Override
    public boolean recordDecision(CheckId check, String kind, BigDecimal marginRatio, Map<String, String> details) {
        Instant now = clock.instant();
        List<TransactWriteItem> writes = List.of(
                checkRecordPut(check),
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(table)
                        .key(key(check.accountId(), "STATE"))
                        .updateExpression("SET accountId = :acct, lastCheckAt = :t, lastRatio = :r")
                        .conditionExpression("attribute_not_exists(lastCheckAt) OR lastCheckAt < :t")
                        .expressionAttributeValues(Map.of(
                                ":acct", s(check.accountId()),
                                ":t", millis(check.scheduledTime()),
                                ":r", n(marginRatio)))
                        .build()).build(),
                auditPut(check.accountId(), now, kind, null, AuditDetails.withCheck(check, details)));
        return transact(writes);
    }

    /**
     * Remembers the latest ratio seen, never moving it back in time. The checker calls this only
     * when the ratio moved materially or a heartbeat interval passed, to keep no-op checks free.
     */
    @Override
    public Optional<String> recordLastSeen(String accountId, Instant seenAt, BigDecimal marginRatio) {
        try {
            Map<String, AttributeValue> state = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key(accountId, "STATE"))
                    .updateExpression("SET accountId = :acct, lastSeenAt = :t, lastRatio = :r")
                    .conditionExpression("attribute_not_exists(lastSeenAt) OR lastSeenAt < :t")
                    .expressionAttributeValues(Map.of(":acct", s(accountId), ":t", millis(seenAt), ":r", n(marginRatio)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes();
            return Optional.ofNullable(state == null ? null : stringOrNull(state, "openIntentId"));
        } catch (ConditionalCheckFailedException newerAlreadyStored) {
            // A later check got there first: exactly what the condition is for.
            return Optional.empty();
        }
    }

    /**
     * Whether an alert of this cause should reach people now: the rules of
     * {@link SentAlert#isDue}, written as the condition of one update so that only one of several
     * duplicate or concurrent checks sends it.
     */
    @Override
    public boolean claimAlert(String accountId, String cause, Risk risk, Duration repeatAfter) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":acct", s(accountId),
                ":now", millis(now),
                ":cause", s(cause),
                ":repeatBefore", millis(now.minus(repeatAfter)),
                ":claim", s(UUID.randomUUID().toString())));
        // The claim's own token: when the SDK retries this very update after its answer was lost,
        // the stored claim is this one and the alert is still ours to send.
        StringBuilder condition = new StringBuilder("attribute_not_exists(lastAlertAt) OR lastAlertCause <> :cause"
                + " OR lastAlertAt <= :repeatBefore OR lastAlertClaim = :claim");
        String update;
        if (risk == null) {
            update = "SET accountId = :acct, lastAlertAt = :now, lastAlertCause = :cause, lastAlertClaim = :claim"
                    + " REMOVE lastAlertSeverity, lastAlertRoom, lastAlertShortfall";
        } else {
            // Worse than the last one sent: a higher level, a shortfall 25 % larger, or the room halved.
            values.put(":severity", n(risk.severity().rank()));
            values.put(":shortfall", n(risk.shortfall()));
            condition.append(" OR attribute_not_exists(lastAlertSeverity) OR lastAlertSeverity < :severity");
            if (risk.shortfall().signum() > 0) {
                values.put(":shortfallBound", n(SentAlert.shortfallBound(risk.shortfall())));
                condition.append(" OR attribute_not_exists(lastAlertShortfall) OR lastAlertShortfall <= :shortfallBound");
            }
            String setRoom = "";
            String removeRoom = " REMOVE lastAlertRoom";
            if (risk.room() != null) {
                values.put(":room", n(risk.room()));
                values.put(":roomBound", n(SentAlert.roomBound(risk.room())));
                values.put(":zero", n(0));
                condition.append(" OR (lastAlertRoom > :zero AND lastAlertRoom >= :roomBound)");
                setRoom = ", lastAlertRoom = :room";
                removeRoom = "";
            }
            update = "SET accountId = :acct, lastAlertAt = :now, lastAlertCause = :cause, lastAlertClaim = :claim,"
                    + " lastAlertSeverity = :severity, lastAlertShortfall = :shortfall" + setRoom + removeRoom;
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key(accountId, "STATE"))
                    .updateExpression(update)
                    .conditionExpression(condition.toString())
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException recentlyAlerted) {
            return false;
        }
    }

    @Override
    public boolean claimPositionGone(String accountId, String episode, Instant episodeStart, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key(accountId, "STATE"))
                    .updateExpression("SET accountId = :acct, positionGoneFor = :episode, positionGoneAt = :now")
                    .conditionExpression("(attribute_not_exists(positionGoneFor) OR positionGoneFor <> :episode)"
                            + " AND (attribute_not_exists(positionGoneAt) OR positionGoneAt < :start)")
                    .expressionAttributeValues(Map.of(":acct", s(accountId), ":episode", s(episode),
                            ":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                            ":start", AttributeValue.fromN(Long.toString(episodeStart.toEpochMilli()))))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException alreadyReported) {
            return false;
        }
    }

    @Override
    public boolean claimRescueLevel(String accountId, String level) {
        return claimStateValue(accountId, "rescueLevel", level);
    }

    /** Sets one attribute of the account state when it holds another value: true for the one call that changed it. */
    private boolean claimStateValue(String accountId, String attribute, String value) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(key(accountId, "STATE"))
                    .updateExpression("SET accountId = :acct, #attr = :value")
                    .conditionExpression("attribute_not_exists(#attr) OR #attr <> :value")
                    .expressionAttributeNames(Map.of("#attr", attribute))
                    .expressionAttributeValues(Map.of(":acct", s(accountId), ":value", s(value)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException unchanged) {
            return false;
        }
    }

    /** Appends one audit entry outside any transaction (schedule changes, config problems). */
    @Override
    public void audit(String accountId, String kind, String intentId, Map<String, String> details) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(auditItem(accountId, clock.instant(), kind, intentId, details))
                    .conditionExpression(AUDIT_KEY_IS_NEW));
        } catch (ConditionalCheckFailedException sameEntryAlreadyWritten) {
            // The key holds the entry's identity: this very entry was written by a try whose answer was lost.
        }
    }

    // ---------------------------------------------------------------- transfer side

    @Override
    public Optional<Intent> intent(String accountId, String intentId) {
        Map<String, AttributeValue> item = get(accountId, "INTENT#" + intentId);
        return item == null ? Optional.empty() : Optional.of(intentFrom(item));
    }

    @Override
    public AccountState state(String accountId) {
        Map<String, AttributeValue> item = get(accountId, "STATE");
        if (item == null) {
            return AccountState.empty(accountId);
        }
        return new AccountState(accountId, instantOrNull(item, "lastCheckAt"), stringOrNull(item, "openIntentId"),
                instantOrNull(item, "cooldownUntil"), decimalOrNull(item, "lastRatio"),
                instantOrNull(item, "lastSeenAt"), lastAlert(item), instantOrNull(item, "lastInBandAt"));
    }

    /** The last alert sent, from the state item; a level stored under an unknown rank reads as none. */
    private static SentAlert lastAlert(Map<String, AttributeValue> item) {
        String cause = stringOrNull(item, "lastAlertCause");
        Instant at = instantOrNull(item, "lastAlertAt");
        if (cause == null || at == null) {
            return null;
        }
        BigDecimal rank = decimalOrNull(item, "lastAlertSeverity");
        Severity severity = rank == null ? null : Severity.ofRank(rank.intValue()).orElse(null);
        return new SentAlert(cause, at, severity, decimalOrNull(item, "lastAlertRoom"),
                decimalOrNull(item, "lastAlertShortfall"));
    }

    /** Today's (UTC) total of open and confirmed top-ups. */
    @Override
    public BigDecimal usedOn(String accountId, LocalDate day) {
        Map<String, AttributeValue> item = get(accountId, "DAY#" + day);
        return item == null || !item.containsKey("total") ? BigDecimal.ZERO : new BigDecimal(item.get("total").n());
    }

    @Override
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Takes the intent for one attempt: {@code PENDING → SENDING}, or {@code SENDING → SENDING}
     * when the previous attempt's lease expired (it may have died after the venue applied the
     * transfer, so the caller must reconcile before sending). Empty when another attempt holds
     * it or it is no longer open.
     */
    @Override
    public Optional<Intent> claim(Intent seen, Duration lease) {
        Instant now = clock.instant();
        if (!seen.claimableAt(now)) {
            return Optional.empty();
        }
        Intent claimed = seen.claimedAt(now, lease);
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(Update.builder()
                        .tableName(table)
                        .key(key(seen.accountId(), "INTENT#" + seen.intentId()))
                        .updateExpression("SET #state = :sending, attempt = :attempt, leaseUntil = :lease, sentAt = :sentAt")
                        .conditionExpression("#state = :seenState AND attempt = :seenAttempt")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(
                                ":sending", s(IntentState.SENDING.name()),
                                ":seenState", s(seen.state().name()),
                                ":attempt", n(claimed.attempt()),
                                ":seenAttempt", n(seen.attempt()),
                                ":lease", millis(claimed.leaseUntil()),
                                ":sentAt", millis(claimed.sentAt())))
                        .build()).build(),
                auditPut(seen.accountId(), now, AuditDetails.INTENT_CLAIMED, seen.intentId(),
                        AuditDetails.claimed(seen, claimed)));
        return transact(writes) ? Optional.of(claimed) : Optional.empty();
    }

    /** {@code SENDING|UNKNOWN → CONFIRMED}: releases the account and starts its cooldown. */
    @Override
    public boolean confirm(Intent held, String venueTransferId, Duration cooldown, boolean reconciled) {
        Instant now = clock.instant();
        Intent confirmed = held.moved(IntentState.CONFIRMED, held.attempt(), null, held.sentAt(), venueTransferId, null);
        TransactWriteItem audit = auditPut(held.accountId(), now, AuditDetails.INTENT_CONFIRMED, held.intentId(),
                AuditDetails.confirmed(held, venueTransferId, reconciled));
        if (held.nextLegs().isEmpty()) {
            // A sweep frees the account without a cooldown: a top-up after it must never wait.
            return close(held, confirmed, List.of(releaseAccount(held, held.isSweep() ? null : now.plus(cooldown))),
                    audit);
        }
        // The next leg becomes the account's open intent in the same transaction: no other top-up
        // can start between the legs, and the cooldown waits for the last one.
        Intent next = held.nextLeg(now);
        TransactWriteItem handOver = TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(held.accountId(), "STATE"))
                .updateExpression("SET openIntentId = :next")
                .conditionExpression("openIntentId = :id")
                .expressionAttributeValues(Map.of(":id", s(held.intentId()), ":next", s(next.intentId())))
                .build()).build();
        TransactWriteItem putNext = newIntentPut(next, now);
        return close(held, confirmed, List.of(handOver, putNext, auditPut(held.accountId(), now,
                AuditDetails.LEG_OPENED, next.intentId(), AuditDetails.legOpened(held, next))), audit);
    }

    /** {@code SENDING|UNKNOWN|PENDING → FAILED}: nothing moved, so the amount goes back to the day. */
    @Override
    public boolean fail(Intent held, String reason) {
        Instant now = clock.instant();
        Intent failed = held.moved(IntentState.FAILED, held.attempt(), null, held.sentAt(), null, reason);
        Map<String, String> names = new HashMap<>(Map.of("#total", "total"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":negative", n(held.amountWithNextLegs().negate())));
        TransactWriteItem giveBack = TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(held.accountId(), (held.isSweep() ? "SWEEPDAY#" : "DAY#") + held.day()))
                .updateExpression("ADD #total :negative" + addBySource(givenBack(held), names, values))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
        return close(held, failed, List.of(releaseAccount(held, null), giveBack),
                auditPut(held.accountId(), now, AuditDetails.INTENT_FAILED, held.intentId(),
                        AuditDetails.failed(held, reason)));
    }

    /**
     * {@code SENDING → UNKNOWN}: the venue cannot say whether the money moved. The account
     * stays held (no new top-up may start on top of an unknown one) until it is settled.
     */
    @Override
    public boolean markUnknown(Intent held, String reason) {
        Instant now = clock.instant();
        Intent unknown = held.moved(IntentState.UNKNOWN, held.attempt(), null, held.sentAt(), null, reason);
        return close(held, unknown, List.of(),
                auditPut(held.accountId(), now, AuditDetails.INTENT_UNKNOWN, held.intentId(),
                        AuditDetails.unknown(reason)));
    }

    /** The account's history, oldest first. */
    @Override
    public List<AuditEntry> auditTrail(String accountId) {
        List<AuditEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :audit)")
                    .expressionAttributeValues(Map.of(":pk", s(pk(accountId)), ":audit", s("AUDIT#")));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, String> details = new TreeMap<>();
                item.getOrDefault("details", AttributeValue.fromM(Map.of())).m()
                        .forEach((k, v) -> details.put(k, v.s()));
                entries.add(new AuditEntry(accountId, Instant.ofEpochMilli(Long.parseLong(item.get("at").n())),
                        item.get("kind").s(), stringOrNull(item, "intentId"), details));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return entries;
    }

    // ---------------------------------------------------------------- internals

    private boolean close(Intent held, Intent closed, List<TransactWriteItem> extra, TransactWriteItem audit) {
        if (!held.state().canMoveTo(closed.state())) {
            throw new IllegalStateException("intent " + held.intentId() + " cannot move from " + held.state()
                    + " to " + closed.state());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", s(closed.state().name()));
        values.put(":from", s(held.state().name()));
        values.put(":attempt", n(held.attempt()));
        StringBuilder set = new StringBuilder("SET #state = :to");
        if (closed.venueTransferId() != null) {
            set.append(", venueTransferId = :vid");
            values.put(":vid", s(closed.venueTransferId()));
        }
        if (closed.reason() != null) {
            set.append(", reason = :reason");
            values.put(":reason", s(closed.reason()));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(held.accountId(), "INTENT#" + held.intentId()))
                .updateExpression(set + " REMOVE leaseUntil")
                // The attempt number fences out a worker whose lease expired and was taken over.
                .conditionExpression("#state = :from AND attempt = :attempt")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values)
                .build()).build());
        writes.addAll(extra);
        writes.add(audit);
        return transact(writes);
    }

    /** This leg and the legs after it, negated: what a failed leg gives back to each source's share of the day. */
    private static Map<String, BigDecimal> givenBack(Intent held) {
        Map<String, BigDecimal> back = new LinkedHashMap<>();
        held.amountWithNextLegsBySource().forEach((wallet, amount) -> back.put(wallet, amount.negate()));
        return back;
    }

    private TransactWriteItem releaseAccount(Intent held, Instant cooldownUntil) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", s(held.intentId()));
        String update = "REMOVE openIntentId";
        if (cooldownUntil != null) {
            update = "SET cooldownUntil = :cooldown " + update;
            values.put(":cooldown", millis(cooldownUntil));
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key(held.accountId(), "STATE"))
                .updateExpression(update)
                .conditionExpression("openIntentId = :id")
                .expressionAttributeValues(values)
                .build()).build();
    }

    private OpenResult whyNotOpened(CheckId check, AccountConfig account, Instant now) {
        AccountState state = state(account.accountId());
        Intent open = state.openIntentId() == null ? null
                : intent(account.accountId(), state.openIntentId()).orElse(null);
        boolean checkRecorded = get(account.accountId(), "CHECK#" + check.scheduledTime().toEpochMilli()) != null;
        return OpenResult.refused(check, checkRecorded, state, open, now,
                () -> usedOn(account.accountId(), LocalDate.ofInstant(now, ZoneOffset.UTC)));
    }

    /**
     * Runs one transaction. True when it committed, false when a condition failed. Conflicts with
     * a concurrent transaction on the same items are retried: the retry then sees the winner's
     * writes and fails its condition cleanly. Every try carries one client request token: when an
     * earlier try committed and its answer was lost, DynamoDB answers the retry with that success
     * instead of failing the conditions the commit itself made false.
     */
    private boolean transact(List<TransactWriteItem> writes) {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
                .transactItems(writes)
                .clientRequestToken(UUID.randomUUID().toString())
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(request);
                return true;
            } catch (TransactionCanceledException e) {
                boolean conditionFailed = e.hasCancellationReasons() && e.cancellationReasons().stream()
                        .map(CancellationReason::code).anyMatch("ConditionalCheckFailed"::equals);
                if (conditionFailed) {
                    return false;
                }
                if (attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private void pause(int attempt) {
        try {
            backoff.pause(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a ledger transaction", e);
        }
    }

    private TransactWriteItem checkRecordPut(CheckId check) {
        Map<String, AttributeValue> item = new HashMap<>(key(check.accountId(), "CHECK#" + check.scheduledTime().toEpochMilli()));
        item.put("checkId", s(check.value()));
        item.put("expiresAt", epochSeconds(check.scheduledTime().plus(CHECK_RECORD_TTL)));
        return putIfAbsent(item);
    }

    /** A new intent, kept for the retention period after {@code now}; written only if its key is new. */
    private TransactWriteItem newIntentPut(Intent intent, Instant now) {
        Map<String, AttributeValue> item = intentItem(intent);
        item.put("expiresAt", epochSeconds(now.plus(retention)));
        return putIfAbsent(item);
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(pk)")
                .build()).build();
    }

    private TransactWriteItem auditPut(String accountId, Instant at, String kind, String intentId,
            Map<String, String> details) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(auditItem(accountId, at, kind, intentId, details))
                .conditionExpression(AUDIT_KEY_IS_NEW)
                .build()).build();
    }

    private Map<String, AttributeValue> auditItem(String accountId, Instant at, String kind, String intentId,
            Map<String, String> details) {
        // Zero-padded millis keep the trail in time order; within one millisecond the container's
        // sequence keeps its own entries in order; the entry's identity keeps entries of different
        // containers apart even when they were restored from one snapshot with one sequence.
        String sk = String.format("AUDIT#%013d#%012d#%s", at.toEpochMilli(), auditSequence.incrementAndGet(),
                AuditKey.identity(kind, intentId, details));
        Map<String, AttributeValue> item = new HashMap<>(key(accountId, sk));
        item.put("accountId", s(accountId));
        item.put("at", millis(at));
        item.put("kind", s(kind));
        if (intentId != null) {
            item.put("intentId", s(intentId));
        }
        Map<String, AttributeValue> detailValues = new HashMap<>();
        details.forEach((k, v) -> detailValues.put(k, s(v == null ? "" : v)));
        item.put("details", AttributeValue.fromM(detailValues));
        item.put("expiresAt", epochSeconds(at.plus(retention)));
        return item;
    }

    private Map<String, AttributeValue> get(String accountId, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(table)
                .key(key(accountId, sk))
                .consistentRead(true)
                .build()).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static Map<String, AttributeValue> intentItem(Intent intent) {
        Map<String, AttributeValue> item = new HashMap<>(key(intent.accountId(), "INTENT#" + intent.intentId()));
        item.put("accountId", s(intent.accountId()));
        item.put("intentId", s(intent.intentId()));
        item.put("checkId", s(intent.checkId()));
        item.put("state", s(intent.state().name()));
        item.put("venue", s(intent.venue()));
        item.put("asset", s(intent.asset()));
        item.put("amount", n(intent.amount()));
        item.put("fromWallet", s(intent.fromWallet()));
        item.put("marginMode", s(intent.mode().itemValue()));
        if (intent.symbol() != null) {
            item.put("symbol", s(intent.symbol()));
        }
        item.put("day", s(intent.day().toString()));
        item.put("marginRatio", n(intent.marginRatio()));
        item.put("expectedRatio", n(intent.expectedRatio()));
        item.put("createdAt", millis(intent.createdAt()));
        item.put("attempt", n(intent.attempt()));
        if (intent.isSweep()) {
            item.put("kind", s(intent.kind().name()));
        }
        if (!intent.nextLegs().isEmpty()) {
            item.put("nextLegs", AttributeValue.fromL(intent.nextLegs().stream()
                    .map(leg -> AttributeValue.fromM(Map.of("fromWallet", s(leg.fromWallet()), "amount", n(leg.amount()))))
                    .toList()));
        }
        return item;
    }

    private static Intent intentFrom(Map<String, AttributeValue> item) {
        return new Intent(
                item.get("accountId").s(),
                item.get("intentId").s(),
                item.get("checkId").s(),
                IntentState.valueOf(item.get("state").s()),
                item.get("venue").s(),
                item.get("asset").s(),
                new BigDecimal(item.get("amount").n()),
                item.get("fromWallet").s(),
                MarginMode.fromItemValue(item.get("marginMode").s()).orElseThrow(),
                stringOrNull(item, "symbol"),
                LocalDate.parse(item.get("day").s()),
                new BigDecimal(item.get("marginRatio").n()),
                new BigDecimal(item.get("expectedRatio").n()),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())),
                Integer.parseInt(item.get("attempt").n()),
                instantOrNull(item, "leaseUntil"),
                instantOrNull(item, "sentAt"),
                stringOrNull(item, "venueTransferId"),
                stringOrNull(item, "reason"),
                item.containsKey("nextLegs") ? item.get("nextLegs").l().stream()
                        .map(leg -> new Leg(leg.m().get("fromWallet").s(), new BigDecimal(leg.m().get("amount").n())))
                        .toList() : List.of(),
                item.containsKey("kind") ? IntentKind.valueOf(item.get("kind").s()) : IntentKind.TOP_UP);
    }

    private static String pk(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    private static Map<String, AttributeValue> key(String accountId, String sk) {
        return Map.of("pk", s(pk(accountId)), "sk", s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(BigDecimal value) {
        return AttributeValue.fromN(value.toPlainString());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue millis(Instant instant) {
        return n(instant.toEpochMilli());
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return n(instant.getEpochSecond());
    }

    private static String stringOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instantOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    private static BigDecimal decimalOrNull(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : new BigDecimal(v.n());
    }
}
