package dev.margintopup.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.local.CloudFormationTemplate.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates in the emulator what {@code template.yaml} declares, so local runs and integration tests
 * use the same tables, bus, rules and queues as a deployed stack: every DynamoDB table (keys,
 * indexes, stream, TTL), every event bus, every schedule group, every SQS queue, and every
 * EventBridge rule ({@code AWS::Events::Rule} resources and the functions' {@code EventBridgeRule}
 * events) with the template's exact event pattern.
 *
 * <p>The emulators cannot invoke Lambda, so each rule's target is replaced by a queue of its own;
 * the local runner drains it into the handler the template names (see {@link RuleRoute}).
 * Running it again against the same emulator and stack name changes nothing.
 */
public final class EmulatorBootstrap {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCAL_TARGET_ID = "local-queue";

    private final CloudFormationTemplate template;
    private final DynamoDbClient dynamoDb;
    private final EventBridgeClient eventBridge;
    private final SchedulerClient scheduler;
    private final SqsClient sqs;

    private EmulatorBootstrap(
            CloudFormationTemplate template,
            DynamoDbClient dynamoDb,
            EventBridgeClient eventBridge,
            SchedulerClient scheduler,
            SqsClient sqs) {
        this.template = template;
        this.dynamoDb = dynamoDb;
        this.eventBridge = eventBridge;
        this.scheduler = scheduler;
        this.sqs = sqs;
    }

    /** Creates (or finds) everything for stack {@code stackName}, parameters at their defaults. */
    public static LocalResources create(Path template, String stackName, EmulatorConnection emulator) {
        return create(template, stackName, emulator, Map.of());
    }

    public static LocalResources create(
            Path template, String stackName, EmulatorConnection emulator, Map<String, String> parameterOverrides) {
        var loaded = CloudFormationTemplate.load(template, stackName, emulator.region().id(), parameterOverrides);
        try (DynamoDbClient dynamoDb = emulator.dynamoDb();
                EventBridgeClient eventBridge = emulator.eventBridge();
                SchedulerClient scheduler = emulator.scheduler();
                SqsClient sqs = emulator.sqs()) {
            return new EmulatorBootstrap(loaded, dynamoDb, eventBridge, scheduler, sqs).createAll();
        }
    }

    private LocalResources createAll() {
        var streamArns = new LinkedHashMap<String, String>();
        for (Resource table : template.resourcesOfType("AWS::DynamoDB::Table")) {
            TableDescription created = createTable(table);
            streamArns.put(created.tableName(), created.latestStreamArn());
        }
        template.resourcesOfType("AWS::Events::EventBus").forEach(this::createEventBus);
        template.resourcesOfType("AWS::Scheduler::ScheduleGroup").forEach(this::createScheduleGroup);
        var queueUrls = new LinkedHashMap<String, String>();
        for (Resource queue : template.resourcesOfType("AWS::SQS::Queue")) {
            queueUrls.put(queue.logicalId(), createQueue(template.physicalName(queue.logicalId())));
        }
        var functions = new LinkedHashMap<String, LocalFunction>();
        for (Resource function : template.resourcesOfType("AWS::Serverless::Function")) {
            functions.put(function.logicalId(), new LocalFunction(
                    function.logicalId(),
                    template.physicalName(function.logicalId()),
                    template.resolveText(template.functionProperty(function.logicalId(), "Handler"),
                            function.logicalId() + ".Handler"),
                    template.functionEnvironment(function.logicalId())));
        }
        var routes = new ArrayList<RuleRoute>();
        for (Resource rule : template.resourcesOfType("AWS::Events::Rule")) {
            routes.add(createRuleRoute(rule));
        }
        for (LocalFunction function : functions.values()) {
            routes.addAll(createFunctionRuleRoutes(function));
        }
        return localResources(streamArns, routes, functions, queueUrls);
    }

