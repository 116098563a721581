package dev.margintopup.topup;

/**
 * The outcome is not known yet (the venue timed out, throttled us, or its history may lag).
 * Thrown so the invocation fails and Lambda retries it after the lease expired; the retry
 * reconciles before it sends anything.
 */
public class RetryLater extends RuntimeException {

    public RetryLater(String message) {
        super(message);
    }
}
