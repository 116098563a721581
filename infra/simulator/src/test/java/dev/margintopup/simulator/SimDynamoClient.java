package dev.margintopup.simulator;

import dev.margintopup.simulator.dynamo.SimDynamo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A real SDK client on one in-process table, for tests that call it from several threads. */
final class SimDynamoClient {

    private SimDynamoClient() {}

    static DynamoDbClient of(SimDynamo dynamo, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://dynamodb.simulated"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(dynamo)
                .overrideConfiguration(override.build())
                .build();
    }
}
