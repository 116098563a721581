package dev.margintopup.simulator;

import dev.margintopup.simulator.dynamo.SimDynamo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
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
                .httpClient(new SdkHttpClient() {
                    @Override
                    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                        return BACKEND.get().prepareRequest(request);
                    }

                    @Override
                    public void close() {}
                })
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .backoffStrategy(BackoffStrategy.retryImmediately())
                                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                                .circuitBreakerEnabled(false)
                                .build())
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                                FAULTS.get().beforeExecution(context, attributes);
                            }

                            @Override
                            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                    ExecutionAttributes attributes) {
                                return FAULTS.get().modifyHttpRequest(context, attributes);
                            }

                            @Override
                            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                                FAULTS.get().afterExecution(context, attributes);
                            }
                        })
                        .build())
                .build();
    }
}
