package dev.margintopup.topup;

import java.time.Duration;

/**
 * How many attempts a top-up gets and how long each may hold its intent: the numbers that bound
 * when money may be sent again, named once. template.yaml must agree (the transfer function's
 * {@code Timeout}, {@code EventInvokeConfig.MaximumRetryAttempts} and the {@code LeaseSeconds}
 * parameter); a test reads the template and fails when it does not. Why the numbers relate as
 * they do is decision 0010.
 */
public final class TransferBudget {

    /** The transfer function's timeout: no attempt runs longer than this. */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

    /** How often Lambda retries a failed asynchronous invocation of the transfer function. */
    public static final int LAMBDA_RETRIES = 2;

    /** Lambda waits this long after a failed asynchronous invocation before its first retry. */
    public static final Duration LAMBDA_FIRST_RETRY_DELAY = Duration.ofMinutes(1);

    /**
     * How long an attempt holds a {@code SENDING} intent. Longer than {@link #FUNCTION_TIMEOUT},
     * so a running attempt is never overtaken; no longer than {@link #LAMBDA_FIRST_RETRY_DELAY},
     * so a retry usually finds the lease of the attempt it retries expired. Not always: Lambda's
     * delay is approximate and containers' clocks differ, so a retry that still finds a live
     * lease fails again and Lambda retries it later (decision 0021), rather than ending as a
     * duplicate success with the intent open.
     */
    public static final Duration LEASE = Duration.ofSeconds(60);

    /** Attempts one delivery of {@code TopUpRequested} gets: the invocation and Lambda's retries. */
    public static final int ATTEMPTS_PER_DELIVERY = 1 + LAMBDA_RETRIES;

    /**
     * After this many attempts that could not tell whether money moved, the intent becomes
     * {@code UNKNOWN} and a person is alerted. One more than a delivery gives: the last attempt
     * comes from a later check that finds the lease expired and publishes the intent again,
     * after the venue's history had minutes more to show the transfer.
     */
    public static final int MAX_ATTEMPTS = ATTEMPTS_PER_DELIVERY + 1;

    private TransferBudget() {}
}
