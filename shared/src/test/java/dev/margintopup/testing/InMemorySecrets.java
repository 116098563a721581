package dev.margintopup.testing;

import dev.margintopup.secrets.SecretsCache;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets Manager's one call the services make, in memory, behind the real {@link SecretsCache}:
 * a secret that is not stored answers as Secrets Manager does, with ResourceNotFoundException.
 */
public final class InMemorySecrets implements SecretsManagerClient {

    private final Map<String, String> values = new HashMap<>();
    private int reads;

    /** Stores a key pair as the user would, as JSON. */
    public InMemorySecrets put(String secretId, String apiKey, String apiSecret) {
        values.put(secretId, "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + apiSecret + "\"}");
        return this;
    }

    /** Stores a secret's value as given: a shared secret's object of named keys, or a malformed one. */
    public InMemorySecrets putValue(String secretId, String value) {
        values.put(secretId, value);
        return this;
    }

    public InMemorySecrets delete(String secretId) {
        values.remove(secretId);
        return this;
    }

    /** How often a secret was fetched (the cache's misses). */
    public synchronized int reads() {
        return reads;
    }

    public SecretsCache cache(Clock clock) {
        return new SecretsCache(this, clock);
    }

    @Override
    public synchronized GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        reads++;
        String value = values.get(request.secretId());
        if (value == null) {
            throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.")
                    .build();
        }
        return GetSecretValueResponse.builder().name(request.secretId()).secretString(value).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
