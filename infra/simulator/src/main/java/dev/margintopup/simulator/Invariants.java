package dev.margintopup.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.AccountItem;
import dev.margintopup.account.Validation;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditDetails;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.testing.Accounts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What must hold after every history, read from the venue's books, the ledger table (straight
 * from the simulated DynamoDB, past every fault) and what was published. Each violation is one
 * line that starts with the invariant's name.
 */
final class Invariants {

    static final String ONE_TRANSFER_PER_INTENT = "one-venue-transfer-per-intent";
    static final String LEDGER_AGREES_WITH_VENUE = "ledger-agrees-with-venue";
    static final String DAILY_CAP = "daily-cap-never-exceeded";
    static final String BREACH_ANSWERED = "every-breach-answered";
    static final String INTENTS_CLOSE = "no-intent-open-past-its-bound";
    static final String AUDIT_ONCE = "one-audit-entry-per-decision-and-transition";
    static final String NO_SECRET = "no-secret-in-any-output";
    static final String SCHEDULE_MATCHES_ITEM = "schedule-input-matches-account-item";
    static final String DUE_CHECKED = "every-due-account-checked";

    /** The last minutes of a history are not judged: a late delivery of their checks may fall past its end. */
    private static final java.time.Duration UNJUDGED_TAIL = java.time.Duration.ofMinutes(4);

    /** How often an unchanged alert is repeated (README, "How alerts escalate"). */
    private static final java.time.Duration ALERT_REPEAT = dev.margintopup.alert.SentAlert.REPEAT_UNCHANGED;

    private static final Set<String> ALERTS = Set.of("MarginAtRisk", "TopUpFailed", "PositionLiquidated",
            "PositionClosed", "AccountConfigInvalid");

    private final History history;
    private final List<String> violations = new ArrayList<>();

    Invariants(History history) {
        this.history = history;
    }

    List<String> check() {
        if (history.tick) {
            dueChecked();
        }
        for (String accountId : History.ACCOUNTS) {
            if (!history.tick) {
                schedule(accountId);
            }
            Map<String, ObjectNode> intents = new TreeMap<>();
            List<ObjectNode> audit = new ArrayList<>();
            Map<String, ObjectNode> days = new TreeMap<>();
            for (ObjectNode item : history.dynamo.partition(History.LEDGER_TABLE, "ACCOUNT#" + accountId)) {
                String sk = item.path("sk").path("S").asText();
                if (sk.startsWith("INTENT#")) {
                    intents.put(sk.substring("INTENT#".length()), item);
                } else if (sk.startsWith("AUDIT#")) {
                    audit.add(item);
                } else if (sk.startsWith("DAY#")) {
                    days.put(sk.substring("DAY#".length()), item);
                }
            }
            List<TransferRecord> transfers = history.venue.transfers(history.apiKey + accountId);
            transfers(accountId, intents, transfers);
            dailyCap(accountId, intents, days, transfers);
            openIntents(accountId, intents);
            audit(accountId, intents, audit);
            breaches(accountId);
            secrets(accountId, audit);
        }
        return violations;
    }

    /**
     * After the calm tail schedule-sync has carried every change into Scheduler: an account with an
     * item has a schedule whose state and input are its validated item's, and one without has none.
     */
    private void schedule(String accountId) {
        String name = ScheduleSettings.scheduleName(accountId);
        Optional<ObjectNode> schedule = history.schedules.schedule(History.SCHEDULES.group(), name);
        Optional<AccountItem> item = history.accounts.read(accountId);
        if (item.isEmpty()) {
            schedule.ifPresent(s -> violation(SCHEDULE_MATCHES_ITEM, accountId + ": deleted, yet schedule " + name
                    + " is left"));
            return;
        }
        if (!(Accounts.VALIDATOR.validate(item.get().attributes()) instanceof Validation.Valid valid)) {
            violation(SCHEDULE_MATCHES_ITEM, accountId + ": the item the history restored is invalid");
            return;
        }
        if (schedule.isEmpty()) {
            violation(SCHEDULE_MATCHES_ITEM, accountId + ": has an item but no schedule");
            return;
        }
        String state = schedule.get().path("State").asText();
        String expectedState = valid.config().enabled() ? "ENABLED" : "DISABLED";
        if (!state.equals(expectedState)) {
            violation(SCHEDULE_MATCHES_ITEM, accountId + ": schedule is " + state + ", the item says " + expectedState);
        }
        JsonNode input = Json.read(schedule.get().path("Target").path("Input").asText());
        // Both sides as the schedule carries them: written to JSON text, then read back.
        JsonNode expected = Json.read(Json.write(AccountItem.of(valid.config())));
        if (!expected.equals(input.path(CheckRequest.ACCOUNT)) || !accountId.equals(input.path(CheckRequest.ACCOUNT_ID).asText())) {
            violation(SCHEDULE_MATCHES_ITEM, accountId + ": schedule input " + input.path(CheckRequest.ACCOUNT)
                    + " is not the item " + expected);
        }
    }