    // The functions' environment is the contract between template and code: read every value
    // from there rather than naming resources here.
    private LocalResources localResources(
            Map<String, String> streamArns,
            List<RuleRoute> routes,
            Map<String, LocalFunction> functions,
            Map<String, String> queueUrls) {
        var environment = new LinkedHashMap<String, String>();
        functions.values().forEach(function -> function.environment().forEach(environment::putIfAbsent));
        String accountsTable = required(environment, "ACCOUNTS_TABLE");
        String accountsStreamArn = streamArns.get(accountsTable);
        if (accountsStreamArn == null) {
            throw new IllegalStateException("the accounts table " + accountsTable + " has no stream in the emulator");
        }
        return new LocalResources(
                accountsTable,
                required(environment, "LEDGER_TABLE"),
                accountsStreamArn,
                required(environment, "EVENT_BUS_NAME"),
                required(environment, "SCHEDULE_GROUP"),
                required(environment, "SCHEDULER_ROLE_ARN"),
                required(environment, "CHECKER_TARGET_ARN"),
                required(environment, "SCHEDULE_DLQ_ARN"),
                required(environment, "SECRET_PREFIX"),
                routes,
                functions,
                queueUrls);
    }

    private static String required(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        if (value == null) {
            throw new IllegalStateException("no function in the template sets the environment variable " + variable);
        }
        return value;
    }

