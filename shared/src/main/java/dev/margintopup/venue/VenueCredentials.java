package dev.margintopup.venue;

import java.util.Objects;

/**
 * An API key pair from Secrets Manager. {@link #toString()} never prints the secret or the
 * passphrase, so a credentials object that reaches a log line or a message leaks nothing.
 *
 * @param passphrase required by OKX only; {@code null} elsewhere
 */
public record VenueCredentials(String apiKey, String apiSecret, String passphrase) {

    public VenueCredentials {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
    }

    @Override
    public String toString() {
        return "VenueCredentials[apiKey=" + redact(apiKey) + ", apiSecret=***, passphrase=***]";
    }

    /** The first four characters of a key, enough to tell keys apart in a log, never to use one. */
    public static String redact(String key) {
        return key.length() <= 8 ? "***" : key.substring(0, 4) + "***";
    }
}
