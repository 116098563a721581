package dev.margintopup.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.check.FastPolling;
import dev.margintopup.check.Sleeper;
import dev.margintopup.checker.CheckerHandler;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.schedulesync.ScheduleSyncHandler;
import dev.margintopup.ticker.TickHandler;
import dev.margintopup.transfer.TransferHandler;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.wiring.Services;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import dev.margintopup.aws.LambdaCheckInvoker;
import dev.margintopup.tick.TickRequest;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployed system, run in-process against an emulator: the resources come from
 * template.yaml, the real handler classes get the event shapes AWS would deliver, the Accounts
 * stream feeds schedule-sync, the schedules schedule-sync created are fired by hand, and events
 * reach their handlers through the template's own rules (rule → SQS queue → handler).
 *
 * <p>The functions' SDK clients count their calls ({@link #functionCalls()}); the pipeline's own
 * plumbing uses separate clients, so the counts are exactly what the functions would do.
 */
public final class LocalPipeline {

    /** One event that passed through a rule's queue, and what the target handler returned (if any). */
    public record Delivery(String rule, JsonNode event, JsonNode handlerResult, RuntimeException failure) {}

    /**
     * What the caller does around each check Lambda runs for the tick: set the scene for the account, run
     * {@code check} (the checker handler on the invocation's payload), note its result. Returning without running
     * it plays no check for that invocation.
     */
    @FunctionalInterface
    public interface AroundCheck {
        JsonNode check(String accountId, Supplier<JsonNode> check);

        AroundCheck RUN = (accountId, check) -> check.get();
    }

    private final LocalResources resources;
    private final CallCounter functionCalls = new CallCounter();
    private final DynamoDbClient plumbingDynamo;
    private final SqsClient sqs;
    private final SecretsManagerClient plumbingSecrets;
    private final StreamPump accountsStream;
    private final ScheduleFirer firer;
    private final Services services;
    private final CheckerHandler checker;
    private final TransferHandler transfer;
    private final ScheduleSyncHandler scheduleSync;
    private final TickHandler tick;
    private final List<Delivery> history = new CopyOnWriteArrayList<>();
    private volatile Consumer<Instant> beforeEachPoll = moment -> {};
    private final EmulatorConnection emulator;
    private LocalLambdaEndpoint lambda;
    private TickHandler deployedTick;
    private volatile AroundCheck aroundCheck = AroundCheck.RUN;

    private LocalPipeline(EmulatorConnection emulator, LocalResources resources, Clock clock, VenueConnector venues,
            Duration lease) {
        this.resources = resources;
        this.emulator = emulator;
        this.plumbingDynamo = emulator.dynamoDb();
        this.sqs = emulator.sqs();
        this.plumbingSecrets = emulator.configure(SecretsManagerClient.builder());
        this.accountsStream = new StreamPump(emulator.configure(DynamoDbStreamsClient.builder()),
                resources.accountsStreamArn(), emulator.region().id());
        this.firer = new ScheduleFirer(emulator.scheduler(), resources.scheduleGroup());
        this.services = new Services(
                emulator.configure(counted(DynamoDbClient.builder())),
                emulator.configure(counted(EventBridgeClient.builder())),
                emulator.configure(counted(SecretsManagerClient.builder())),
                emulator.configure(counted(SchedulerClient.builder())),
                clock,
                new Services.Environment(resources.accountsTable(), resources.ledgerTable(),
                        resources.eventBusName(), resources.secretPrefix(), Duration.ofDays(365), lease,
                        new ScheduleSettings(resources.scheduleGroup(), resources.checkerTargetArn(),
                                resources.schedulerRoleArn(), resources.scheduleDlqArn())));
        this.checker = new CheckerHandler(new FastPolling(services.checkService(venues), sleeper(clock)),
                services.metrics());
        this.transfer = new TransferHandler(services.transferService(venues));
        this.scheduleSync = new ScheduleSyncHandler(services.scheduleSync(), services.accountsTable());
        // The tick's asynchronous invoke, in-process: each check runs before the next is handed on.
        this.tick = new TickHandler(services.tick((accountId, input) -> invokeChecker(input)));
    }

