package dev.margintopup.venue.okx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * OKX publishes the recipe, an example secret and an example timestamp, but no expected
 * signature. The expected values are the DERIVED vectors of the venue fact sheet, computed
 * outside Java with {@code printf '%s' '<prehash>' | openssl dgst -sha256 -hmac '<secret>' -binary | base64}.
 */
class OkxSignerTest {

    private static final String SECRET = "22582BD0CFF14C41EDBF1AB98506286D";
    private static final String TIMESTAMP = "2020-12-08T09:08:57.715Z";

    @Test
    void signsGetWithTheQueryInTheRequestPathAndNoBody() {
        assertThat(OkxSigner.sign(SECRET, TIMESTAMP, "GET", "/api/v5/account/balance?ccy=BTC", ""))
                .isEqualTo("HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=");
    }

    @Test
    void signsPostOverTheExactJsonBody() {
        assertThat(OkxSigner.sign(SECRET, TIMESTAMP, "POST", "/api/v5/account/set-leverage",
                "{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}"))
                .isEqualTo("eCnnCgWLjlQ9XnpUkrcny3qNq3WW/81KNrDr/XR6Xv8=");
    }

    @Test
    void signsAFundsTransfer() {
        assertThat(OkxSigner.sign(SECRET, TIMESTAMP, "POST", "/api/v5/asset/transfer",
                "{\"ccy\":\"USDT\",\"amt\":\"1.5\",\"from\":\"6\",\"to\":\"18\"}"))
                .isEqualTo("7OFcs0I7SHLn61sAw2oaLL7w/nJckP3Z6pZRkAUowRA=");
    }

    @Test
    void aMissingBodySignsAsAnEmptyOne() {
        assertThat(OkxSigner.sign(SECRET, TIMESTAMP, "GET", "/api/v5/account/config", null))
                .isEqualTo(OkxSigner.sign(SECRET, TIMESTAMP, "GET", "/api/v5/account/config", ""));
    }

    @Test
    void timestampIsIsoUtcWithExactlyThreeFractionDigits() {
        assertThat(OkxSigner.timestamp(Instant.parse("2020-12-08T09:08:57.715Z"))).isEqualTo(TIMESTAMP);
        assertThat(OkxSigner.timestamp(Instant.parse("2020-12-08T09:08:57Z"))).isEqualTo("2020-12-08T09:08:57.000Z");
        assertThat(OkxSigner.timestamp(Instant.parse("2020-12-08T09:08:57.715999Z"))).isEqualTo(TIMESTAMP);
    }

    @Test
    void clientIdIsTheIntentUuidWithoutDashesAndAlwaysTheSame() {
        String intent = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        assertThat(OkxClientId.of(intent)).isEqualTo("3f2504e04f8911d39a0c0305e82c3301").hasSize(32);
        assertThat(OkxClientId.of(intent)).isEqualTo(OkxClientId.of(intent));
        assertThat(OkxClientId.isVenueShape(OkxClientId.of(intent))).isTrue();
    }

    @Test
    void aNonUuidIntentIdIsHashedToTheVenuesShape() {
        String clientId = OkxClientId.of("intent-1");
        assertThat(OkxClientId.isVenueShape(clientId)).isTrue();
        assertThat(clientId).hasSize(32).isEqualTo(OkxClientId.of("intent-1")).isNotEqualTo(OkxClientId.of("intent-2"));
    }
}
