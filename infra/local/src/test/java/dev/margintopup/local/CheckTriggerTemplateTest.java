package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import dev.margintopup.tick.Tick;
import dev.margintopup.tick.TickRequest;
import dev.margintopup.ticker.TickHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Exactly one of the two triggers is deployed (CheckTrigger, decision 0032): the tick by default,
 * schedule-sync and its per-account schedules on request. The emulator enforces no IAM, so the
 * tick's narrow role is checked here: it may invoke the checker and scan the Accounts table, and
 * nothing else; the checker gains nothing from it.
 */
class CheckTriggerTemplateTest {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(?:\\.[A-Za-z0-9.]+)?}");

    private final CloudFormationTemplate byDefault = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1");
    private final CloudFormationTemplate perAccount = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1",
            Map.of("CheckTrigger", "per-account-schedules"));

    private static final List<String> TICK = List.of("TickFunction", "TickLogGroup", "TickErrorsMetricFilter",
            "TickErrorsAlarm");
    private static final List<String> SCHEDULES = List.of("ScheduleSyncFunction", "ScheduleSyncLogGroup",
            "CheckerScheduleGroup", "SchedulerInvokeRole");

    @Test
    void the_tick_is_the_default_trigger_and_nothing_of_the_per_account_schedules_is_deployed_with_it() {
        assertThat(byDefault.parameter("CheckTrigger")).isEqualTo("tick");
        TICK.forEach(id -> assertThat(byDefault.deploys(id)).as(id).isTrue());
        SCHEDULES.forEach(id -> assertThat(byDefault.deploys(id)).as(id).isFalse());
    }

    @Test
    void per_account_schedules_deploy_schedule_sync_and_its_schedule_group_and_no_tick() {
        SCHEDULES.forEach(id -> assertThat(perAccount.deploys(id)).as(id).isTrue());
        TICK.forEach(id -> assertThat(perAccount.deploys(id)).as(id).isFalse());
        assertThat(perAccount.parameterDeclaration("CheckTrigger").path("AllowedValues"))
                .extracting(JsonNode::asText).containsExactly("tick", "per-account-schedules");
    }

    @Test
    void under_either_trigger_no_deployed_resource_or_output_names_one_that_is_not_deployed() {
        for (CloudFormationTemplate template : List.of(byDefault, perAccount)) {
            for (String id : template.resources().keySet()) {
                if (template.deploys(id)) {
                    assertThat(missing(template, template.resource(id).properties()))
                            .as("%s under CheckTrigger %s", id, template.parameter("CheckTrigger")).isEmpty();
                }
            }
        }
        assertThat(missing(byDefault, byDefault.resource("ScheduleSyncFunction").properties()))
                .as("the check sees what a resource left out would name").contains("CheckerScheduleGroup",
                        "SchedulerInvokeRole");
        assertThat(byDefault.deploys("CheckerFunction")).as("the checker serves both").isTrue();
        assertThat(perAccount.deploys("CheckerFunction")).isTrue();
    }

    @Test
    void one_schedule_a_minute_runs_the_tick_with_the_minute_scheduler_fills_in() {
        JsonNode schedule = byDefault.resolve(byDefault.resource("TickFunction").properties()
                .path("Events").path("EveryMinute"));

        assertThat(schedule.path("Type").asText()).isEqualTo("ScheduleV2");
        assertThat(schedule.path("Properties").path("ScheduleExpression").asText()).isEqualTo("rate(1 minute)");
        JsonNode input = Json.read(schedule.path("Properties").path("Input").asText());
        assertThat(input.properties()).extracting(Map.Entry::getKey).containsExactly(TickRequest.SCHEDULED_TIME);
        assertThat(input.path(TickRequest.SCHEDULED_TIME).asText()).isEqualTo(CheckRequest.SCHEDULED_TIME_PLACEHOLDER);
        assertThat(schedule.path("Properties").path("DeadLetterConfig").path("Arn").asText())
                .isEqualTo(byDefault.attribute("ScheduleDlq", "Arn"));
    }

    @Test
    void a_failed_tick_is_not_run_again_since_the_next_minute_s_tick_hands_on_newer_checks() {
        JsonNode properties = byDefault.resolve(byDefault.resource("TickFunction").properties());

        assertThat(properties.path("EventInvokeConfig").path("MaximumRetryAttempts").asInt(-1)).isZero();
        assertThat(properties.path("Events").path("EveryMinute").path("Properties").path("RetryPolicy")
                .path("MaximumRetryAttempts").asInt(-1)).isZero();
    }

    @Test
    void the_tick_invokes_the_checker_s_alias_and_ends_before_the_next_minute_with_its_retries_inside() {
        assertThat(byDefault.functionEnvironment("TickFunction"))
                .containsEntry(TickHandler.CHECKER_FUNCTION_ARN, byDefault.functionAliasArn("CheckerFunction"));
        Duration timeout = Duration.ofSeconds(byDefault.functionProperty("TickFunction", "Timeout").asInt());
        assertThat(timeout).isLessThan(Duration.ofMinutes(1)).isGreaterThan(Tick.Settings.DEFAULT.budget());
        assertThat(byDefault.resolveText(byDefault.functionProperty("TickFunction", "Handler"), "Handler"))
                .isEqualTo(TickHandler.class.getName() + "::handleRequest");
    }

    @Test
    void the_tick_s_error_lines_reach_the_alert_topic_as_schedule_sync_s_account_config_invalid_would() {
        JsonNode filter = byDefault.resolve(byDefault.resource("TickErrorsMetricFilter").properties());
        JsonNode alarm = byDefault.resolve(byDefault.resource("TickErrorsAlarm").properties());

        assertThat(filter.path("LogGroupName").asText()).isEqualTo(byDefault.physicalName("TickLogGroup"));
        assertThat(filter.path("FilterPattern").asText()).contains("$.level = \"ERROR\"");
        JsonNode metric = filter.path("MetricTransformations").get(0);
        assertThat(alarm.path("Namespace").asText()).isEqualTo(metric.path("MetricNamespace").asText());
        assertThat(alarm.path("MetricName").asText()).isEqualTo(metric.path("MetricName").asText());
        assertThat(alarm.path("AlarmActions").get(0).asText()).isEqualTo(byDefault.resolveText(
                Json.MAPPER.createObjectNode().put("Ref", "AlertTopic"), "AlertTopic"));
    }

    @Test
    void the_tick_may_invoke_only_the_checker_and_only_scan_the_accounts_table() {
        List<String> grants = grants("TickFunction");

        assertThat(grants).containsExactlyInAnyOrder(
                "lambda:InvokeFunction on " + byDefault.functionAliasArn("CheckerFunction"),
                "dynamodb:Scan on " + byDefault.attribute("AccountsTable", "Arn"));
    }

    @Test
    void the_checker_gains_no_grant_to_invoke_or_to_read_the_accounts_table() {
        List<String> grants = grants("CheckerFunction");

        assertThat(grants).noneMatch(grant -> grant.startsWith("lambda:"));
        assertThat(grants).noneMatch(grant -> grant.contains(byDefault.attribute("AccountsTable", "Arn")));
    }

    /** Every "action on resource" a function's inline statements allow; a SAM policy template is listed by name. */
    private List<String> grants(String function) {
        List<String> grants = new ArrayList<>();
        for (JsonNode policy : byDefault.resolve(byDefault.functionProperty(function, "Policies"))) {
            if (!policy.has("Statement")) {
                grants.add("policy template " + policy.properties().iterator().next().getKey() + " on "
                        + policy.properties().iterator().next().getValue());
                continue;
            }
            for (JsonNode statement : policy.path("Statement")) {
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                for (JsonNode action : list(statement.path("Action"))) {
                    for (JsonNode resource : list(statement.path("Resource"))) {
                        grants.add(action.asText() + " on " + resource.asText());
                    }
                }
            }
        }
        return grants;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }

    /** The resources {@code node} refers to (Ref, Fn::GetAtt, Fn::Sub) that these parameters leave out. */
    private static Set<String> missing(CloudFormationTemplate template, JsonNode node) {
        Set<String> referenced = new TreeSet<>();
        collect(node, referenced);
        referenced.removeIf(id -> !template.resources().containsKey(id) || template.deploys(id));
        return referenced;
    }

    private static void collect(JsonNode node, Set<String> referenced) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                JsonNode value = entry.getValue();
                switch (entry.getKey()) {
                    case "Ref" -> referenced.add(value.asText().split("\\.", 2)[0]);
                    case "Fn::GetAtt" -> referenced.add(value.isArray() ? value.path(0).asText()
                            : value.asText().split("\\.", 2)[0]);
                    case "Fn::Sub" -> {
                        Matcher matcher = SUB_REFERENCE.matcher(value.isArray() ? value.path(0).asText() : value.asText());
                        while (matcher.find()) {
                            referenced.add(matcher.group(1));
                        }
                    }
                    default -> { }
                }
                // Fn::If picks a branch by a condition; both branches are checked alike, as cfn-lint does.
                collect(value, referenced);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, referenced));
        }
    }
}
