package dev.margintopup.ledger;

/**
 * Which way an intent moves money. Both kinds share the one-open-intent-per-account rule, so a
 * sweep and a top-up of the same account never run at once.
 */
public enum IntentKind {
    /** From a source wallet of the owner into margin. */
    TOP_UP,
    /** Excess margin back out to the source wallet it came from (decision 0027). */
    SWEEP
}
