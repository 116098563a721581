package dev.margintopup.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the SDK clients once per container: url-connection HTTP client (small, fast to start),
 * region from {@code AWS_REGION}, the default credentials chain (what SnapStart expects), and
 * {@code AWS_ENDPOINT_URL} when set — which is how everything runs against a local emulator
 * (moto, LocalStack, Floci) without code changes.
 */
public final class AwsClients {

    private AwsClients() {}

    public static Region region() {
        return Region.of(Optional.ofNullable(System.getenv("AWS_REGION")).filter(r -> !r.isBlank()).orElse("us-east-1"));
    }

    public static Optional<URI> endpointOverride() {
        return Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).filter(e -> !e.isBlank()).map(URI::create);
    }

    /**
     * A client from {@code builder} set up as every function's are. Generic, so that this class
     * names no service: a function's jar carries only the clients it builds (Services.forChecker, ...).
     */
    public static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(B builder) {
        builder.region(region()).httpClient(UrlConnectionHttpClient.create());
        endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** A required environment variable; a missing one is a deployment error that names itself. */
    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; it comes from template.yaml");
        }
        return value;
    }

    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
