package dev.margintopup.venue.paper;

/**
 * What came back over the wire, before anyone decides what it means.
 *
 * @param retryAfter the Retry-After header, or {@code null}
 */
record PaperReply(int status, String body, String retryAfter) {

    boolean ok() {
        return status >= 200 && status < 300;
    }
}
