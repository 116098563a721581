package dev.margintopup.paper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Faults waiting to be played, first injected first played. */
final class FaultPlan {

    private final List<Pending> pending = new ArrayList<>();
    private long sequence;

    /** Queues a fault; the id withdraws it. */
    synchronized String add(Fault fault) {
        String id = "F" + (++sequence);
        pending.add(new Pending(id, fault, fault.isProbabilistic() ? new Random(fault.seed()) : null));
        return id;
    }

    /** Withdraws one fault before it has run out; false when it is no longer pending. */
    synchronized boolean remove(String id) {
        return pending.removeIf(p -> p.id.equals(id));
    }

    synchronized void clear() {
        pending.clear();
    }

    /**
     * The first pending fault for this path that plays, counted as played. A probabilistic fault
     * draws once for each matching request that reaches it; one an earlier fault played on never
     * does, so its draws depend only on the requests it was offered.
     */
    synchronized Optional<Fault> next(String path) {
        for (int i = 0; i < pending.size(); i++) {
            Pending entry = pending.get(i);
            if (!path.startsWith(entry.fault.pathPrefix())) {
                continue;
            }
            if (entry.draws != null && entry.draws.nextDouble() >= entry.fault.probability()) {
                continue;
            }
            Fault played = entry.fault;
            Fault rest = played.consumeOne();
            if (rest == null) {
                pending.remove(i);
            } else {
                entry.fault = rest;
            }
            return Optional.of(played);
        }
        return Optional.empty();
    }

    private static final class Pending {
        final String id;
        final Random draws;
        Fault fault;

        Pending(String id, Fault fault, Random draws) {
            this.id = id;
            this.fault = fault;
            this.draws = draws;
        }
    }
}
