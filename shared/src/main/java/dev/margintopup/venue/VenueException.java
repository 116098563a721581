package dev.margintopup.venue;

/**
 * A venue call that did not give a usable answer, typed so that callers decide by kind, not by
 * message. The message names the venue, the endpoint and the venue's code; it never carries a
 * key, a secret or a signature.
 */
public class VenueException extends RuntimeException {

    /** What went wrong, as far as moving money is concerned. */
    public enum Kind {
        /** Bad key, bad signature, or a key without the needed permission: fix the configuration. */
        AUTH,
        /** Our timestamp was outside the venue's receive window. */
        TIMESTAMP,
        /** The source wallet cannot cover the amount: nothing moved. */
        INSUFFICIENT_BALANCE,
        /** The venue throttled us: nothing happened, try later. */
        RATE_LIMITED,
        /** The venue definitively refused the request: nothing moved. */
        REJECTED,
        /** Timeout, 5xx, maintenance, lost response: the request may or may not have taken effect. */
        OUTCOME_UNKNOWN,
        /** The venue answered with something we cannot parse; for a transfer, treat as unknown. */
        BAD_RESPONSE,
        /** The account or key is set up in a way this product cannot use. */
        CONFIG
    }

    private final Kind kind;
    private final String venue;
    private final String endpoint;
    private final String venueCode;

    public VenueException(Kind kind, String venue, String endpoint, String venueCode, String message) {
        this(kind, venue, endpoint, venueCode, message, null);
    }

    public VenueException(
            Kind kind, String venue, String endpoint, String venueCode, String message, Throwable cause) {
        super(venue + " " + endpoint + " failed (" + kind + (venueCode == null ? "" : ", venue code " + venueCode)
                + "): " + message, cause);
        this.kind = kind;
        this.venue = venue;
        this.endpoint = endpoint;
        this.venueCode = venueCode;
    }

    public Kind kind() {
        return kind;
    }

    public String venue() {
        return venue;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The venue's own error code, or {@code null} where it gave none (timeouts, HTML pages). */
    public String venueCode() {
        return venueCode;
    }

    /** True when a transfer request may have taken effect despite the error: reconcile, never resend blind. */
    public boolean outcomeUnknown() {
        return kind == Kind.OUTCOME_UNKNOWN || kind == Kind.BAD_RESPONSE;
    }
}
