package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.n;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.schedule.ScheduleSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * The Accounts table drives the schedules: every put, change, pause and delete of an item reaches
 * Scheduler through the real table stream and schedule-sync, and the daily reconcile repairs drift.
 * Schedules are read back from the emulator's Scheduler, not from anything schedule-sync reports.
 */
class ScheduleSyncIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    @Test
    void putting_an_account_item_creates_an_enabled_schedule_that_checks_it_every_minute() {
        PipelineFixture.Account account = fx.account(item -> {});

        GetScheduleResponse schedule = scheduleOf(account);
        assertThat(schedule.state()).isEqualTo(ScheduleState.ENABLED);
        assertThat(schedule.scheduleExpression()).isEqualTo("rate(1 minute)");
        assertThat(schedule.target().arn()).as("the schedule invokes the checker")
                .isEqualTo(fx.pipeline.resources().checkerTargetArn());
        assertThat(schedule.target().roleArn()).as("Scheduler assumes the stack's scheduler role")
                .isEqualTo(fx.pipeline.resources().schedulerRoleArn());
        assertThat(schedule.target().deadLetterConfig().arn()).as("invocations Scheduler gives up on are kept")
                .isEqualTo(fx.pipeline.resources().scheduleDlqArn());
        assertThat(schedule.target().input()).as("Scheduler fills in the time of each check")
                .contains("<aws.scheduler.scheduled-time>");

        JsonNode input = Json.read(schedule.target().input());
        assertThat(input.path("accountId").asText()).isEqualTo(account.id());
        assertThat(input.path("scheduledTime").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
        JsonNode embedded = input.path("account");
        assertThat(embedded.path("accountId").asText()).isEqualTo(account.id());
        assertThat(embedded.path("venue").asText()).isEqualTo("paper");
        assertThat(embedded.path("venueEndpoint").asText()).isEqualTo(fx.venue.baseUrl());
        assertThat(embedded.path("marginMode").asText()).isEqualTo("cross");
        assertThat(embedded.path("triggerRatio").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(embedded.path("targetRatio").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(embedded.path("maxTransfer").decimalValue()).isEqualByComparingTo("5000");
        assertThat(embedded.path("checkRateMinutes").asInt()).isEqualTo(1);
        assertThat(embedded.path("readSecretId").asText()).isEqualTo("margin-topup/read/" + account.id());
        assertThat(embedded.path("enabled").asBoolean()).isTrue();

        assertThat(auditKinds(account)).as("the audit trail records the new schedule").contains("SCHEDULE_CREATED");
    }

    @Test
    void the_created_schedule_fires_a_check_the_checker_accepts() {
        PipelineFixture.Account account = fx.account(item -> {});

        PipelineFixture.assertOutcome(fx.nextCheck(account), "NO_ACTION");
    }

    @Test
    void changing_the_check_rate_updates_the_schedule_and_the_config_it_carries() {
        PipelineFixture.Account account = fx.account(item -> {});

        Map<String, AttributeValue> changed = fx.item(account);
        changed.put("checkRateMinutes", n("5"));
        changed.put("targetRatio", n("0.55"));
        sync(changed);

        GetScheduleResponse schedule = scheduleOf(account);
        assertThat(schedule.scheduleExpression()).isEqualTo("rate(5 minutes)");
        assertThat(schedule.state()).isEqualTo(ScheduleState.ENABLED);
        JsonNode embedded = Json.read(schedule.target().input()).path("account");
        assertThat(embedded.path("checkRateMinutes").asInt()).as("the schedule carries the new config").isEqualTo(5);
        assertThat(embedded.path("targetRatio").decimalValue()).isEqualByComparingTo("0.55");
        assertThat(auditKinds(account)).containsSubsequence("SCHEDULE_CREATED", "SCHEDULE_UPDATED");
    }

    @Test
    void disabling_an_account_disables_its_schedule_so_no_check_fires() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);

        Map<String, AttributeValue> paused = fx.item(account);
        paused.put("enabled", AttributeValue.fromBool(false));
        sync(paused);

        GetScheduleResponse schedule = scheduleOf(account);
        assertThat(schedule.state()).as("a paused account keeps its schedule, disabled").isEqualTo(ScheduleState.DISABLED);
        assertThat(Json.read(schedule.target().input()).path("account").path("enabled").asBoolean()).isFalse();
        fx.clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(fx.pipeline.fireCheck(account.id(), fx.clock.instant()))
                .as("Scheduler does not fire a disabled schedule").isEmpty();
        fx.pipeline.deliverEvents();
        assertThat(fx.venueTransfers(account)).as("a paused account moves nothing, even in breach").isEmpty();
        assertThat(auditKinds(account)).containsSubsequence("SCHEDULE_CREATED", "SCHEDULE_DISABLED");
    }

    @Test
    void enabling_a_paused_account_again_enables_its_schedule() {
        PipelineFixture.Account account = fx.account(item -> item.put("enabled", AttributeValue.fromBool(false)));
        assertThat(scheduleOf(account).state()).isEqualTo(ScheduleState.DISABLED);

        sync(fx.item(account));

        assertThat(scheduleOf(account).state()).isEqualTo(ScheduleState.ENABLED);
        assertThat(auditKinds(account)).containsSubsequence("SCHEDULE_DISABLED", "SCHEDULE_UPDATED");
    }

    @Test
    void deleting_an_account_item_deletes_its_schedule() {
        PipelineFixture.Account account = fx.account(item -> {});
        assertThat(fx.schedule(account.id())).isPresent();

        fx.pipeline.deleteAccount(account.id());
        fx.pipeline.syncSchedules();

        assertThat(fx.schedule(account.id())).as("GetSchedule answers ResourceNotFound").isEmpty();
        assertThat(fx.scheduleNames()).doesNotContain(ScheduleSettings.scheduleName(account.id()));
        assertThat(auditKinds(account)).containsSubsequence("SCHEDULE_CREATED", "SCHEDULE_DELETED");
    }

    @Test
    void the_audit_trail_records_an_account_from_creation_to_deletion() {
        PipelineFixture.Account account = fx.account(item -> {});
        Map<String, AttributeValue> item = fx.item(account);
        item.put("checkRateMinutes", n("5"));
        sync(item);
        item.put("enabled", AttributeValue.fromBool(false));
        sync(item);
        fx.pipeline.deleteAccount(account.id());
        fx.pipeline.syncSchedules();

        List<AuditEntry> trail = fx.pipeline.ledger().auditTrail(account.id());
        assertThat(trail).extracting(AuditEntry::kind)
                .containsExactly("SCHEDULE_CREATED", "SCHEDULE_UPDATED", "SCHEDULE_DISABLED", "SCHEDULE_DELETED");
        assertThat(trail.get(1).details()).containsEntry("rate", "rate(5 minutes)").containsEntry("state", "ENABLED");
        assertThat(trail.get(2).details()).containsEntry("state", "DISABLED");
    }

    @Test
    void the_daily_reconcile_recreates_a_schedule_deleted_behind_its_back() {
        PipelineFixture.Account account = fx.account(item -> item.put("checkRateMinutes", n("5")));
        fx.deleteScheduleBehindSyncsBack(account.id());
        assertThat(fx.schedule(account.id())).isEmpty();

        JsonNode result = fx.pipeline.invokeScheduleSync("{\"reconcile\": true}");

        assertThat(result.path("reconciled").path(account.id()).asText()).isEqualTo("CREATED");
        GetScheduleResponse schedule = scheduleOf(account);
        assertThat(schedule.state()).isEqualTo(ScheduleState.ENABLED);
        assertThat(schedule.scheduleExpression()).isEqualTo("rate(5 minutes)");
        assertThat(schedule.target().arn()).isEqualTo(fx.pipeline.resources().checkerTargetArn());
        assertThat(Json.read(schedule.target().input()).path("account").path("accountId").asText())
                .isEqualTo(account.id());
        assertThat(auditKinds(account)).containsSubsequence("SCHEDULE_CREATED", "SCHEDULE_CREATED");
    }

    @Test
    void the_daily_reconcile_deletes_a_schedule_whose_account_item_is_gone() {
        PipelineFixture.Account account = fx.account(item -> {});
        // The item goes, and the stream record of its removal never reaches schedule-sync.
        fx.pipeline.deleteAccount(account.id());
        assertThat(fx.schedule(account.id())).isPresent();

        JsonNode result = fx.pipeline.invokeScheduleSync("{\"reconcile\": true}");

        assertThat(result.path("reconciled").path(account.id()).asText()).isEqualTo("DELETED");
        assertThat(fx.schedule(account.id())).as("an orphaned schedule is deleted").isEmpty();
        assertThat(auditKinds(account)).containsSubsequence("SCHEDULE_CREATED", "SCHEDULE_DELETED");

        // The late stream record finds nothing left to delete.
        fx.pipeline.syncSchedules();
        assertThat(fx.schedule(account.id())).isEmpty();
    }

    @Test
    void the_daily_reconcile_leaves_an_intact_schedule_as_it_was() {
        PipelineFixture.Account account = fx.account(item -> item.put("checkRateMinutes", n("15")));
        GetScheduleResponse before = scheduleOf(account);

        fx.pipeline.invokeScheduleSync("{\"reconcile\": true}");

        GetScheduleResponse after = scheduleOf(account);
        assertThat(after.state()).isEqualTo(before.state());
        assertThat(after.scheduleExpression()).isEqualTo("rate(15 minutes)");
        assertThat(Json.read(after.target().input())).isEqualTo(Json.read(before.target().input()));
    }

    private static void sync(Map<String, AttributeValue> item) {
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
    }

    private static GetScheduleResponse scheduleOf(PipelineFixture.Account account) {
        return fx.schedule(account.id())
                .orElseThrow(() -> new AssertionError("account " + account.id() + " has no schedule"));
    }

    private static List<String> auditKinds(PipelineFixture.Account account) {
        return fx.pipeline.ledger().auditTrail(account.id()).stream().map(AuditEntry::kind).toList();
    }
}
