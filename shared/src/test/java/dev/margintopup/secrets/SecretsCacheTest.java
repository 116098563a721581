package dev.margintopup.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.venue.VenueCredentials;
import org.junit.jupiter.api.Test;

class SecretsCacheTest {

    private static final String CANARY = "CANARY-7f3a9c1e5b";

    @Test
    void parsesTheDocumentedShape() {
        VenueCredentials c = SecretsCache.parse("margin-topup/read/a",
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
        assertThatThrownBy(() -> SecretsCache.parse("margin-topup/read/a", "{\"apiKey\": " + CANARY))
                .isInstanceOf(SecretsCache.SecretUnusable.class)
                .hasMessageContaining("margin-topup/read/a")
                .hasMessageNotContaining(CANARY)
                .hasNoCause();
        assertThatThrownBy(() -> SecretsCache.parse("margin-topup/read/a", "{\"apiKey\":\"" + CANARY + "\"}"))
                .hasMessageContaining("apiSecret")
                .hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> SecretsCache.parse("margin-topup/read/a", "\"" + CANARY + "\""))
                .hasMessageContaining("not a JSON object")
                .hasMessageNotContaining(CANARY);
    }
}
