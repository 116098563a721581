package dev.margintopup.venue.bybit;

/**
 * What came back over the wire, before anyone decides what it means.
 *
 * @param limitStatus the {@code X-Bapi-Limit-Status} header (requests left in the window), or {@code null}
 * @param limitReset the {@code X-Bapi-Limit-Reset-Timestamp} header (epoch ms), or {@code null}
 */
record BybitReply(int status, String body, String limitStatus, String limitReset) {}
