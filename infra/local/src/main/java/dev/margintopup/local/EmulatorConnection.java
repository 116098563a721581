package dev.margintopup.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the local AWS emulator (moto, LocalStack, Floci) listens and how to talk to it.
 *
 * <p>Built only from an explicit {@code AWS_ENDPOINT_URL}: nothing local ever falls back to the
 * real AWS endpoints, so no local command can create resources in a real account by accident.
 */
public record EmulatorConnection(URI endpoint, Region region, AwsCredentialsProvider credentials) {

    public static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

    /** Thrown when no emulator endpoint is configured or nothing answers there. */
    public static final class EmulatorUnavailableException extends RuntimeException {
        public EmulatorUnavailableException(String message) {
            super(message);
        }
    }

    public static EmulatorConnection fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Endpoint from {@code AWS_ENDPOINT_URL} (required), region from {@code AWS_REGION} or
     * {@code AWS_DEFAULT_REGION} (default us-east-1), credentials from {@code AWS_ACCESS_KEY_ID} /
     * {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN} when set, else dummy ones.
     */
    public static EmulatorConnection fromEnvironment(Map<String, String> environment) {
        String endpoint = blankToNull(environment.get(ENDPOINT_VARIABLE));
        if (endpoint == null) {
            throw new EmulatorUnavailableException(ENDPOINT_VARIABLE
                    + " is not set: the local environment only ever talks to an emulator. Run infra/bin/test"
                    + " (it starts one), or start moto/LocalStack yourself and set " + ENDPOINT_VARIABLE);
        }
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new EmulatorUnavailableException(ENDPOINT_VARIABLE + " is not an http(s) URL: " + endpoint);
        }
        String region = blankToNull(environment.get("AWS_REGION"));
        if (region == null) {
            region = blankToNull(environment.get("AWS_DEFAULT_REGION"));
        }
        return new EmulatorConnection(uri, Region.of(region == null ? "us-east-1" : region), credentials(environment));
    }

    private static AwsCredentialsProvider credentials(Map<String, String> environment) {
        String accessKey = blankToNull(environment.get("AWS_ACCESS_KEY_ID"));
        String secretKey = blankToNull(environment.get("AWS_SECRET_ACCESS_KEY"));
        String sessionToken = blankToNull(environment.get("AWS_SESSION_TOKEN"));
        AwsCredentials credentials;
        if (accessKey == null || secretKey == null) {
            credentials = AwsBasicCredentials.create("testing", "testing");
        } else if (sessionToken != null) {
            credentials = AwsSessionCredentials.create(accessKey, secretKey, sessionToken);
        } else {
            credentials = AwsBasicCredentials.create(accessKey, secretKey);
        }
        return StaticCredentialsProvider.create(credentials);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Fails with a clear message unless something answers HTTP at the endpoint. Any HTTP status
     * counts as an answer: emulators reply 404 or 400 to a bare GET.
     */
    public EmulatorConnection requireReachable(Duration timeout) {
        try {
            var connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            try {
                connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
            return this;
        } catch (IOException | IllegalArgumentException e) {
            throw new EmulatorUnavailableException("cannot reach the emulator at " + endpoint
                    + ": is it running? Unset " + ENDPOINT_VARIABLE
                    + " to let infra/bin/run and infra/bin/test start one, or point " + ENDPOINT_VARIABLE
                    + " at a running emulator"
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder());
    }

    public EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder());
    }

    public SchedulerClient scheduler() {
        return configure(SchedulerClient.builder());
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder());
    }

    /** Points any SDK v2 client builder at the emulator, with the url-connection HTTP client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
        return builder
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}