    /** Creates the template's resources under {@code stackName} on the emulator and wires the functions. */
    public static LocalPipeline start(Path template, String stackName, Clock clock, VenueConnector venues,
            Duration lease) {
        EmulatorConnection emulator = EmulatorConnection.fromEnvironment().requireReachable(Duration.ofSeconds(5));
        LocalResources resources = EmulatorBootstrap.create(template, stackName, emulator);
        return new LocalPipeline(emulator, resources, clock, venues, lease);
    }

    /**
     * What a checker polling inside a watch band waits with: on a simulated clock, time jumps to
     * the poll (and {@link #beforeEachPoll} moves whatever should move by then); on a real clock,
     * the thread sleeps as in Lambda.
     */
    private Sleeper sleeper(Clock clock) {
        if (clock instanceof SimulatedClock simulated) {
            return moment -> {
                if (simulated.instant().isBefore(moment)) {
                    simulated.set(moment);
                }
                beforeEachPoll.accept(moment);
            };
        }
        return Sleeper.onClock(clock);
    }

    /** Runs {@code hook} with the poll's time before each fast poll of a checker (the runner moves the market). */
    public void beforeEachPoll(Consumer<Instant> hook) {
        this.beforeEachPoll = hook;
    }

    public LocalResources resources() {
        return resources;
    }

    public CallCounter functionCalls() {
        return functionCalls;
    }

    /** The functions' services, as wired for this pipeline (emulator clients that count their calls). */
    public Services services() {
        return services;
    }

    public Ledger ledger() {
        return services.ledger();
    }

    public AccountsTable accountsTable() {
        return services.accountsTable();
    }

    // ---------------------------------------------------------------- what a user does

    public void putAccount(Map<String, AttributeValue> item) {
        plumbingDynamo.putItem(b -> b.tableName(resources.accountsTable()).item(item));
    }

    public void deleteAccount(String accountId) {
        plumbingDynamo.deleteItem(b -> b.tableName(resources.accountsTable())
                .key(Map.of("accountId", AttributeValue.fromS(accountId))));
    }

    /** Stores a venue key the way a user would, under the stack's secret prefix. */
    public void putSecret(String name, String json) {
        try {
            plumbingSecrets.createSecret(b -> b.name(name).secretString(json));
        } catch (ResourceExistsException e) {
            plumbingSecrets.putSecretValue(b -> b.secretId(name).secretString(json));
        }
    }

    // ---------------------------------------------------------------- what AWS would do

    /** Delivers new Accounts-stream records to schedule-sync, as the stream event source mapping would. */
    public Optional<JsonNode> syncSchedules() {
        ObjectNode event = accountsStream.poll();
        return event == null ? Optional.empty() : Optional.of(invoke(scheduleSync, "schedule-sync", Json.write(event)));
    }

    /** What Scheduler delivers to the checker for this account at {@code at}; empty when no enabled schedule. */
    public Optional<String> scheduledInput(String accountId, Instant at) {
        return firer.fire(ScheduleSettings.scheduleName(accountId), at).map(ScheduleFirer.Firing::payload);
    }

    /** What a stale copy of the account's schedule would deliver, even if it is disabled now. */
    public String scheduledInputIgnoringState(String accountId, Instant at) {
        return firer.inputOf(ScheduleSettings.scheduleName(accountId), at)
                .orElseThrow(() -> new IllegalStateException("account " + accountId + " has no schedule"));
    }

    /** Fires the account's schedule at {@code at}; empty when it has none or it is disabled. */
    public Optional<JsonNode> fireCheck(String accountId, Instant at) {
        return scheduledInput(accountId, at).map(this::invokeChecker);
    }

