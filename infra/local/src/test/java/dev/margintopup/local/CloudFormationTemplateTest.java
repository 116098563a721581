package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.check.FastPolling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationTemplateTest {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());

    private final CloudFormationTemplate template = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1");

    @Test
    void resource_names_derive_from_the_stack_name() {
        assertThat(template.physicalName("AccountsTable")).isEqualTo("demo-accounts");
        assertThat(template.physicalName("LedgerTable")).isEqualTo("demo-ledger");
        assertThat(template.physicalName("EventBus")).isEqualTo("demo-events");
        assertThat(template.physicalName("CheckerScheduleGroup")).isEqualTo("demo-checks");
    }

    @Test
    void a_function_environment_merges_the_globals_and_resolves_references() {
        Map<String, String> environment = template.functionEnvironment("ScheduleSyncFunction");

        assertThat(environment)
                .containsEntry("ACCOUNTS_TABLE", "demo-accounts")
                .containsEntry("LEDGER_TABLE", "demo-ledger")
                .containsEntry("EVENT_BUS_NAME", "demo-events")
                .containsEntry("SECRET_PREFIX", "margin-topup")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "MarginTopup")
                .containsEntry("SCHEDULE_GROUP", "demo-checks")
                .containsEntry("CHECKER_TARGET_ARN", "arn:aws:lambda:eu-west-1:123456789012:function:demo-checker:live")
                .containsEntry("SCHEDULE_DLQ_ARN", "arn:aws:sqs:eu-west-1:123456789012:demo-schedule-dlq");
        assertThat(environment.get("SCHEDULER_ROLE_ARN")).startsWith("arn:aws:iam::123456789012:role/demo-");
    }

    @Test
    void the_transfer_lease_outlives_the_transfer_timeout() {
        int timeout = Integer.parseInt(template.resolveText(template.functionProperty("TransferFunction", "Timeout"), "Timeout"));
        int lease = Integer.parseInt(template.functionEnvironment("TransferFunction").get("LEASE_SECONDS"));

        assertThat(lease).isGreaterThan(timeout);
    }

    @Test
    void the_checker_timeout_allows_fast_polling_up_to_its_last_poll_and_that_poll_whole() {
        int timeout = Integer.parseInt(template.resolveText(template.functionProperty("CheckerFunction", "Timeout"),
                "Timeout"));
        Duration longestRun = FastPolling.MAX_WINDOW.minus(FastPolling.MARGIN).plus(FastPolling.LONGEST_CHECK);

        assertThat(Duration.ofSeconds(timeout)).isGreaterThanOrEqualTo(longestRun);
    }

    @Test
    void parameter_overrides_replace_defaults() {
        var overridden = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1", Map.of("SecretPrefix", "desk-a"));

        assertThat(overridden.functionEnvironment("CheckerFunction")).containsEntry("SECRET_PREFIX", "desk-a");
        assertThat(overridden.conditionNamed("HasAlertEmail")).isFalse();
        assertThat(CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1", Map.of("AlertEmail", "ops@example.com"))
                        .conditionNamed("HasAlertEmail"))
                .isTrue();
    }

    @Test
    void sub_resolves_attributes_pseudo_parameters_and_escapes() {
        var parsed = CloudFormationTemplate.parse("""
                Parameters:
                  Prefix: {Type: String, Default: p}
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: {"Fn::Sub": "${AWS::StackName}-q"}
                  Thing:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName:
                        Fn::Sub:
                          - "${Prefix}/${Queue.Arn}/${AWS::Partition}/${Local}/${!Literal}"
                          - Local: {"Fn::Join": ["-", [a, {"Ref": "AWS::Region"}]]}
                """, "inline", "s", "us-east-2", Map.of());

        assertThat(parsed.physicalName("Thing"))
                .isEqualTo("p/arn:aws:sqs:us-east-2:123456789012:s-q/aws/a-us-east-2/${Literal}");
    }

    @Test
    void short_form_intrinsic_functions_are_rejected_with_the_line() {
        assertThatThrownBy(() -> CloudFormationTemplate.parse("""
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Properties:
                      Name: !Sub ${AWS::StackName}-events
                """, "inline", "s", "us-east-1", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 5")
                .hasMessageContaining("!Sub");
    }

    @Test
    void attributes_only_an_emulator_knows_are_refused_clearly() {
        assertThatThrownBy(() -> template.attribute("AccountsTable", "StreamArn"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("AccountsTable.StreamArn");
    }
}
