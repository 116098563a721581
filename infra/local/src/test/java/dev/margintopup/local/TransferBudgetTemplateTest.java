package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.topup.TransferBudget;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The numbers that bound when money may be sent again are named once, in {@link TransferBudget};
 * template.yaml must deploy exactly those, and they must fit together (decision 0010).
 */
class TransferBudgetTemplateTest {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());

    private final CloudFormationTemplate template = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1");

    @Test
    void the_template_deploys_the_transfer_timeout_retries_and_lease_the_code_names() {
        assertThat(seconds(template.resolveText(template.functionProperty("TransferFunction", "Timeout"), "Timeout")))
                .isEqualTo(TransferBudget.FUNCTION_TIMEOUT);
        assertThat(template.functionProperty("TransferFunction", "EventInvokeConfig").path("MaximumRetryAttempts")
                .asInt(-1)).isEqualTo(TransferBudget.LAMBDA_RETRIES);
        assertThat(seconds(template.functionEnvironment("TransferFunction").get("LEASE_SECONDS")))
                .isEqualTo(TransferBudget.LEASE);
    }

    @Test
    void every_lease_the_template_allows_outlives_an_attempt_and_ends_before_lambdas_first_retry() {
        var lease = template.parameterDeclaration("LeaseSeconds");
        Duration shortest = Duration.ofSeconds(lease.path("MinValue").asLong());
        Duration longest = Duration.ofSeconds(lease.path("MaxValue").asLong());

        assertThat(shortest).as("a running attempt is never overtaken").isGreaterThan(TransferBudget.FUNCTION_TIMEOUT);
        assertThat(longest).as("a retry never finds the lease of the attempt it retries still live")
                .isPositive().isLessThanOrEqualTo(TransferBudget.LAMBDA_FIRST_RETRY_DELAY);
        assertThat(TransferBudget.LEASE).isBetween(shortest, longest);
    }

    @Test
    void the_attempts_the_protocol_needs_fit_in_one_delivery_and_one_republish_by_a_later_check() {
        assertThat(TransferBudget.ATTEMPTS_PER_DELIVERY).isEqualTo(1 + TransferBudget.LAMBDA_RETRIES);
        assertThat(TransferBudget.MAX_ATTEMPTS)
                .as("a retry must exist to reconcile what the first attempt could not tell")
                .isGreaterThan(1)
                .as("Lambda's retries and one TopUpRequested a later check publishes again")
                .isLessThanOrEqualTo(2 * TransferBudget.ATTEMPTS_PER_DELIVERY);
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value));
    }
}
