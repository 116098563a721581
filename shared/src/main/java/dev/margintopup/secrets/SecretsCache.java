package dev.margintopup.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.KeyRef;
import dev.margintopup.json.Json;
import dev.margintopup.venue.VenueCredentials;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * API credentials from Secrets Manager, cached per container for a TTL so that a warm no-op
 * check makes no AWS call. A secret of an account's own is one key:
 *
 * <pre>{"apiKey": "...", "apiSecret": "...", "passphrase": "..."}</pre>
 *
 * ({@code passphrase} only for OKX); a deployment's shared secret (decision 0019) holds many,
 * by name, and one read of it serves every account the container checks:
 *
 * <pre>{"desk-1": {"apiKey": "...", "apiSecret": "..."}, "desk-2": {...}}</pre>
 *
 * No error raised here ever carries a secret's value or a parser message that could quote it.
 */
public final class SecretsCache {

    /**
     * An hour: at one check a minute a shorter TTL makes key reads a third of the service's cost.
     * A rotated key is still picked up at once, because a key the venue refuses is evicted and
     * fetched again before anything is reported.
     */
    public static final Duration TTL = Duration.ofHours(1);

    private record Cached(JsonNode value, Instant fetchedAt) {}

    private final SecretsManagerClient secrets;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SecretsCache(SecretsManagerClient secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    public VenueCredentials credentials(KeyRef key) {
        Instant now = clock.instant();
        Cached cached = cache.get(key.secretId());
        boolean stale = cached == null || !now.isBefore(cached.fetchedAt().plus(TTL))
                // A key added to a shared secret after it was cached (a new account) is read at once.
                || key.shared() && !cached.value().has(key.keyName());
        if (stale) {
            cached = new Cached(parse(key.secretId(), fetch(key)), now);
            cache.put(key.secretId(), cached);
        }
        return credentials(key, cached.value());
    }

    /**
     * Drops a cached key, e.g. after the venue rejected it, so a rotated key is picked up at once.
     * For a shared secret that is the whole secret: its next read brings every key up to date.
     */
    public void evict(KeyRef key) {
        cache.remove(key.secretId());
    }

    private String fetch(KeyRef key) {
        String secretId = key.secretId();
        String shape = "{\"apiKey\":\"...\",\"apiSecret\":\"...\"}";
        try {
            String value = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
            if (value == null) {
                throw new SecretUnusable(secretId, "has no string value (binary secrets are not supported)");
            }
            return value;
        } catch (ResourceNotFoundException e) {
            throw new SecretUnusable(secretId, "does not exist; create it with "
                    + "aws secretsmanager create-secret --name " + secretId
                    + " --secret-string '" + (key.shared() ? "{\"" + key.keyName() + "\":" + shape + "}" : shape) + "'");
        } catch (SecretsManagerException e) {
            throw new SecretUnusable(secretId, "could not be read (" + e.awsErrorDetails().errorCode()
                    + "); check that the function's role may read it");
        }
    }

    /** The secret's JSON object; whether it is one key or many is for the reference to say. */
    static JsonNode parse(String secretId, String value) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            // Deliberately drop the parser's message: it may quote the secret.
            throw new SecretUnusable(secretId, "is not JSON; expected {\"apiKey\":...,\"apiSecret\":...}");
        }
        if (node == null || !node.isObject()) {
            throw new SecretUnusable(secretId, "is not a JSON object; expected {\"apiKey\":...,\"apiSecret\":...}");
        }
        return node;
    }

    static VenueCredentials credentials(KeyRef key, JsonNode secret) {
        JsonNode node = secret;
        if (key.shared()) {
            node = secret.get(key.keyName());
            if (node == null) {
                throw new SecretUnusable(key.secretId(), "has no key \"" + key.keyName() + "\"; add"
                        + " \"" + key.keyName() + "\": {\"apiKey\":...,\"apiSecret\":...} to its JSON object");
            }
            if (!node.isObject()) {
                throw new SecretUnusable(key.secretId(), "key \"" + key.keyName()
                        + "\" is not a JSON object; expected {\"apiKey\":...,\"apiSecret\":...}");
            }
        }
        String apiKey = text(node, "apiKey");
        String apiSecret = text(node, "apiSecret");
        if (apiKey == null || apiSecret == null) {
            throw new SecretUnusable(key.secretId(), (key.shared() ? "key \"" + key.keyName() + "\" " : "")
                    + "must have non-empty string fields apiKey and apiSecret");
        }
        return new VenueCredentials(apiKey, apiSecret, text(node, "passphrase"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
    }

    /** A secret that is missing, unreadable or malformed. The message names the secret id, never its value. */
    public static final class SecretUnusable extends RuntimeException {
        private final String secretId;

        public SecretUnusable(String secretId, String problem) {
            super("secret " + secretId + " " + problem);
            this.secretId = secretId;
        }

        public String secretId() {
            return secretId;
        }
    }
}
