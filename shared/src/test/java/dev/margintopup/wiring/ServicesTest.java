package dev.margintopup.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.schedule.ScheduleSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Each function's container builds the SDK clients its own service uses, and no other. */
class ServicesTest {

    private final List<String> built = new ArrayList<>();

    private final Services services = new Services(
            client("DynamoDB", DynamoDbClient.builder()),
            client("EventBridge", EventBridgeClient.builder()),
            client("SecretsManager", SecretsManagerClient.builder()),
            client("Scheduler", SchedulerClient.builder()),
            Clock.systemUTC(),
            new Services.Environment("accounts", "ledger", "bus", "margin-topup", Duration.ofDays(365),
                    Duration.ofSeconds(60), new ScheduleSettings("group", "arn:checker", "arn:role", "arn:dlq")));

    @Test
    void the_checker_builds_no_scheduler_client() {
        services.checkService();

        assertThat(built).containsExactlyInAnyOrder("DynamoDB", "EventBridge", "SecretsManager");
    }

    @Test
    void the_transfer_function_builds_no_scheduler_client() {
        services.transferService();

        assertThat(built).containsExactlyInAnyOrder("DynamoDB", "EventBridge", "SecretsManager");
    }

    @Test
    void schedule_sync_builds_no_secrets_manager_client() {
        services.scheduleSync();
        services.accountsTable();

        assertThat(built).containsExactlyInAnyOrder("Scheduler", "DynamoDB", "EventBridge");
    }

    @Test
    void a_client_is_built_once_however_many_services_use_it() {
        services.checkService();
        services.transferService();
        services.ledger();

        assertThat(built).doesNotHaveDuplicates();
    }

    /** A real client, pointed nowhere (building one makes no call), that records being built. */
    private <C> Supplier<C> client(String name, AwsClientBuilder<?, C> builder) {
        return () -> {
            built.add(name);
            builder.region(Region.US_EAST_1)
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .endpointOverride(URI.create("http://127.0.0.1:1"));
            if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
                sync.httpClient(UrlConnectionHttpClient.create());
            }
            return builder.build();
        };
    }
}
