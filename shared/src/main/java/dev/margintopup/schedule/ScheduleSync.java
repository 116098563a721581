package dev.margintopup.schedule;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.check.AccountConfigEvents;
import dev.margintopup.ledger.Ledger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;

/**
 * Keeps one Scheduler schedule per account in step with the Accounts table: created when an
 * item appears, updated when it changes, disabled when {@code enabled} is false, deleted when
 * the item goes or becomes invalid. The validated config rides in the schedule's input, so a
 * check needs no table read.
 */
public final class ScheduleSync {

    /** What one account's sync did. */
    public enum Action { CREATED, UPDATED, DISABLED, DELETED, REJECTED }

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSync.class);

    private final SchedulerClient scheduler;
    private final ScheduleSettings settings;
    private final AccountValidator validator;
    private final EventPublisher bus;
    private final Ledger ledger;
    private final Clock clock;

    public ScheduleSync(SchedulerClient scheduler, ScheduleSettings settings, AccountValidator validator,
            EventPublisher bus, Ledger ledger, Clock clock) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.validator = validator;
        this.bus = bus;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** An item was put or changed. */
    public Action upsert(AccountItem item) {
        Validation validation = validator.validate(item.attributes());
        if (validation instanceof Validation.Invalid invalid) {
            String accountId = invalid.accountId();
            LOG.warn("account item invalid; its schedule is removed until it is fixed: {}", invalid.problems());
            bus.publish(AccountConfigEvents.invalid(accountId, invalid.problems(), "schedule-sync", clock.instant()));
            if (AccountConfigEvents.isUsableAccountId(accountId)) {
                deleteSchedule(accountId);
                ledger.audit(accountId, "ACCOUNT_CONFIG_INVALID", null,
                        Ledger.details("problems", invalid.problems().toString(), "reportedBy", "schedule-sync"));
            }
            return Action.REJECTED;
        }
        Validation.Valid valid = (Validation.Valid) validation;
        AccountConfig config = valid.config();
        valid.warnings().forEach(w -> LOG.warn("account {}: {}", config.accountId(), w));
        Action action = putSchedule(config);
        ledger.audit(config.accountId(), "SCHEDULE_" + action.name(), null, Ledger.details(
                "rate", rateExpression(config.checkRateMinutes()),
                "state", config.enabled() ? "ENABLED" : "DISABLED",
                "warnings", String.join("; ", valid.warnings())));
        return action;
    }

    /** An item was deleted. */
    public Action remove(String accountId) {
        boolean existed = deleteSchedule(accountId);
        if (AccountConfigEvents.isUsableAccountId(accountId)) {
            ledger.audit(accountId, "SCHEDULE_DELETED", null, Ledger.details("existed", Boolean.toString(existed)));
        }
        return Action.DELETED;
    }

    /**
     * Repairs drift: every item gets its schedule, and schedules whose item is gone are deleted.
     * Run daily, and safe to run at any time.
     */
    public Map<String, Action> reconcile(List<AccountItem> items) {
        Map<String, Action> actions = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (AccountItem item : items) {
            String accountId = item.accountId();
            present.add(accountId);
            actions.put(accountId, upsert(item));
        }
        for (String scheduled : scheduledAccountIds()) {
            if (!present.contains(scheduled)) {
                actions.put(scheduled, remove(scheduled));
            }
        }
        return actions;
    }

    public Optional<software.amazon.awssdk.services.scheduler.model.GetScheduleResponse> schedule(String accountId) {
        try {
            return Optional.of(scheduler.getSchedule(b -> b.groupName(settings.group())
                    .name(ScheduleSettings.scheduleName(accountId))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Action putSchedule(AccountConfig config) {
        String name = ScheduleSettings.scheduleName(config.accountId());
        ScheduleState state = config.enabled() ? ScheduleState.ENABLED : ScheduleState.DISABLED;
        Target target = Target.builder()
                .arn(settings.checkerTargetArn())
                .roleArn(settings.roleArn())
                .input(checkInput(config))
                .retryPolicy(r -> r.maximumRetryAttempts(2).maximumEventAgeInSeconds(300))
                .deadLetterConfig(d -> d.arn(settings.deadLetterArn()))
                .build();
        String expression = rateExpression(config.checkRateMinutes());
        String description = "margin-topup check of account " + config.accountId();
        try {
            scheduler.createSchedule(b -> b.groupName(settings.group()).name(name)
                    .scheduleExpression(expression).state(state).description(description)
                    .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.NONE)
                    .target(target));
            LOG.info("schedule {} created ({}, {})", name, expression, state);
            return config.enabled() ? Action.CREATED : Action.DISABLED;
        } catch (ConflictException exists) {
            scheduler.updateSchedule(b -> b.groupName(settings.group()).name(name)
                    .scheduleExpression(expression).state(state).description(description)
                    .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.NONE)
                    .target(target));
            LOG.info("schedule {} updated ({}, {})", name, expression, state);
            return config.enabled() ? Action.UPDATED : Action.DISABLED;
        }
    }

    private boolean deleteSchedule(String accountId) {
        try {
            scheduler.deleteSchedule(b -> b.groupName(settings.group()).name(ScheduleSettings.scheduleName(accountId)));
            LOG.info("schedule of account {} deleted", accountId);
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private List<String> scheduledAccountIds() {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSchedulesResponse page = scheduler.listSchedules(b -> b.groupName(settings.group()).nextToken(token));
            for (ScheduleSummary summary : page.schedules()) {
                String id = ScheduleSettings.accountIdOf(summary.name());
                if (id != null) {
                    ids.add(id);
                }
            }
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return ids;
    }

    /** The checker's input as the schedule carries it ({@link CheckInput#forSchedule}). */
    static String checkInput(AccountConfig config) {
        return CheckInput.forSchedule(config);
    }

    static String rateExpression(int minutes) {
        return minutes == 1 ? "rate(1 minute)" : "rate(" + minutes + " minutes)";
    }
}
