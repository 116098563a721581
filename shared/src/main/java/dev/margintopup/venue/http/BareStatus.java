package dev.margintopup.venue.http;

import dev.margintopup.venue.VenueException.Kind;

/**
 * What an HTTP status says by itself, when the body is not the venue's error shape. Without that
 * body we cannot tell the venue refusing the request from a proxy or a wrong URL answering, so a
 * bare 4xx is no proof that nothing moved: only 401/403, 429 and 5xx say something on their own.
 */
public final class BareStatus {

    private BareStatus() {}

    public static Kind kind(int status) {
        if (status == 401 || status == 403) {
            return Kind.AUTH;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        return status >= 500 ? Kind.OUTCOME_UNKNOWN : Kind.BAD_RESPONSE;
    }
}