    /**
     * One minute of the tick as deployed: the real tick handler Scans the emulator's Accounts table and
     * invokes the checker's alias with the AWS SDK's Lambda client ({@code Event}), over HTTP, against
     * Lambda's Invoke API on loopback ({@link LocalLambdaEndpoint}), which runs the checker handler of this
     * pipeline for each accepted invocation through {@code around}, one at a time once the tick has
     * returned, in {@code accountOrder} (Lambda keeps no order among asynchronous invocations; a caller
     * that moves a shared market between checks picks one). Returns the tick's result once every check
     * it queued has run.
     */
    public JsonNode tick(Instant minute, java.util.Comparator<String> accountOrder, AroundCheck around) {
        TickHandler handler = deployedTick();
        aroundCheck = around;
        try {
            JsonNode result = invoke(handler, "tick",
                    Json.write(Map.of(TickRequest.SCHEDULED_TIME, minute.toString())));
            lambda.runHeld(java.util.Comparator.comparing(
                    (LocalLambdaEndpoint.Invocation i) -> Json.read(i.payload()).path("accountId").asText(),
                    accountOrder), Duration.ofMinutes(5));
            return result;
        } finally {
            aroundCheck = AroundCheck.RUN;
        }
    }

    /** The loopback Lambda endpoint the tick invokes the checker on: started with the first tick. */
    public synchronized LocalLambdaEndpoint lambda() {
        if (lambda == null) {
            lambda = LocalLambdaEndpoint.start(4);
            lambda.holdEvents();
            lambda.function(resources.checkerTargetArn(), payload -> Json.write(aroundCheck.check(
                    Json.read(payload).path("accountId").asText(), () -> invokeChecker(payload))));
        }
        return lambda;
    }

    private synchronized TickHandler deployedTick() {
        if (deployedTick == null) {
            // As the tick function builds its client: no retries of the SDK's own, the tick retries itself.
            LambdaClient client = new EmulatorConnection(lambda().uri(), emulator.region(), emulator.credentials())
                    .configure(LambdaClient.builder().overrideConfiguration(ClientOverrideConfiguration.builder()
                            .addExecutionInterceptor(functionCalls)
                            .retryStrategy(AwsRetryStrategy.doNotRetry())
                            .apiCallAttemptTimeout(Duration.ofSeconds(5)).build()));
            deployedTick = new TickHandler(services.tick(new LambdaCheckInvoker(client, resources.checkerTargetArn())));
        }
        return deployedTick;
    }

    /**
     * Invokes a function of the template by its logical id ({@code CheckerFunction}) or its short
     * name ({@code checker}, the function name without the stack prefix).
     */
    public JsonNode invokeFunction(String nameOrLogicalId, String payload) {
        LocalFunction function = function(nameOrLogicalId);
        return invoke(handlerFor(function.handler()), function.functionName(), payload);
    }

    public LocalFunction function(String nameOrLogicalId) {
        String stackPrefix = resources.accountsTable().substring(0, resources.accountsTable().length() - "-accounts".length());
        return resources.functions().values().stream()
                .filter(f -> f.logicalId().equalsIgnoreCase(nameOrLogicalId)
                        || f.functionName().equalsIgnoreCase(nameOrLogicalId)
                        || f.functionName().equalsIgnoreCase(stackPrefix + "-" + nameOrLogicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function '" + nameOrLogicalId + "' in template.yaml;"
                        + " known: " + functionNames()));
    }

    /** The template's functions as {@code short-name (LogicalId)}. */
    public List<String> functionNames() {
        String stackPrefix = resources.accountsTable().substring(0, resources.accountsTable().length() - "-accounts".length());
        return resources.functions().values().stream()
                .map(f -> f.functionName().replaceFirst("^" + java.util.regex.Pattern.quote(stackPrefix + "-"), "")
                        + " (" + f.logicalId() + ")")
                .toList();
    }

