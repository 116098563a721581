package dev.margintopup.paper;

/**
 * How a position is margined, in the exchanges' own word for it: against the whole FUTURES
 * balance (cross) or against margin set aside for it alone (isolated).
 */
public enum MarginType {
    CROSS,
    ISOLATED
}
