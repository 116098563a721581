package dev.margintopup.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.account.KeyRef;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.venue.VenueCredentials;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SecretsCacheTest {

    private static final String CANARY = "CANARY-7f3a9c1e5b";
    private static final String SHARED_READ = "margin-topup/read-keys";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A key of a secret of the account's own: the secret's whole value. */
    private static VenueCredentials own(String secretId, String value) {
        return SecretsCache.credentials(KeyRef.ownSecret(secretId, "readSecretId"), SecretsCache.parse(secretId, value));
    }

    private static KeyRef shared(String name) {
        return new KeyRef(SHARED_READ, name, "readKeyName");
    }

    @Test
    void parsesTheDocumentedShape() {
        VenueCredentials c = own("margin-topup/read/a",
                "{\"apiKey\":\"key-123456789\",\"apiSecret\":\"" + CANARY + "\",\"passphrase\":\"pp\"}");
        assertThat(c.apiKey()).isEqualTo("key-123456789");
        assertThat(c.apiSecret()).isEqualTo(CANARY);
        assertThat(c.passphrase()).isEqualTo("pp");
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        VenueCredentials c = new VenueCredentials("key-123456789", CANARY, CANARY + "-pass");
        assertThat(c.toString()).doesNotContain(CANARY).doesNotContain("key-123456789");
    }

    @Test
    void malformedSecretErrorsNameTheSecretButNeverQuoteIt() {
        assertThatThrownBy(() -> own("margin-topup/read/a", "{\"apiKey\": " + CANARY))
                .isInstanceOf(SecretsCache.SecretUnusable.class)
                .hasMessageContaining("margin-topup/read/a")
                .hasMessageNotContaining(CANARY)
                .hasNoCause();
        assertThatThrownBy(() -> own("margin-topup/read/a", "{\"apiKey\":\"" + CANARY + "\"}"))
                .hasMessageContaining("apiSecret")
                .hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> own("margin-topup/read/a", "\"" + CANARY + "\""))
                .hasMessageContaining("not a JSON object")
                .hasMessageNotContaining(CANARY);
    }

    @Test
    void a_shared_secret_gives_each_account_the_key_it_names() {
        InMemorySecrets secrets = new InMemorySecrets().putValue(SHARED_READ,
                "{\"desk-1\":{\"apiKey\":\"k1\",\"apiSecret\":\"s1\"},"
                        + "\"desk-2\":{\"apiKey\":\"k2\",\"apiSecret\":\"s2\",\"passphrase\":\"p2\"}}");
        SecretsCache cache = secrets.cache(CLOCK);

        assertThat(cache.credentials(shared("desk-1")).apiKey()).isEqualTo("k1");
        VenueCredentials second = cache.credentials(shared("desk-2"));
        assertThat(second.apiKey()).isEqualTo("k2");
        assertThat(second.passphrase()).isEqualTo("p2");
    }

    @Test
    void one_read_of_a_shared_secret_serves_every_account_until_it_expires() {
        InMemorySecrets secrets = new InMemorySecrets().putValue(SHARED_READ,
                "{\"desk-1\":{\"apiKey\":\"k1\",\"apiSecret\":\"s1\"},\"desk-2\":{\"apiKey\":\"k2\",\"apiSecret\":\"s2\"}}");
        SecretsCache cache = secrets.cache(CLOCK);

        for (int i = 0; i < 3; i++) {
            cache.credentials(shared("desk-1"));
            cache.credentials(shared("desk-2"));
        }
        assertThat(secrets.reads()).isEqualTo(1);

        cache.evict(shared("desk-2"));
        cache.credentials(shared("desk-1"));
        assertThat(secrets.reads()).as("an evicted key refetches its whole secret").isEqualTo(2);
    }

    @Test
    void a_key_added_to_a_shared_secret_after_it_was_cached_is_read_at_once() {
        InMemorySecrets secrets = new InMemorySecrets().putValue(SHARED_READ,
                "{\"desk-1\":{\"apiKey\":\"k1\",\"apiSecret\":\"s1\"}}");
        SecretsCache cache = secrets.cache(CLOCK);
        cache.credentials(shared("desk-1"));

        secrets.putValue(SHARED_READ, "{\"desk-1\":{\"apiKey\":\"k1\",\"apiSecret\":\"s1\"},"
                + "\"desk-2\":{\"apiKey\":\"k2\",\"apiSecret\":\"s2\"}}");

        assertThat(cache.credentials(shared("desk-2")).apiKey()).isEqualTo("k2");
        assertThat(secrets.reads()).isEqualTo(2);
    }

    @Test
    void a_missing_shared_secret_says_how_to_create_it_with_the_key_it_lacks() {
        SecretsCache cache = new InMemorySecrets().cache(CLOCK);

        assertThatThrownBy(() -> cache.credentials(shared("desk-1")))
                .isInstanceOf(SecretsCache.SecretUnusable.class)
                .hasMessageContaining("secret " + SHARED_READ + " does not exist")
                .hasMessageContaining("--name " + SHARED_READ + " --secret-string '{\"desk-1\":{\"apiKey\"");
    }

    @Test
    void a_missing_or_malformed_shared_key_names_the_key_and_the_secret_but_never_a_value() {
        InMemorySecrets secrets = new InMemorySecrets().putValue(SHARED_READ,
                "{\"desk-1\":{\"apiKey\":\"" + CANARY + "\"},\"desk-2\":\"" + CANARY + "\","
                        + "\"desk-3\":{\"apiKey\":\"k3\",\"apiSecret\":\"" + CANARY + "\"}}");
        SecretsCache cache = secrets.cache(CLOCK);

        assertThatThrownBy(() -> cache.credentials(shared("desk-9")))
                .isInstanceOf(SecretsCache.SecretUnusable.class)
                .hasMessageContaining(SHARED_READ).hasMessageContaining("\"desk-9\"")
                .hasMessageNotContaining(CANARY).hasMessageNotContaining("k3");
        assertThatThrownBy(() -> cache.credentials(shared("desk-1")))
                .hasMessageContaining("\"desk-1\"").hasMessageContaining("apiSecret")
                .hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> cache.credentials(shared("desk-2")))
                .hasMessageContaining("\"desk-2\" is not a JSON object")
                .hasMessageNotContaining(CANARY);
    }
}
