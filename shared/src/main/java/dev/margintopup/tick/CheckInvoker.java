package dev.margintopup.tick;

/**
 * Hands one account's check to the checker, asynchronously: it returns once the check is queued,
 * not when it ran. The AWS implementation is {@code aws.LambdaCheckInvoker} (Lambda {@code Invoke},
 * invocation type {@code Event}).
 */
@FunctionalInterface
public interface CheckInvoker {

    /**
     * Queues the checker with {@code input} (a {@code CheckRequest} as JSON).
     *
     * @throws Refused when the check was not queued; {@link Refused#retryable()} says whether
     *     trying again can help (throttled, a server error, no answer) or cannot (no such function,
     *     no permission, an input it will not take)
     */
    void invoke(String accountId, String input);

    /** The checker was not queued. Carries no input: the message names the account and the cause only. */
    final class Refused extends RuntimeException {

        private final boolean retryable;

        public Refused(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
