package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.json.Json;
import dev.margintopup.local.PipelineFixture.Account;
import dev.margintopup.local.smoke.LambdaSmoke;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each deployable jar works on its own: the function runs in a JVM of its own whose classpath is
 * its shaded jar plus a tiny harness ({@link LambdaSmoke}) and nothing else, the way the Lambda
 * runtime loads it — handler class by name, no-argument constructor, {@code handleRequest} —
 * with the environment template.yaml gives it. A class, service file (the SLF4J provider) or SDK
 * resource the shading left out, or a client a function's pom no longer declares, shows up here and nowhere else: every other test runs the
 * handlers on the build's full classpath.
 *
 * <p>The jars are built by the same reactor run (package phase) before these tests.
 */
class ShadedJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    /** The harness's class files, the only thing on a child's classpath besides the jar. */
    private static Path harness;

    private static PipelineFixture fixture;

    @BeforeAll
    static void start() throws IOException {
        harness = work.resolve("harness");
        copyHarness(harness);
        fixture = new PipelineFixture().start();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void schedule_sync_jar_alone_creates_the_schedule_of_an_inserted_account() {
        Account account = fixture.seedOnVenue("10000");
        Map<String, AttributeValue> item = fixture.item(account);

        Run run = runJar("schedule-sync", "ScheduleSyncFunction", insertRecord(item));

        JsonNode record = run.result().path("records").path(0);
        assertThat(record.path("action").asText()).as("schedule-sync result %s", run.result()).isEqualTo("CREATED");
        assertThat(record.path("accountId").asText()).isEqualTo(account.id());
        assertThat(fixture.schedule(account.id())).as("the schedule in the emulator").isPresent();
        assertLogged(run, "ScheduleSyncFunction", "created");
    }

    @Test
    void checker_and_transfer_jars_alone_top_up_a_breached_account_once() {
        Account account = fixture.account(item -> {});

        Run healthy = runJar("checker", "CheckerFunction", fixture.nextCheckInput(account));
        PipelineFixture.assertOutcome(healthy.result(), "NO_ACTION");
        // A no-op check logs nothing; its outcome goes to the metrics.
        assertCheckMetric(healthy, "NO_ACTION");

        fixture.breach(account);
        Run breached = runJar("checker", "CheckerFunction", fixture.nextCheckInput(account));
        PipelineFixture.assertOutcome(breached.result(), "TOP_UP_REQUESTED");
        assertCheckMetric(breached, "TOP_UP_REQUESTED");
        assertLogged(breached, "CheckerFunction", "top-up requested");

        List<JsonNode> requested = fixture.pipeline.drainEvents("TopUpRequested");
        assertThat(requested).as("TopUpRequested events on the transfer function's rule").hasSize(1);
        assertThat(requested.getFirst().path("detail").path("accountId").asText()).isEqualTo(account.id());

        Run transfer = runJar("transfer", "TransferFunction", Json.write(requested.getFirst()));
        PipelineFixture.assertOutcome(transfer.result(), "CONFIRMED");
        assertLogged(transfer, "TransferFunction", "top-up confirmed");
        assertThat(fixture.venueTransfers(account)).as("transfers the paper venue saw").hasSize(1);
    }

    @Test
    void tick_jar_alone_scans_the_accounts_and_invokes_the_checker_through_the_lambda_client() {
        Account account = fixture.account(item -> {});
        String minute = fixture.clock.instant().plus(Duration.ofMinutes(1)).toString();

        Run run = runJar("tick", "TickFunction", "{\"scheduledTime\": \"" + minute + "\"}");

        // The emulator runs no Lambda function (that needs Docker): its Invoke answers 404, which the
        // tick reports by account. What matters here is that the jar's Scan, validation, input
        // building and Lambda client (request and error answer) all load and run.
        assertThat(run.result().path("scheduledTime").asText()).as("tick result %s", run.result()).isEqualTo(minute);
        assertThat(run.result().path("invalid")).as("tick result %s", run.result()).isEmpty();
        assertThat(run.result().path("failed")).as("tick result %s", run.result()).anySatisfy(failed -> {
            assertThat(failed.path("accountId").asText()).isEqualTo(account.id());
            assertThat(failed.path("reason").asText()).contains("Lambda refused").contains("404");
        });
        assertLogged(run, "TickFunction", "checks queued");
    }

    // ---------------------------------------------------------------- one function, one JVM

    /** What the child JVM gave back: its exit status, its logged JSON lines and its result. */
    record Run(int exitStatus, List<JsonNode> logLines, JsonNode result, String stdout, String stderr) {}

    /**
     * Runs {@code logicalId}'s handler from {@code functions/<module>}'s shaded jar with
     * {@code event} and checks what every healthy invocation shows: exit status 0, a result, and
     * no complaint from SLF4J (or a logging library that slipped back in) on stderr.
     */
    private static Run runJar(String module, String logicalId, String event) {
        LocalFunction function = fixture.pipeline.resources().functions().get(logicalId);
        assertThat(function).as("function %s in template.yaml", logicalId).isNotNull();
        Path jar = shadedJar(module);

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + harness,
                LambdaSmoke.class.getName(),
                function.handler());
        Map<String, String> env = builder.environment();
        // Nothing from the test JVM's environment: only what the template and the runtime set.
        env.clear();
        env.putAll(function.environment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "smoke");
        EmulatorConnection emulator = EmulatorConnection.fromEnvironment();
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        env.put("AWS_REGION", emulator.region().id());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");

        Path dir = work;
        Run run;
        try {
            Path in = Files.createTempFile(dir, module + "-event", ".json");
            Path out = Files.createTempFile(dir, module + "-stdout", ".txt");
            Path err = Files.createTempFile(dir, module + "-stderr", ".txt");
            Files.writeString(in, event, StandardCharsets.UTF_8);
            Process process = builder.redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(module + " jar did not finish within " + TIMEOUT + "; stdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            run = parse(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + module + " ran", e);
        }
        System.out.println("---- " + module + " (" + jar.getFileName() + ") stdout:\n" + run.stdout());
        System.out.println("---- " + module + " stderr:\n" + run.stderr());

        String shown = "\nstdout:\n" + run.stdout() + "\nstderr:\n" + run.stderr();
        assertThat(run.exitStatus()).as("exit status of %s's jar run alone%s", module, shown).isZero();
        assertThat(run.result()).as("%s's result line%s", module, shown).isNotNull();
        assertThat(run.stderr())
                .as("SLF4J complains on stderr when the jar lacks its provider (Log4j's status logger, should"
                        + " Log4j come back, when it lacks a plugin)%s", shown)
                .doesNotContain("StatusLogger")
                .doesNotContain("SLF4J");
        return run;
    }

    /**
     * The run logged {@code message} as a structured line in Powertools' Lambda field names, with
     * the invocation's fields: SLF4J found the product's JSON-lines provider inside the jar.
     */
    private static void assertLogged(Run run, String logicalId, String message) {
        String functionName = fixture.pipeline.resources().functions().get(logicalId).functionName();
        assertThat(run.logLines())
                .as("a structured log line (level, message, service, function_name) containing '%s'; stdout:%n%s",
                        message, run.stdout())
                .anySatisfy(line -> {
                    assertThat(line.path("level").asText()).isEqualTo("INFO");
                    assertThat(line.path("message").asText()).contains(message);
                    assertThat(line.path("service").asText()).isEqualTo("margin-topup");
                    assertThat(line.path("function_name").asText()).isEqualTo(functionName);
                    assertThat(line.path("function_request_id").asText()).isNotEmpty();
                });
    }

    /** The run wrote its check to CloudWatch as an EMF line: the metrics library works inside the jar. */
    private static void assertCheckMetric(Run run, String outcome) {
        assertThat(run.logLines())
                .as("an EMF metrics line for a %s check; stdout:%n%s", outcome, run.stdout())
                .anySatisfy(line -> {
                    assertThat(line.path("_aws").path("CloudWatchMetrics").isArray()).isTrue();
                    assertThat(line.path("Outcome").asText()).isEqualTo(outcome);
                    assertThat(line.path("Checks").asDouble()).isEqualTo(1.0);
                });
    }

    private static Run parse(int exitStatus, String stdout, String stderr) {
        List<JsonNode> logLines = new ArrayList<>();
        JsonNode result = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith(LambdaSmoke.RESULT_MARKER)) {
                result = Json.read(line.substring(LambdaSmoke.RESULT_MARKER.length()));
            } else if (line.startsWith("{")) {
                try {
                    logLines.add(Json.read(line));
                } catch (RuntimeException notJson) {
                    // A plain line that happens to start with a brace is not a structured log line.
                }
            }
        }
        return new Run(exitStatus, logLines, result, stdout, stderr);
    }

    static Path shadedJar(String module) {
        Path target = Repository.root().resolve("functions").resolve(module).resolve("target");
        List<Path> jars;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jars = files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (jars.size() != 1) {
            throw new AssertionError("expected exactly one shaded jar functions/" + module + "/target/"
                    + module + "-*-lambda.jar, found " + jars + ". It is built in the package phase: run"
                    + " ./mvnw -pl infra/local -am verify (not -pl infra/local alone, and not test-compile)");
        }
        return jars.getFirst();
    }

    /** The harness's class files alone, out of test-classes, so no other project class is visible. */
    private static void copyHarness(Path into) throws IOException {
        Path classes;
        try {
            classes = Path.of(LambdaSmoke.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String packagePath = LambdaSmoke.class.getPackageName().replace('.', '/');
        Path from = classes.resolve(packagePath);
        Path to = Files.createDirectories(into.resolve(packagePath));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith(LambdaSmoke.class.getSimpleName())
                    && p.getFileName().toString().endsWith(".class")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        try (Stream<Path> copied = Files.list(to)) {
            assertThat(copied.count()).as("harness classes copied from %s", from).isGreaterThanOrEqualTo(1);
        }
    }

    /** A DynamoDB stream INSERT record for {@code item}, as the Accounts stream would deliver it. */
    private static String insertRecord(Map<String, AttributeValue> item) {
        ObjectNode event = Json.object();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("eventID", "1");
        record.put("eventName", "INSERT");
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", EmulatorConnection.fromEnvironment().region().id());
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.set("Keys", DynamoJson.image(Map.of("accountId", item.get("accountId"))));
        dynamodb.set("NewImage", DynamoJson.image(item));
        dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
        record.put("eventSourceARN", fixture.pipeline.resources().accountsStreamArn());
        return Json.write(event);
    }
}
