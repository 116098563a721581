package dev.margintopup.venue.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bybit publishes its strings to sign but not the secret behind its example signatures, so the
 * strings are checked against the published ones and the HMAC step against the DERIVED vectors
 * of the fact sheet (secret {@code XXXXXXXXXX}).
 */
class BybitSignerTest {

    private static final String KEY = "XXXXXXXXXX";
    private static final String SECRET = "XXXXXXXXXX";

    @Test
    void getStringToSignIsTimestampKeyWindowAndQueryAsPublished() {
        assertThat(BybitSigner.stringToSign(1658384314791L, KEY, 5000, "category=option&symbol=BTC-29JUL22-25000-C"))
                .isEqualTo("1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C");
    }

    @Test
    void postStringToSignIsTimestampKeyWindowAndBodyAsPublished() {
        assertThat(BybitSigner.stringToSign(1658385579423L, KEY, 5000, "{\"category\": \"option\"}"))
                .isEqualTo("1658385579423XXXXXXXXXX5000{\"category\": \"option\"}");
    }

    @Test
    void getSignatureMatchesTheDerivedVector() {
        assertThat(BybitSigner.sign(SECRET, 1658384314791L, KEY, 5000, "category=option&symbol=BTC-29JUL22-25000-C"))
                .isEqualTo("c00720f96c5934ca7057ac28ae65b823f83b8b67a8fe784e7795ca0fa3c148ec");
    }

    @Test
    void postSignatureMatchesTheDerivedVector() {
        assertThat(BybitSigner.sign(SECRET, 1658385579423L, KEY, 5000, "{\"category\": \"option\"}"))
                .isEqualTo("fbb4648b585b3e62de2c4eaecc8f3b6066aa18e98cc300eaff4d87f15b55724a");
    }

    @Test
    void aGetWithoutQuerySignsTheEmptyPayload() {
        assertThat(BybitSigner.stringToSign(1L, KEY, 5000, "")).isEqualTo("1XXXXXXXXXX5000");
        assertThat(BybitSigner.sign(SECRET, 1L, KEY, 5000, null)).hasSize(64).matches("[0-9a-f]{64}");
    }
}
