package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.aws.LambdaCheckInvoker;
import dev.margintopup.json.Json;
import dev.margintopup.tick.Tick;
import dev.margintopup.tick.TickRequest;
import dev.margintopup.ticker.TickHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The tick on real engines: it scans the Accounts table on the emulator and invokes the checker
 * through the AWS SDK's Lambda client, over HTTP, against Lambda's Invoke API on loopback
 * ({@link LocalLambdaEndpoint}: moto's Lambda and {@code sam local start-lambda} both need Docker),
 * which runs the real checker handler of the pipeline in-process. What the checker receives is
 * compared with what Scheduler would deliver from the schedule schedule-sync made for the same item.
 */
class TickIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    private static LocalLambdaEndpoint lambda;
    private static LambdaClient client;

    @BeforeAll
    static void startLambda() {
        lambda = LocalLambdaEndpoint.start(4);
        Function<String, String> checker = payload -> Json.write(fx.pipeline.invokeChecker(payload));
        lambda.function(fx.pipeline.resources().checkerTargetArn(), checker);
        // The client as the tick builds it (TickHandler): no retries of its own, the tick's instead.
        client = LambdaClient.builder().endpointOverride(lambda.uri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopLambda() {
        client.close();
        lambda.close();
    }

    @BeforeEach
    void clearInvocations() {
        lambda.clear();
    }

    private JsonNode tick(Instant minute) {
        TickHandler handler = new TickHandler(fx.pipeline.services().tick(
                new LambdaCheckInvoker(client, fx.pipeline.resources().checkerTargetArn())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String event = Json.write(Map.of(TickRequest.SCHEDULED_TIME, minute.toString()));
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LocalContext("tick"));
        lambda.awaitIdle(Duration.ofSeconds(60));
        return Json.read(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void only_enabled_due_valid_accounts_are_checked_once_each_with_the_input_their_schedule_would_carry() {
        Instant minute = fx.clock.instant().plus(Duration.ofMinutes(1));
        long minuteSinceEpoch = minute.getEpochSecond() / 60;
        PipelineFixture.Account everyMinute = fx.account(item -> {});
        PipelineFixture.Account breached = fx.account(item -> {});
        fx.breach(breached);
        PipelineFixture.Account dueEveryFive = accountWithCadence(5, minuteSinceEpoch, true);
        PipelineFixture.Account notDueEveryFive = accountWithCadence(5, minuteSinceEpoch, false);
        PipelineFixture.Account disabled = fx.account(item -> item.put("enabled", AttributeValue.fromBool(false)));
        Map<String, AttributeValue> bad = fx.item(fx.seedOnVenue("10000"));
        bad.put("accountId", s("acct-bad-" + minuteSinceEpoch));
        bad.put("triggerRatio", s("high"));
        fx.pipeline.putAccount(bad);

        JsonNode result = tick(minute);

        Map<String, List<LocalLambdaEndpoint.Invocation>> byAccount = lambda.accepted().stream()
                .collect(Collectors.groupingBy(i -> Json.read(i.payload()).path("accountId").asText()));
        Set<String> expected = Set.of(everyMinute.id(), breached.id(), dueEveryFive.id());
        assertThat(byAccount.keySet()).containsAll(expected)
                .doesNotContain(notDueEveryFive.id(), disabled.id(), "acct-bad-" + minuteSinceEpoch);
        assertThat(byAccount).allSatisfy((id, invocations) -> assertThat(invocations).as(id).hasSize(1));
        for (String id : expected) {
            LocalLambdaEndpoint.Invocation invocation = byAccount.get(id).getFirst();
            assertThat(invocation.invocationType()).isEqualTo("Event");
            assertThat(Json.read(invocation.payload())).as("what the checker received for " + id)
                    .isEqualTo(Json.read(fx.pipeline.scheduledInputIgnoringState(id, minute)));
        }
        assertThat(Json.read(byAccount.get(everyMinute.id()).getFirst().resultNow()).path("outcome").asText())
                .isEqualTo("NO_ACTION");
        assertThat(Json.read(byAccount.get(breached.id()).getFirst().resultNow()).path("outcome").asText())
                .as("the checker the tick invoked acts on a breach").isEqualTo("TOP_UP_REQUESTED");
        assertThat(result.path("invalid")).anySatisfy(skipped -> {
            assertThat(skipped.path("accountId").asText()).isEqualTo("acct-bad-" + minuteSinceEpoch);
            assertThat(skipped.path("reason").asText()).contains("triggerRatio");
        });
        assertThat(result.path("failed")).isEmpty();
    }

    @Test
    void a_throttled_invoke_is_retried_and_every_due_account_is_still_checked_once() {
        Instant minute = fx.clock.instant().plus(Duration.ofMinutes(2));
        PipelineFixture.Account first = fx.account(item -> {});
        PipelineFixture.Account second = fx.account(item -> {});
        lambda.throttleNext(3);

        JsonNode result = tick(minute);

        assertThat(lambda.throttled()).isEqualTo(3);
        assertThat(result.path("retries").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(result.path("failed")).isEmpty();
        Map<String, Long> checks = lambda.accepted().stream().collect(Collectors.groupingBy(
                i -> Json.read(i.payload()).path("accountId").asText(), Collectors.counting()));
        assertThat(checks).containsEntry(first.id(), 1L).containsEntry(second.id(), 1L)
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
        assertThat(result.path("queued").asInt()).isEqualTo(checks.size());
    }

    @Test
    void the_tick_s_priming_dry_run_reaches_lambda_and_runs_no_check() {
        new LambdaCheckInvoker(client, fx.pipeline.resources().checkerTargetArn()).dryRun();

        assertThat(lambda.dryRuns()).isEqualTo(1);
        assertThat(lambda.accepted()).isEmpty();
    }

    /** An account checked every {@code cadence} minutes whose offset falls on the minute, or not. */
    private static PipelineFixture.Account accountWithCadence(int cadence, long minuteSinceEpoch, boolean due) {
        for (int attempt = 0; attempt < 100; attempt++) {
            PipelineFixture.Account seeded = fx.seedOnVenue("10000");
            if (Tick.isDue(seeded.id(), cadence, minuteSinceEpoch) == due) {
                fx.storeKeys(seeded, seeded.apiSecret());
                Map<String, AttributeValue> item = fx.item(seeded);
                item.put("checkRateMinutes", n(Integer.toString(cadence)));
                fx.pipeline.putAccount(item);
                fx.pipeline.syncSchedules();
                return seeded;
            }
        }
        throw new AssertionError("no account id in 100 fell " + (due ? "on" : "off") + " the minute");
    }
}
