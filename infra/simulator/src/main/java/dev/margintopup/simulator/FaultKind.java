package dev.margintopup.simulator;

/** Every kind of fault a history can inject, as the summary table counts them. */
public enum FaultKind {
    /** DynamoDB answers ProvisionedThroughputExceeded without applying the call (the SDK retries). */
    DYNAMO_THROTTLE,
    /** A transaction is cancelled with TransactionConflict without applying (the ledger retries). */
    DYNAMO_CONFLICT,
    /** DynamoDB applied the call and the answer was lost (the SDK retries a call that took effect). */
    DYNAMO_LOST_ANSWER,
    /** Scheduler answers ThrottlingException without applying the call (the SDK retries). */
    SCHEDULER_THROTTLE,
    /** Scheduler applied a schedule write and the answer was lost (the SDK retries it). */
    SCHEDULER_LOST_ANSWER,
    /** The container dies just before an AWS call is sent. */
    CRASH_BEFORE_AWS,
    /** The container dies just after an AWS call took effect, before the code sees the answer. */
    CRASH_AFTER_AWS,
    /** The container dies just before a venue request is sent. */
    CRASH_BEFORE_VENUE,
    /** The container dies just after a venue request took effect. */
    CRASH_AFTER_VENUE,
    /** The venue applies the request and the connection drops before the answer (paper venue fault plan). */
    VENUE_LOST_RESPONSE,
    /** The venue answers 500 without applying. */
    VENUE_500,
    /** The venue answers 429 without applying. */
    VENUE_429,
    /** The venue's load balancer answers 503 with an HTML page. */
    VENUE_503,
    /** A venue request stays on the wire past the lease and the function's timeout, and arrives late. */
    VENUE_REQUEST_STALLED,
    /** EventBridge delivers an event twice, the second copy later. */
    DUPLICATE_DELIVERY,
    /** EventBridge delivers an event twice at once, to two containers. */
    CONCURRENT_DELIVERY,
    /** Scheduler, or Lambda's queue of asynchronous invocations the tick filled, delivers a check twice. */
    DUPLICATE_CHECK,
    /** A check arrives late, after later ones. */
    LATE_CHECK,
    /** Lambda answers the tick's invoke 429 without queuing the check (the tick retries it). */
    TICK_INVOKE_THROTTLED,
    /** Lambda queued the tick's check and the answer was lost (the tick's retry may queue it twice). */
    TICK_INVOKE_ANSWER_LOST,
    /** The tick's container dies mid-fan-out: the checks it queued run, the rest wait for the next tick. */
    TICK_CRASH,
    /** A minute's tick never runs (its accounts are checked by the next one). */
    TICK_LOST,
    /** Lambda retries a failed asynchronous invocation (counted when it happens). */
    LAMBDA_RETRY,
    /** Lambda gives up after its retries and hands the event to the on-failure destination. */
    LAMBDA_ON_FAILURE,
    /** A new container's clock is off the true time by up to a few seconds. */
    CLOCK_SKEW,
    /** A container restored from the same snapshot as one already running (same initial state). */
    SNAPSHOT_TWIN,
    /** The Accounts stream hands schedule-sync a batch again after it was processed. */
    STREAM_REDELIVERY,
    /** The Accounts stream gives up on a batch after its retries (the daily reconcile repairs it). */
    STREAM_ON_FAILURE,
    /** The account item is disabled mid-flight. */
    CONFIG_DISABLE,
    /** The account's per-transfer and daily caps are lowered mid-flight. */
    CONFIG_LOWER_CAPS,
    /** The account item is deleted mid-flight (and restored later). */
    CONFIG_DELETE,
    /** The mark jumps past the account's trigger. */
    PRICE_BREACH,
    /** The mark recovers sharply. */
    PRICE_RECOVERY
}
