package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Runs against the emulator infra/bin/test starts (AWS_ENDPOINT_URL). */
class EmulatorBootstrapIT {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmulatorConnection emulator;
    private static String stackName;
    private static LocalResources resources;
    private static DynamoDbClient dynamoDb;
    private static EventBridgeClient eventBridge;
    private static SqsClient sqs;

    @BeforeAll
    static void bootstrap() {
        if (System.getenv(EmulatorConnection.ENDPOINT_VARIABLE) == null) {
            fail("AWS_ENDPOINT_URL is not set: integration tests run against the emulator. Run them with"
                    + " infra/bin/test, which starts one, or point AWS_ENDPOINT_URL at a running moto/LocalStack.");
        }
        emulator = EmulatorConnection.fromEnvironment().requireReachable(Duration.ofSeconds(3));
        stackName = "it-" + UUID.randomUUID().toString().substring(0, 8);
        resources = EmulatorBootstrap.create(TEMPLATE, stackName, emulator);
        dynamoDb = emulator.dynamoDb();
        eventBridge = emulator.eventBridge();
        sqs = emulator.sqs();
    }

    @AfterAll
    static void closeClients() {
        for (AutoCloseable client : new AutoCloseable[] {dynamoDb, eventBridge, sqs}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception ignored) {
                // Closing a client of a finished test run.
            }
        }
    }

    @Test
    void the_accounts_table_is_keyed_by_account_and_streams_both_images() {
        TableDescription table = dynamoDb.describeTable(b -> b.tableName(resources.accountsTable())).table();

        assertThat(resources.accountsTable()).isEqualTo(stackName + "-accounts");
        assertThat(table.keySchema()).containsExactly(key("accountId", KeyType.HASH));
        assertThat(table.streamSpecification().streamEnabled()).isTrue();
        assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(resources.accountsStreamArn()).isEqualTo(table.latestStreamArn()).isNotBlank();
    }

    @Test
    void the_ledger_table_has_a_sort_key_and_expires_history_by_ttl() {
        TableDescription table = dynamoDb.describeTable(b -> b.tableName(resources.ledgerTable())).table();
        var ttl = dynamoDb.describeTimeToLive(b -> b.tableName(resources.ledgerTable())).timeToLiveDescription();

        assertThat(table.keySchema()).containsExactly(key("pk", KeyType.HASH), key("sk", KeyType.RANGE));
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void the_bus_the_schedule_group_and_the_dead_letter_queues_exist() {
        try (SchedulerClient scheduler = emulator.scheduler()) {
            assertThat(eventBridge.describeEventBus(b -> b.name(resources.eventBusName())).name())
                    .isEqualTo(resources.eventBusName());
            assertThat(scheduler.getScheduleGroup(b -> b.name(resources.scheduleGroup())).name())
                    .isEqualTo(resources.scheduleGroup());
        }
        String scheduleDlqName = resources.scheduleDlqArn().substring(resources.scheduleDlqArn().lastIndexOf(':') + 1);
        assertThat(sqs.getQueueUrl(b -> b.queueName(scheduleDlqName)).queueUrl()).isNotBlank();
        assertThat(resources.queueUrls()).hasSizeGreaterThanOrEqualTo(1).containsKey("ScheduleDlq");
    }

    @Test
    void every_function_event_rule_routes_to_the_handler_the_template_names() {
        assertThat(resources.routesTo("TransferFunction"))
                .singleElement()
                .satisfies(route -> {
                    assertThat(route.handler()).isEqualTo("dev.margintopup.transfer.TransferHandler::handleRequest");
                    assertThat(route.eventBusName()).isEqualTo(resources.eventBusName());
                });
        assertThat(resources.functions().get("CheckerFunction").handler())
                .isEqualTo("dev.margintopup.checker.CheckerHandler::handleRequest");
        assertThat(resources.route(stackName + "-event-history")).get()
                .satisfies(route -> assertThat(route.targetsFunction()).isFalse());
    }

    @Test
    void running_it_again_changes_nothing() {
        LocalResources again = EmulatorBootstrap.create(TEMPLATE, stackName, emulator);

        assertThat(again).isEqualTo(resources);
    }

    @Test
    void rules_keep_the_template_patterns() {
        RuleRoute transfer = resources.routesTo("TransferFunction").getFirst();
        RuleRoute history = resources.route(stackName + "-event-history").orElseThrow();
        purge(transfer, history);

        put("TopUpRequested", "{\"intentId\":\"i-1\"}");
        put("TopUpCompleted", "{\"intentId\":\"i-1\"}");

        assertThat(detailTypes(receive(history, 2))).containsExactlyInAnyOrder("TopUpRequested", "TopUpCompleted");
        assertThat(detailTypes(receive(transfer, 2))).containsExactly("TopUpRequested");
    }

    private static KeySchemaElement key(String attribute, KeyType type) {
        return KeySchemaElement.builder().attributeName(attribute).keyType(type).build();
    }

    private static void put(String detailType, String detail) {
        var response = eventBridge.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(resources.eventBusName())
                .source("margin-topup")
                .detailType(detailType)
                .detail(detail)
                .build()));
        assertThat(response.failedEntryCount()).isZero();
    }

    private static void purge(RuleRoute... routes) {
        for (RuleRoute route : routes) {
            receive(route, 0);
        }
    }

    // Collects what arrives until `expected` messages came and one more short wait found nothing
    // (so an extra, wrongly routed event would be seen), or ten seconds passed.
    private static List<Message> receive(RuleRoute route, int expected) {
        var received = new ArrayList<Message>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            var batch = sqs.receiveMessage(b -> b.queueUrl(route.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            batch.forEach(message -> sqs.deleteMessage(b -> b.queueUrl(route.queueUrl()).receiptHandle(message.receiptHandle())));
            received.addAll(batch);
            if (batch.isEmpty() && received.size() >= expected) {
                break;
            }
        }
        return received;
    }

    private static List<String> detailTypes(List<Message> messages) {
        return messages.stream().map(message -> {
            try {
                return JSON.readTree(message.body()).path("detail-type").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
