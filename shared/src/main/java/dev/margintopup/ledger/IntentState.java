package dev.margintopup.ledger;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a top-up intent. Each move is a conditional write on the expected current state,
 * so two workers can never both make the same move.
 *
 * <pre>
 * PENDING → SENDING → CONFIRMED | FAILED | UNKNOWN
 *            ↺ (lease expired: another attempt takes over, reconciling first)
 * UNKNOWN → CONFIRMED | FAILED (a later reconcile, or a person, settles it)
 * </pre>
 */
public enum IntentState {
    PENDING,
    SENDING,
    CONFIRMED,
    FAILED,
    UNKNOWN;

    /** Whether the intent still holds the account (no other top-up may start). */
    public boolean isOpen() {
        return this == PENDING || this == SENDING || this == UNKNOWN;
    }

    public Set<IntentState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(SENDING, FAILED);
            case SENDING -> EnumSet.of(SENDING, CONFIRMED, FAILED, UNKNOWN);
            case UNKNOWN -> EnumSet.of(CONFIRMED, FAILED);
            case CONFIRMED, FAILED -> EnumSet.noneOf(IntentState.class);
        };
    }

    public boolean canMoveTo(IntentState to) {
        return next().contains(to);
    }
}
