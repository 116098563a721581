package dev.margintopup.venue.connect;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceCandles;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import dev.margintopup.venue.bybit.BybitCandles;
import dev.margintopup.venue.bybit.BybitV5Venue;
import dev.margintopup.venue.hyperliquid.HyperliquidCandles;
import dev.margintopup.venue.hyperliquid.HyperliquidVenue;
import dev.margintopup.venue.okx.OkxCandles;
import dev.margintopup.venue.okx.OkxV5Venue;
import dev.margintopup.venue.paper.PaperCandles;
import dev.margintopup.venue.paper.PaperVenue;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the adapter an account item names in its {@code venue} field. It lives beside the
 * adapters, not in the port's package, so that the port knows no adapter.
 */
public final class VenueFactory {

    /** A venue that does not accept a connection within this is down; better to say so than to hang. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Set<String> SUPPORTED = Set.of(PaperVenue.NAME, BinanceUsdmVenue.NAME, BybitV5Venue.NAME, OkxV5Venue.NAME,
            HyperliquidVenue.NAME);

    private VenueFactory() {}

    /**
     * @param endpoint the account item's {@code venueEndpoint}; required for the paper venue,
     *     which has no address of its own
     * @throws VenueException of kind CONFIG for an unknown venue or a missing or bad endpoint
     */
    public static MarginVenue create(
            String venue, String endpoint, VenueCredentials credentials, HttpClient http, Clock clock) {
        if (venue == null || !SUPPORTED.contains(venue)) {
            throw new VenueException(Kind.CONFIG, String.valueOf(venue), "(none)", null,
                    "venue " + venue + " is not supported; supported venues are " + supportedVenues());
        }
        boolean hasEndpoint = endpoint != null && !endpoint.isBlank();
        if (hasEndpoint) {
            requireHttpUrl(venue, endpoint);
        }
        String baseUrl = hasEndpoint ? endpoint.strip() : null;
        return switch (venue) {
            case PaperVenue.NAME -> {
                if (baseUrl == null) {
                    throw new VenueException(Kind.CONFIG, venue, "(none)", null,
                            "the paper venue has no default address; set venueEndpoint on the account item to its"
                                    + " base URL, e.g. http://127.0.0.1:8787");
                }
                yield new PaperVenue(baseUrl, credentials, http, clock);
            }
            // Real venues: no venueEndpoint means the venue's production address; a testnet or a
            // local dialect server is given as venueEndpoint.
            case BinanceUsdmVenue.NAME -> new BinanceUsdmVenue(baseUrl, credentials, http, clock);
            case BybitV5Venue.NAME -> new BybitV5Venue(baseUrl, credentials, http, clock);
            case OkxV5Venue.NAME -> new OkxV5Venue(baseUrl, credentials, http, clock);
            case HyperliquidVenue.NAME -> new HyperliquidVenue(baseUrl, credentials, http, clock);
            default -> throw new IllegalStateException("venue " + venue + " is listed as supported but not built");
        };
    }

    /**
     * The real adapters, sharing one HTTP client per container. An adapter is kept per venue,
     * endpoint and key for the life of the container: real venues' adapters check the account
     * mode and the key's permissions on first use and learn the venue's clock offset, which a
     * warm no-op check must not pay for again. A rotated key is a new key, so a new adapter.
     */
    public static VenueConnector standardConnector(Clock clock) {
        HttpClient http = defaultHttpClient();
        Map<List<Object>, MarginVenue> adapters = new ConcurrentHashMap<>();
        return new VenueConnector() {
            @Override
            public MarginVenue connect(AccountConfig account, VenueCredentials credentials) {
                return adapters.computeIfAbsent(Arrays.asList(account.venue(), account.venueEndpoint(), credentials),
                        key -> create(account.venue(), account.venueEndpoint(), credentials, http, clock));
            }

            @Override
            public Optional<CandleFeed> candleFeed(AccountConfig account) {
                return VenueFactory.candleFeed(account.venue(), account.venueEndpoint(), http, clock);
            }
        };
    }

    /**
     * The venue's public one-minute candles, read without a key from the account item's
     * {@code venueEndpoint} or the venue's own address; empty for a venue without a feed here.
     *
     * @param clock the adapters' clock: Hyperliquid is asked for a time window ending now, not a count
     */
    public static Optional<CandleFeed> candleFeed(String venue, String endpoint, HttpClient http, Clock clock) {
        String baseUrl = endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
        return switch (String.valueOf(venue)) {
            case BinanceUsdmVenue.NAME -> Optional.of(new BinanceCandles(baseUrl, http, BinanceUsdmVenue.REQUEST_TIMEOUT));
            case BybitV5Venue.NAME -> Optional.of(new BybitCandles(baseUrl, http, BybitV5Venue.REQUEST_TIMEOUT));
            case OkxV5Venue.NAME -> Optional.of(new OkxCandles(baseUrl, http, OkxV5Venue.REQUEST_TIMEOUT));
            case HyperliquidVenue.NAME -> Optional.of(new HyperliquidCandles(baseUrl, http, clock,
                    HyperliquidVenue.REQUEST_TIMEOUT));
            // The paper venue has no address of its own: without an endpoint there is nothing to read.
            case PaperVenue.NAME -> baseUrl == null
                    ? Optional.empty()
                    : Optional.of(new PaperCandles(baseUrl, http, PaperVenue.REQUEST_TIMEOUT));
            default -> Optional.empty();
        };
    }

    public static Set<String> supportedVenues() {
        return SUPPORTED;
    }

    /** The HTTP client venue adapters share: one per process, reused across invocations. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static void requireHttpUrl(String venue, String endpoint) {
        try {
            URI uri = URI.create(endpoint.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new VenueException(Kind.CONFIG, venue, "(none)", null,
                "venueEndpoint on the account item must be an http or https URL, was " + endpoint);
    }
}
