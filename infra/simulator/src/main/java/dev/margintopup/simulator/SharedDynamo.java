package dev.margintopup.simulator;

import dev.margintopup.simulator.dynamo.SimDynamo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one real SDK DynamoDB client of a simulator thread. Building an SDK client costs more than
 * a whole check, and a history restores many containers, so every container of the histories a
 * thread plays shares this client; each history binds its own in-process table and its own fault
 * interceptor to the thread while it plays. The client keeps the SDK's standard retries (three
 * attempts) without their back-off sleep, which a simulated clock cannot skip, and signs nothing
 * (anonymous credentials): a signature costs time and the in-process table checks none.
 */
final class SharedDynamo {

    private static final ThreadLocal<SimDynamo> BACKEND = new ThreadLocal<>();
    private static final ThreadLocal<DynamoFaults> FAULTS = new ThreadLocal<>();
    private static final ThreadLocal<DynamoDbClient> CLIENT = ThreadLocal.withInitial(SharedDynamo::build);

    private SharedDynamo() {}

    /** The thread's client, now talking to {@code backend} with {@code faults} in its way. */
    static DynamoDbClient bind(SimDynamo backend, DynamoFaults faults) {
        BACKEND.set(backend);
        FAULTS.set(faults);
        return CLIENT.get();
    }

    static void unbind() {
        BACKEND.remove();
        FAULTS.remove();
    }

    private static DynamoDbClient build() {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://dynamodb.simulated"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(InProcessAws.boundTo(BACKEND::get))
                .overrideConfiguration(InProcessAws.overrides(FAULTS::get))
                .build();
    }
}