    private TableDescription createTable(Resource table) {
        JsonNode properties = template.resolve(table.properties());
        String name = template.physicalName(table.logicalId());
        var request = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(list(properties.path("AttributeDefinitions"), definition ->
                        AttributeDefinition.builder()
                                .attributeName(definition.path("AttributeName").asText())
                                .attributeType(definition.path("AttributeType").asText())
                                .build()))
                .keySchema(keySchema(properties.path("KeySchema")));
        if (properties.path("BillingMode").asText("PROVISIONED").equals("PAY_PER_REQUEST")) {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        } else {
            request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(properties.path("ProvisionedThroughput")));
        }
        JsonNode stream = properties.path("StreamSpecification");
        if (!stream.isMissingNode()) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(stream.path("StreamViewType").asText())
                    .build());
        }
        if (properties.path("GlobalSecondaryIndexes").size() > 0) {
            request.globalSecondaryIndexes(list(properties.path("GlobalSecondaryIndexes"), index ->
                    GlobalSecondaryIndex.builder()
                            .indexName(index.path("IndexName").asText())
                            .keySchema(keySchema(index.path("KeySchema")))
                            .projection(projection(index.path("Projection")))
                            .provisionedThroughput(index.has("ProvisionedThroughput")
                                    ? throughput(index.path("ProvisionedThroughput"))
                                    : null)
                            .build()));
        }
        if (properties.has("LocalSecondaryIndexes")) {
            throw new UnsupportedOperationException(table.logicalId() + " has LocalSecondaryIndexes: teach EmulatorBootstrap to create them");
        }
        try {
            dynamoDb.createTable(request.build());
        } catch (ResourceInUseException alreadyThere) {
            // Created by an earlier run.
        }
        dynamoDb.waiter().waitUntilTableExists(builder -> builder.tableName(name));
        JsonNode ttl = properties.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            String attribute = ttl.path("AttributeName").asText();
            var current = dynamoDb.describeTimeToLive(builder -> builder.tableName(name)).timeToLiveDescription();
            if (current.timeToLiveStatus() != TimeToLiveStatus.ENABLED || !attribute.equals(current.attributeName())) {
                dynamoDb.updateTimeToLive(builder -> builder.tableName(name)
                        .timeToLiveSpecification(spec -> spec.enabled(true).attributeName(attribute)));
            }
        }
        return dynamoDb.describeTable(builder -> builder.tableName(name)).table();
    }

    private static List<KeySchemaElement> keySchema(JsonNode keys) {
        return list(keys, key -> KeySchemaElement.builder()
                .attributeName(key.path("AttributeName").asText())
                .keyType(key.path("KeyType").asText())
                .build());
    }

    private static Projection projection(JsonNode projection) {
        var builder = Projection.builder().projectionType(projection.path("ProjectionType").asText("ALL"));
        if (projection.path("NonKeyAttributes").size() > 0) {
            builder.nonKeyAttributes(list(projection.path("NonKeyAttributes"), JsonNode::asText));
        }
        return builder.build();
    }

    private static ProvisionedThroughput throughput(JsonNode throughput) {
        return ProvisionedThroughput.builder()
                .readCapacityUnits(throughput.path("ReadCapacityUnits").asLong(5))
                .writeCapacityUnits(throughput.path("WriteCapacityUnits").asLong(5))
                .build();
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> element) {
        var elements = new ArrayList<T>();
        array.forEach(node -> elements.add(element.apply(node)));
        return elements;
    }

    private void createEventBus(Resource bus) {
        try {
            eventBridge.createEventBus(builder -> builder.name(template.physicalName(bus.logicalId())));
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // Created by an earlier run.
        }
    }

    private void createScheduleGroup(Resource group) {
        try {
            scheduler.createScheduleGroup(builder -> builder.name(template.physicalName(group.logicalId())));
        } catch (ConflictException alreadyThere) {
            // Created by an earlier run.
        }
    }

    private String createQueue(String name) {
        return sqs.createQueue(builder -> builder.queueName(name)).queueUrl();
    }

    private RuleRoute createRuleRoute(Resource rule) {
        JsonNode properties = rule.properties();
        String function = null;
        for (JsonNode target : properties.path("Targets")) {
            var targeted = template.functionTargetOf(target.path("Arn"));
            if (targeted.isPresent()) {
                function = targeted.get();
                break;
            }
        }
        return createRoute(
                template.physicalName(rule.logicalId()),
                busName(properties.path("EventBusName")),
                properties.path("EventPattern"),
                !properties.path("State").asText("ENABLED").equals("DISABLED"),
                function);
    }

    private List<RuleRoute> createFunctionRuleRoutes(LocalFunction function) {
        var routes = new ArrayList<RuleRoute>();
        template.resource(function.logicalId()).properties().path("Events").properties().forEach(event -> {
            JsonNode body = event.getValue();
            if (!body.path("Type").asText().equals("EventBridgeRule")) {
                return;
            }
            JsonNode properties = body.path("Properties");
            // SAM names the rule after RuleName, else after the function and event ids.
            String ruleName = properties.has("RuleName")
                    ? template.resolveText(properties.path("RuleName"), function.logicalId() + " event " + event.getKey() + " RuleName")
                    : truncate(template.stackName() + "-" + function.logicalId() + event.getKey(), 64);
            routes.add(createRoute(
                    ruleName,
                    busName(properties.path("EventBusName")),
                    properties.path("Pattern"),
                    !properties.path("State").asText("ENABLED").equals("DISABLED"),
                    function.logicalId()));
        });
        return routes;
    }

    private String busName(JsonNode eventBusName) {
        if (eventBusName.isMissingNode()) {
            return "default";
        }
        String name = template.resolveText(eventBusName, "EventBusName");
        // An ARN names the bus after its last "event-bus/".
        int slash = name.lastIndexOf("event-bus/");
        return slash >= 0 ? name.substring(slash + "event-bus/".length()) : name;
    }

    private RuleRoute createRoute(String ruleName, String busName, JsonNode pattern, boolean enabled, String functionLogicalId) {
        String queueName = truncate(ruleName.replaceAll("[^A-Za-z0-9_-]", "_"), 70) + "-local";
        String queueUrl = createQueue(queueName);
        String queueArn = sqs.getQueueAttributes(builder -> builder.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String eventPattern;
        try {
            eventPattern = JSON.writeValueAsString(template.resolve(pattern));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the event pattern of " + ruleName, e);
        }
        eventBridge.putRule(builder -> builder
                .name(ruleName)
                .eventBusName(busName)
                .eventPattern(eventPattern)
                .state(enabled ? RuleState.ENABLED : RuleState.DISABLED));
        eventBridge.putTargets(builder -> builder
                .rule(ruleName)
                .eventBusName(busName)
                .targets(Target.builder().id(LOCAL_TARGET_ID).arn(queueArn).build()));
        String handler = functionLogicalId == null
                ? null
                : template.resolveText(template.functionProperty(functionLogicalId, "Handler"), functionLogicalId + ".Handler");
        return new RuleRoute(ruleName, busName, queueUrl, functionLogicalId, handler);
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
