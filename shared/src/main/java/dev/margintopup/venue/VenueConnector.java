package dev.margintopup.venue;

import dev.margintopup.account.AccountConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;

/** Connects an account to its venue's adapter with the given credentials. */
@FunctionalInterface
public interface VenueConnector {

    MarginVenue connect(AccountConfig account, VenueCredentials credentials);

    /**
     * The public market data of the account's venue, where it offers recent candles; empty where
     * it does not (the checker then protects with the configured moves alone). Needs no key.
     */
    default Optional<CandleFeed> candleFeed(AccountConfig account) {
        return Optional.empty();
    }

    /**
     * The real adapters, sharing one HTTP client per container. An adapter is kept per venue,
     * endpoint and key for the life of the container: real venues' adapters check the account
     * mode and the key's permissions on first use and learn the venue's clock offset, which a
     * warm no-op check must not pay for again. A rotated key is a new key, so a new adapter.
     */
    static VenueConnector standard(Clock clock) {
        HttpClient http = VenueFactory.defaultHttpClient();
        java.util.Map<java.util.List<Object>, MarginVenue> adapters = new java.util.concurrent.ConcurrentHashMap<>();
        return (account, credentials) -> adapters.computeIfAbsent(
                java.util.Arrays.asList(account.venue(), account.venueEndpoint(), credentials),
                key -> VenueFactory.create(account.venue(), account.venueEndpoint(), credentials, http, clock));
    }
}