    /**
     * With the tick, every account the table held enabled, valid and due at a minute was checked for
     * that minute at least once. When that minute's tick was lost, died or could not queue its check,
     * the check of the next minute whose tick ran stands in (unless the account was no longer due then).
     */
    private void dueChecked() {
        Instant judgedUntil = History.START.plus(java.time.Duration.ofMinutes(history.minutes + History.CALM_MINUTES))
                .minus(UNJUDGED_TAIL);
        Observed observed = history.observed;
        observed.due.forEach((minute, due) -> {
            if (minute.isAfter(judgedUntil)) {
                return;
            }
            for (String accountId : due) {
                if (observed.started.contains(new Observed.Started(accountId, minute))) {
                    continue;
                }
                if (!missed(accountId, minute)) {
                    violation(DUE_CHECKED, accountId + ": due at " + minute + ", the tick queued it, and no check began");
                    continue;
                }
                Instant next = minute.plus(java.time.Duration.ofMinutes(1));
                while (missed(accountId, next) && observed.due.getOrDefault(next, Set.of()).contains(accountId)) {
                    next = next.plus(java.time.Duration.ofMinutes(1));
                }
                if (!next.isAfter(judgedUntil) && observed.due.getOrDefault(next, Set.of()).contains(accountId)
                        && !observed.started.contains(new Observed.Started(accountId, next))) {
                    violation(DUE_CHECKED, accountId + ": due at " + minute + ", missed by its tick, and not checked"
                            + " at " + next + " either, the next minute whose tick ran");
                }
            }
        });
    }

    /** The tick of this minute was lost, died, or could not queue the account's check. */
    private boolean missed(String accountId, Instant minute) {
        return history.observed.ticksMissed.contains(minute)
                || history.observed.notQueued.getOrDefault(minute, Set.of()).contains(accountId);
    }

    private void transfers(String accountId, Map<String, ObjectNode> intents, List<TransferRecord> transfers) {
        Map<String, List<TransferRecord>> byClientId = new HashMap<>();
        for (TransferRecord transfer : transfers) {
            byClientId.computeIfAbsent(transfer.clientId(), c -> new ArrayList<>()).add(transfer);
        }
        byClientId.forEach((clientId, moved) -> {
            if (moved.size() > 1) {
                violation(ONE_TRANSFER_PER_INTENT, accountId + ": client id " + clientId + " moved money "
                        + moved.size() + " times at the venue");
            }
            if (!intents.containsKey(clientId)) {
                violation(LEDGER_AGREES_WITH_VENUE, accountId + ": the venue moved " + moved.getFirst().amount()
                        + " under client id " + clientId + ", which is no intent in the ledger");
            }
        });
        intents.forEach((intentId, intent) -> {
            String state = intent.path("state").path("S").asText();
            List<TransferRecord> moved = byClientId.getOrDefault(intentId, List.of());
            BigDecimal amount = new BigDecimal(intent.path("amount").path("N").asText());
            switch (state) {
                case "CONFIRMED" -> {
                    if (moved.isEmpty()) {
                        violation(LEDGER_AGREES_WITH_VENUE, accountId + ": intent " + intentId
                                + " is CONFIRMED but the venue never moved it");
                    } else if (moved.getFirst().amount().compareTo(amount) != 0) {
                        violation(LEDGER_AGREES_WITH_VENUE, accountId + ": intent " + intentId + " is CONFIRMED for "
                                + amount + " but the venue moved " + moved.getFirst().amount());
                    }
                }
                case "FAILED" -> {
                    if (!moved.isEmpty()) {
                        violation(LEDGER_AGREES_WITH_VENUE, accountId + ": intent " + intentId
                                + " is FAILED (nothing moved) but the venue moved " + moved.getFirst().amount());
                    }
                }
                case "UNKNOWN" -> {
                    boolean alerted = history.observed.events.stream().anyMatch(e -> e.detailType().equals("TopUpFailed")
                            && e.detail().path("intentId").asText().equals(intentId)
                            && e.detail().path("outcome").asText().equals("UNKNOWN"));
                    if (!alerted) {
                        violation(LEDGER_AGREES_WITH_VENUE, accountId + ": intent " + intentId
                                + " is UNKNOWN and nobody was told (no TopUpFailed with outcome UNKNOWN)");
                    }
                }
                default -> {
                    // open intents are judged by openIntents
                }
            }
        });
    }

