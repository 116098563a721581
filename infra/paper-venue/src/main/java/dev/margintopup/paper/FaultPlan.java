package dev.margintopup.paper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Faults waiting to be played, first injected first played. */
final class FaultPlan {

    private final List<Fault> pending = new ArrayList<>();

    synchronized void add(Fault fault) {
        pending.add(fault);
    }

    synchronized void clear() {
        pending.clear();
    }

    /** The first pending fault for this path, counted as played. */
    synchronized Optional<Fault> next(String path) {
        for (int i = 0; i < pending.size(); i++) {
            Fault fault = pending.get(i);
            if (path.startsWith(fault.pathPrefix())) {
                Fault rest = fault.consumeOne();
                if (rest == null) {
                    pending.remove(i);
                } else {
                    pending.set(i, rest);
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }
}
