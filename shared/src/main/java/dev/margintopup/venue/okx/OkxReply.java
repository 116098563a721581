package dev.margintopup.venue.okx;

/**
 * What came back over the wire, before anyone decides what it means.
 *
 * @param retryAfter a Retry-After header if a proxy in front of OKX sent one, or {@code null}
 */
record OkxReply(int status, String body, String retryAfter) {}
