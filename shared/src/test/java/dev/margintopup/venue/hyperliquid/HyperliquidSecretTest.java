package dev.margintopup.venue.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.connect.VenueFactory;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The secret's address is checked when the adapter is built, before any request: the checker
 * reports a bad one as a problem of the account's secret, naming the field and the format.
 */
class HyperliquidSecretTest {

    private static VenueException built(String apiKey) {
        return catchThrowableOfType(VenueException.class, () -> VenueFactory.create(HyperliquidVenue.NAME, null,
                new VenueCredentials(apiKey, "0x" + "ab".repeat(32), null), VenueFactory.defaultHttpClient(),
                Clock.systemUTC()));
    }

    @Test
    void anApiKeyThatIsNotAnAddressIsAConfigErrorNamingTheFormat() {
        for (String notAnAddress : new String[] {"my-api-key", "0x1234", "14791697260e4c9a71f18484c9f997b308e59325",
                "0x14791697260e4c9a71f18484c9f997b308e5932g"}) {
            VenueException refused = built(notAnAddress);

            assertThat(refused).as(notAnAddress).isNotNull();
            assertThat(refused.kind()).isEqualTo(VenueException.Kind.CONFIG);
            assertThat(refused.getMessage()).contains("apiKey").contains("0x and 40 hex digits")
                    .doesNotContain("abababab");
        }
    }

    @Test
    void anAddressInEitherCaseIsAccepted() {
        assertThat(built("0x14791697260e4c9a71f18484c9f997b308e59325")).isNull();
        assertThat(built("0x14791697260E4c9A71f18484C9f997B308e59325")).isNull();
    }
}
