package dev.margintopup.alert;

/**
 * How bad a {@code MarginAtRisk} is, in the order people should care. The levels come from the
 * room left before liquidation relative to the room the account's trigger leaves
 * ({@link Risk#room}), and from whether anything could move at all:
 *
 * <ul>
 *   <li>{@link #WATCH}: past the trigger, a top-up is on its way but a limit holds it short of the target;
 *   <li>{@link #WARNING}: past the trigger and nothing can move;
 *   <li>{@link #CRITICAL}: half the trigger's room or less is left, whatever moves;
 *   <li>{@link #IMMINENT}: a quarter of the trigger's room or less is left: the next move liquidates.
 * </ul>
 */
public enum Severity {
    WATCH,
    WARNING,
    CRITICAL,
    IMMINENT;

    /** A stored level: its position in this order, which only ever grows with danger. */
    public int rank() {
        return ordinal() + 1;
    }

    /** The level stored under {@link #rank()}; empty for a rank no level has (a corrupt item). */
    public static java.util.Optional<Severity> ofRank(int rank) {
        return rank >= 1 && rank <= values().length
                ? java.util.Optional.of(values()[rank - 1])
                : java.util.Optional.empty();
    }
}
