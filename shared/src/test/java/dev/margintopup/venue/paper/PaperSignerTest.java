package dev.margintopup.venue.paper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaperSignerTest {

    private static final String SECRET = "paper-secret-123";

    // Expected values computed once outside Java, with:
    //   printf '%s' '<payload>' | openssl dgst -sha256 -hmac 'paper-secret-123'
    // so that the signer is checked against an independent HMAC implementation.

    @Test
    void signsPostAsTimestampMethodPathAndBody() {
        String body = "{\"clientId\":\"intent-1\",\"asset\":\"USDT\",\"amount\":\"12.50\",\"from\":\"FUNDING\",\"to\":\"FUTURES\"}";

        assertThat(PaperSigner.sign(SECRET, 1_700_000_000_000L, "POST", "/api/v1/transfers", body))
                .isEqualTo("3e6c144c7a22d666bef900bf42dcaca94f24fe31308d588d893ecb58f935d603");
    }

    @Test
    void signsGetWithQueryAndEmptyBody() {
        assertThat(PaperSigner.sign(SECRET, 1_700_000_000_000L, "GET",
                "/api/v1/margin?mode=cross&asset=USDT&source=FUNDING", ""))
                .isEqualTo("1043cac4b0f1ed6fa9171645e71f6e61d8798eeca5030ecbd5f827dff5e2326f");
    }

    @Test
    void treatsMissingBodyAsEmpty() {
        assertThat(PaperSigner.sign(SECRET, 1L, "GET", "/x", null))
                .isEqualTo(PaperSigner.sign(SECRET, 1L, "GET", "/x", ""));
    }
}
