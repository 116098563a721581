package dev.margintopup.local;

import dev.margintopup.check.CheckRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * The emulator stores schedules but never fires them. This does what Scheduler would at a given
 * time: take an enabled schedule's target input and fill in its context attributes.
 */
public final class ScheduleFirer {

    /** One invocation Scheduler would make: the schedule and the exact payload the target receives. */
    public record Firing(String scheduleName, String targetArn, String payload) {}

    private final SchedulerClient scheduler;
    private final String group;

    public ScheduleFirer(SchedulerClient scheduler, String group) {
        this.scheduler = scheduler;
        this.group = group;
    }

    /** The firing of one schedule at {@code at}, or empty when it does not exist or is disabled. */
    public Optional<Firing> fire(String scheduleName, Instant at) {
        GetScheduleResponse schedule;
        try {
            schedule = scheduler.getSchedule(b -> b.groupName(group).name(scheduleName));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        if (schedule.state() != ScheduleState.ENABLED) {
            return Optional.empty();
        }
        return Optional.of(new Firing(scheduleName, schedule.target().arn(), fill(schedule.target().input(), at)));
    }

    /** The payload the schedule's target would receive at {@code at}, whatever the schedule's state. */
    public Optional<String> inputOf(String scheduleName, Instant at) {
        try {
            return Optional.of(fill(scheduler.getSchedule(b -> b.groupName(group).name(scheduleName)).target().input(),
                    at));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Firings of every enabled schedule of the group at {@code at}. */
    public List<Firing> fireAll(Instant at) {
        List<Firing> firings = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSchedulesResponse page = scheduler.listSchedules(b -> b.groupName(group).nextToken(token));
            for (ScheduleSummary summary : page.schedules()) {
                fire(summary.name(), at).ifPresent(firings::add);
            }
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return firings;
    }

    /** Scheduler's context attribute for the scheduled time, filled in as the service does at each invocation. */
    public static String fill(String input, Instant scheduledTime) {
        return input.replace(CheckRequest.SCHEDULED_TIME_PLACEHOLDER,
                scheduledTime.truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
