package dev.margintopup.venue;

import dev.margintopup.account.AccountConfig;

/**
 * Connects an account to its venue's adapter with the given credentials; the real one is
 * {@code venue.connect.VenueFactory.standardConnector}.
 */
@FunctionalInterface
public interface VenueConnector {

    MarginVenue connect(AccountConfig account, VenueCredentials credentials);
}