    private void dailyCap(String accountId, Map<String, ObjectNode> intents, Map<String, ObjectNode> days,
            List<TransferRecord> transfers) {
        Map<LocalDate, BigDecimal> movedPerDay = new TreeMap<>();
        for (TransferRecord transfer : transfers) {
            movedPerDay.merge(LocalDate.ofInstant(transfer.time(), ZoneOffset.UTC), transfer.amount(), BigDecimal::add);
        }
        movedPerDay.forEach((day, moved) -> {
            if (moved.compareTo(History.DAILY_CAP) > 0) {
                violation(DAILY_CAP, accountId + ": the venue moved " + moved + " on " + day + ", over the cap of "
                        + History.DAILY_CAP);
            }
        });
        Map<String, BigDecimal> held = new TreeMap<>();
        intents.values().forEach(intent -> {
            if (!intent.path("state").path("S").asText().equals("FAILED")) {
                held.merge(intent.path("day").path("S").asText(), new BigDecimal(intent.path("amount").path("N").asText()),
                        BigDecimal::add);
            }
        });
        Set<String> allDays = new HashSet<>(held.keySet());
        allDays.addAll(days.keySet());
        for (String day : allDays) {
            BigDecimal counted = days.containsKey(day) ? new BigDecimal(days.get(day).path("total").path("N").asText("0"))
                    : BigDecimal.ZERO;
            BigDecimal expected = held.getOrDefault(day, BigDecimal.ZERO);
            if (counted.compareTo(expected) != 0) {
                violation(DAILY_CAP, accountId + ": the day counter of " + day + " says " + counted
                        + " but the intents that hold that day's cap add up to " + expected);
            }
        }
    }

    private void openIntents(String accountId, Map<String, ObjectNode> intents) {
        intents.forEach((intentId, intent) -> {
            String state = intent.path("state").path("S").asText();
            if (state.equals("PENDING") || state.equals("SENDING")) {
                violation(INTENTS_CLOSE, accountId + ": intent " + intentId + " is still " + state + " after "
                        + History.CALM_MINUTES + " calm minutes (attempt " + intent.path("attempt").path("N").asText()
                        + ")");
            }
        });
    }

    private void audit(String accountId, Map<String, ObjectNode> intents, List<ObjectNode> audit) {
        Map<String, Integer> perEntry = new HashMap<>();
        for (ObjectNode entry : audit) {
            String kind = entry.path("kind").path("S").asText();
            String intentId = entry.path("intentId").path("S").asText("");
            JsonNode details = entry.path("details").path("M");
            String subject = switch (kind) {
                case AuditDetails.INTENT_CLAIMED -> intentId + " attempt " + details.path("attempt").path("S").asText();
                case AuditDetails.TOP_UP_DECIDED, AuditDetails.INTENT_CONFIRMED, AuditDetails.INTENT_FAILED,
                        AuditDetails.INTENT_UNKNOWN -> intentId;
                default -> details.has("checkId") ? details.path("checkId").path("S").asText() : null;
            };
            if (subject != null) {
                perEntry.merge(kind + " " + subject, 1, Integer::sum);
            }
        }
        perEntry.forEach((entry, count) -> {
            if (count > 1) {
                violation(AUDIT_ONCE, accountId + ": " + count + " audit entries for " + entry);
            }
        });
        intents.forEach((intentId, intent) -> {
            String state = intent.path("state").path("S").asText();
            int attempts = Integer.parseInt(intent.path("attempt").path("N").asText());
            expectOne(accountId, perEntry, AuditDetails.TOP_UP_DECIDED + " " + intentId);
            for (int attempt = 1; attempt <= attempts; attempt++) {
                expectOne(accountId, perEntry, AuditDetails.INTENT_CLAIMED + " " + intentId + " attempt " + attempt);
            }
            switch (state) {
                case "CONFIRMED" -> expectOne(accountId, perEntry, AuditDetails.INTENT_CONFIRMED + " " + intentId);
                case "FAILED" -> expectOne(accountId, perEntry, AuditDetails.INTENT_FAILED + " " + intentId);
                case "UNKNOWN" -> expectOne(accountId, perEntry, AuditDetails.INTENT_UNKNOWN + " " + intentId);
                default -> {
                    // still open: judged by openIntents
                }
            }
        });
    }

