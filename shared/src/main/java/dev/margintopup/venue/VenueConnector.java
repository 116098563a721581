package dev.margintopup.venue;

import dev.margintopup.account.AccountConfig;
import java.util.Optional;

/**
 * Connects an account to its venue's adapter with the given credentials; the real one is
 * {@code venue.connect.VenueFactory.standardConnector}.
 */
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
}
