package dev.margintopup.venue;

import dev.margintopup.account.AccountConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Connects an account to its venue's adapter with the given credentials. */
@FunctionalInterface
public interface VenueConnector {

    MarginVenue connect(AccountConfig account, VenueCredentials credentials);

    /** The real adapters, sharing one HTTP client per container. */
    static VenueConnector standard(Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        return (account, credentials) ->
                VenueFactory.create(account.venue(), account.venueEndpoint(), credentials, http, clock);
    }
}