    private void expectOne(String accountId, Map<String, Integer> perEntry, String entry) {
        if (perEntry.getOrDefault(entry, 0) == 0) {
            violation(AUDIT_ONCE, accountId + ": no audit entry for " + entry);
        }
    }

    /**
     * A breach (a check that read the ratio at or past the trigger) must be answered within
     * {@link History#BREACH_BOUND_CHECKS} scheduled checks: a confirmed top-up, an alert, or the
     * ratio back below the trigger. An alert answers the breach until it ends (alerts repeat
     * when it worsens); a confirmed top-up answers the checks before it. An alert sent less than
     * {@link #ALERT_REPEAT} before the breach began answers it too: an unchanged situation is
     * told at most that often, also when the ratio dipped below the trigger in between.
     */
    private void breaches(String accountId) {
        record Moment(Instant at, String what, JsonNode node) {}
        List<Moment> moments = new ArrayList<>();
        history.observed.checks.stream().filter(c -> c.accountId().equals(accountId))
                .forEach(c -> moments.add(new Moment(c.at(), "check", c.result())));
        history.observed.events.stream().filter(e -> e.detail().path("accountId").asText().equals(accountId))
                .forEach(e -> moments.add(new Moment(e.at(), e.detailType(), e.detail())));
        Set<Instant> configChanges = new HashSet<>();
        history.observed.configChanges.stream().filter(c -> c.accountId().equals(accountId))
                .forEach(c -> configChanges.add(c.at()));
        moments.sort((a, b) -> a.at().compareTo(b.at()));
        Instant start = null;
        Set<String> breachingChecks = new HashSet<>();
        boolean answered = false;
        boolean reported = false;
        for (Moment moment : moments) {
            if (moment.what().equals("check")) {
                JsonNode ratio = moment.node().path("marginRatio");
                if (ratio.isMissingNode() || ratio.isNull()) {
                    continue;
                }
                boolean breaching = new BigDecimal(ratio.asText()).compareTo(History.TRIGGER) >= 0;
                if (!breaching) {
                    start = null;
                    answered = false;
                    breachingChecks.clear();
                    continue;
                }
                if (start == null) {
                    start = moment.at();
                    Instant began = start;
                    answered = moments.stream().anyMatch(m -> ALERTS.contains(m.what()) && !m.at().isAfter(began)
                            && m.at().isAfter(began.minus(ALERT_REPEAT)));
                }
                // Redeliveries of one scheduled check count once.
                breachingChecks.add(moment.node().path("checkId").asText());
                Instant episode = start;
                boolean configMoved = configChanges.stream().anyMatch(c -> !c.isBefore(episode));
                if (!answered && !reported && !configMoved && breachingChecks.size() > History.BREACH_BOUND_CHECKS) {
                    violation(BREACH_ANSWERED, accountId + ": past the trigger since " + start + " for "
                            + breachingChecks.size() + " checks without a confirmed top-up or an alert");
                    reported = true;
                }
            } else if (moment.what().equals("TopUpCompleted")) {
                start = null;
                breachingChecks.clear();
            } else if (ALERTS.contains(moment.what())) {
                answered = true;
            }
        }
    }

    /** Neither the key nor its secret may appear in a log line, event, audit record, result or error message. */
    private void secrets(String accountId, List<ObjectNode> audit) {
        List<String> secrets = List.of(history.apiSecret, history.apiKey + accountId);
        List<String> outputs = new ArrayList<>();
        outputs.add(history.logs.toString());
        history.observed.events.forEach(e -> outputs.add(e.detail().toString()));
        history.observed.checks.forEach(c -> outputs.add(c.result().toString()));
        audit.forEach(a -> outputs.add(a.toString()));
        outputs.addAll(history.observed.messages);
        outputs.addAll(history.trace.lines());
        for (String secret : secrets) {
            for (String output : outputs) {
                if (output.contains(secret)) {
                    String kind = secret.equals(history.apiSecret) ? "API secret" : "API key";
                    violation(NO_SECRET, accountId + ": the " + kind + " appears in an output: "
                            + output.substring(Math.max(0, output.indexOf(secret) - 80),
                                    Math.min(output.length(), output.indexOf(secret) + 20)).replace(secret, "<" + kind + ">"));
                    return;
                }
            }
        }
    }

    private void violation(String invariant, String what) {
        violations.add(invariant + ": " + what);
    }
}
