package dev.margintopup.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The fault draws of one history. Every place a fault could enter asks {@link #inject}; the
 * answer is a draw from the history's seed, so the same seed injects the same faults at the same
 * places. Each injection gets a number in order, and a history can be replayed with some of those
 * numbers dropped: that is how a failing history is shrunk to the faults it needs.
 */
public final class Faults {

    private final Random draws;
    private final double intensity;
    private final Set<Integer> dropped;
    private final Set<FaultKind> disabledKinds;
    private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
    private int numbered;
    private boolean quiet;

    public Faults(Random draws, double intensity, Set<Integer> dropped, Set<FaultKind> disabledKinds) {
        this.draws = draws;
        this.intensity = intensity;
        this.dropped = dropped;
        this.disabledKinds = disabledKinds;
    }

    /**
     * Whether to inject {@code kind} here, with probability {@code chance} scaled by the history's
     * intensity. The draw is made even when faults are quiet or the injection is dropped, so that
     * dropping one injection leaves every other draw where it was.
     */
    public boolean inject(FaultKind kind, double chance) {
        boolean hit = draws.nextDouble() < chance * intensity;
        if (!hit || quiet || disabledKinds.contains(kind)) {
            return false;
        }
        int number = ++numbered;
        if (dropped.contains(number)) {
            return false;
        }
        count(kind);
        return true;
    }

    /** A draw for something that is not a fault (a latency, an amount): same source, never dropped. */
    public Random draws() {
        return draws;
    }

    /** Counts a fault that happened as a consequence rather than by a draw (a Lambda retry). */
    public void count(FaultKind kind) {
        injected.merge(kind, 1, Integer::sum);
    }

    /** From now on nothing is injected: the history's calm tail, in which everything must settle. */
    public void quiet() {
        quiet = true;
    }

    public boolean isQuiet() {
        return quiet;
    }

    /** How many injections were numbered (the candidates a shrink may drop). */
    public int numbered() {
        return numbered;
    }

    public Map<FaultKind, Integer> injected() {
        return new EnumMap<>(injected);
    }
}
