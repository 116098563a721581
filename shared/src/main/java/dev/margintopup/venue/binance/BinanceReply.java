package dev.margintopup.venue.binance;

/**
 * What came back over the wire, before anyone decides what it means.
 *
 * @param retryAfter the Retry-After header, or {@code null}
 * @param usedWeight the venue's used-weight headers ({@code X-MBX-USED-WEIGHT-*}, {@code X-SAPI-USED-*}), or ""
 */
record BinanceReply(int status, String body, String retryAfter, String usedWeight) {

    boolean ok() {
        return status >= 200 && status < 300;
    }
}
