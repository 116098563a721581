package dev.margintopup.venue.http;

import dev.margintopup.venue.VenueCredentials;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every adapter is built from: the account item's {@code venueEndpoint} ({@code null} for
 * the venue's own address), the key, the shared HTTP client, our clock and the request timeout.
 */
public record Connection(
        String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout) {

    public Connection {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The base URL to use: {@code venueEndpoint} when given, else {@code venueAddress}; checked now. */
    public String baseUrlOr(String venueAddress) {
        return Wire.baseUrl(baseUrl, venueAddress);
    }

    /** What scrubs this key from anything that reaches a message. */
    public Redaction redaction() {
        return new Redaction(credentials);
    }
}
