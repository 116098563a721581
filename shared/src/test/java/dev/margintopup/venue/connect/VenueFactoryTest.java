package dev.margintopup.venue.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceCandles;
import dev.margintopup.venue.bybit.BybitCandles;
import dev.margintopup.venue.hyperliquid.HyperliquidCandles;
import dev.margintopup.venue.okx.OkxCandles;
import dev.margintopup.venue.paper.PaperCandles;
import java.net.http.HttpClient;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class VenueFactoryTest {

    private static final VenueCredentials KEYS = new VenueCredentials("key-00000001", "secret", null);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void paperVenueIsBuiltForItsEndpoint() {
        MarginVenue venue = VenueFactory.create("paper", "http://127.0.0.1:8787/", KEYS, HTTP, Clock.systemUTC());

        assertThat(venue.name()).isEqualTo("paper");
    }

    @Test
    void paperVenueWithoutEndpointTellsTheUserToSetVenueEndpoint() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> VenueFactory.create("paper", " ", KEYS, HTTP, CLOCK));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("venueEndpoint", "account item");
    }

    @Test
    void endpointThatIsNotAnHttpUrlIsAConfigError() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> VenueFactory.create("paper", "127.0.0.1:8787", KEYS, HTTP, CLOCK));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
    }

    @Test
    void unknownVenueIsAConfigErrorListingTheSupportedOnes() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> VenueFactory.create("mtgox", "https://example.com", KEYS, HTTP, CLOCK));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("mtgox", "paper");
    }

    @Test
    void everyVenueWithAnAdapterIsSupported() {
        assertThat(VenueFactory.supportedVenues()).contains("paper", "binance-usdm", "bybit-v5", "okx-v5");
    }

    @Test
    void aRealVenueWithoutEndpointUsesItsProductionAddressAndWithOneItsTestnet() {
        assertThat(VenueFactory.create("bybit-v5", null, KEYS, HTTP, Clock.systemUTC()).name()).isEqualTo("bybit-v5");
        assertThat(VenueFactory.create("bybit-v5", "https://api-testnet.bybit.com", KEYS, HTTP, Clock.systemUTC())
                .name()).isEqualTo("bybit-v5");
    }

    @Test
    void everyVenueHasAPublicCandleFeedThePaperVenueOnlyAtItsEndpoint() {
        assertThat(VenueFactory.candleFeed("binance-usdm", null, HTTP, CLOCK)).get().isInstanceOf(BinanceCandles.class);
        assertThat(VenueFactory.candleFeed("bybit-v5", "https://api-testnet.bybit.com", HTTP, CLOCK)).get()
                .isInstanceOf(BybitCandles.class);
        assertThat(VenueFactory.candleFeed("okx-v5", "https://www.okx.com?x-simulated-trading=1", HTTP, CLOCK)).get()
                .isInstanceOf(OkxCandles.class);
        assertThat(VenueFactory.candleFeed("hyperliquid", null, HTTP, CLOCK)).get()
                .isInstanceOf(HyperliquidCandles.class);
        assertThat(VenueFactory.candleFeed("hyperliquid", "https://api.hyperliquid-testnet.xyz", HTTP, CLOCK)).get()
                .isInstanceOf(HyperliquidCandles.class);
        assertThat(VenueFactory.candleFeed("paper", "http://127.0.0.1:8787", HTTP, CLOCK)).get()
                .isInstanceOf(PaperCandles.class);
        assertThat(VenueFactory.candleFeed("paper", " ", HTTP, CLOCK)).isEmpty();
        assertThat(VenueFactory.candleFeed(null, null, HTTP, CLOCK)).isEmpty();
    }
}