    public JsonNode invokeChecker(String payload) {
        return invoke(checker, "checker", payload);
    }

    public JsonNode invokeTransfer(String payload) {
        return invoke(transfer, "transfer", payload);
    }

    public JsonNode invokeScheduleSync(String payload) {
        return invoke(scheduleSync, "schedule-sync", payload);
    }

    /**
     * Drains every rule's queue once: events for a function go to its handler; a handler that
     * throws is recorded as a failed delivery (Lambda would retry it later). Returns what was
     * delivered; everything also lands in {@link #history()}.
     */
    public List<Delivery> deliverEvents() {
        List<Delivery> delivered = new ArrayList<>();
        // Handlers publish events of their own (TopUpCompleted after TopUpRequested), so drain
        // until a whole pass over the queues finds nothing.
        boolean any = true;
        while (any) {
            any = false;
            for (RuleRoute route : resources.routes()) {
                for (Message message : receiveAll(route.queueUrl())) {
                    any = true;
                    delivered.add(deliver(route, message));
                }
            }
        }
        return delivered;
    }

    private Delivery deliver(RuleRoute route, Message message) {
        JsonNode event = Json.read(message.body());
        Delivery delivery = new Delivery(route.ruleName(), event, null, null);
        RequestStreamHandler handler = handlerFor(route.handler());
        if (handler != null) {
            try {
                delivery = new Delivery(route.ruleName(), event,
                        invoke(handler, route.targetFunctionLogicalId(), message.body()), null);
            } catch (RuntimeException e) {
                delivery = new Delivery(route.ruleName(), event, null, e);
            }
        }
        history.add(delivery);
        return delivery;
    }

    /**
     * Drains every rule's queue without invoking anything: for tests that deliver an event by
     * hand (twice, concurrently, after a simulated crash). The events still count as published.
     */
    public List<JsonNode> drainEvents(String detailType) {
        List<JsonNode> drained = new ArrayList<>();
        for (RuleRoute route : resources.routes()) {
            for (Message message : receiveAll(route.queueUrl())) {
                JsonNode event = Json.read(message.body());
                history.add(new Delivery(route.ruleName(), event, null, null));
                if (route.targetsFunction() && detailType.equals(event.path("detail-type").asText())) {
                    drained.add(event);
                }
            }
        }
        return drained;
    }

    /**
     * Every event of this type published so far, once each. Every event the service publishes
     * reaches at least the template's event-history rule, so the rule queues see them all.
     */
    public List<JsonNode> publishedEvents(String detailType) {
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        for (Delivery d : history) {
            if (detailType.equals(d.event().path("detail-type").asText())) {
                byId.putIfAbsent(d.event().path("id").asText(), d.event());
            }
        }
        return List.copyOf(byId.values());
    }

    public List<Delivery> history() {
        return List.copyOf(history);
    }

    private RequestStreamHandler handlerFor(String handler) {
        if (handler == null) {
            return null;
        }
        String className = handler.split("::")[0];
        if (className.equals(TransferHandler.class.getName())) {
            return transfer;
        }
        if (className.equals(CheckerHandler.class.getName())) {
            return checker;
        }
        if (className.equals(ScheduleSyncHandler.class.getName())) {
            return scheduleSync;
        }
        if (className.equals(TickHandler.class.getName())) {
            return tick;
        }
        throw new IllegalStateException("template.yaml routes events to " + handler + ", which is not a known handler");
    }

    private List<Message> receiveAll(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                all.add(m);
            }
        }
    }

    private static JsonNode invoke(RequestStreamHandler handler, String functionName, String payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext(functionName));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Json.read(out.toString(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- clients

    /** The functions' clients count their calls; the pipeline's own plumbing does not. */
    private <B extends software.amazon.awssdk.core.client.builder.SdkClientBuilder<B, C>, C> B counted(B builder) {
        return builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(functionCalls).build());
    }
}
