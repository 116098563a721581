package dev.margintopup.paper;

/** Direction of a position: a long gains when the mark rises, a short when it falls. */
public enum Side {
    LONG,
    SHORT
}
