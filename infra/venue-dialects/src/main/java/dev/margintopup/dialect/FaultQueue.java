package dev.margintopup.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Faults waiting to be played, each on the next requests of one kind, in the order injected: a
 * fault for N requests is played N times, then forgotten.
 *
 * @param <F> a dialect's fault record
 */
public final class FaultQueue<F> {

    private final Function<F, String> kind;
    private final ToIntFunction<F> remaining;
    private final BiFunction<F, Integer, F> times;
    private final List<F> faults = new ArrayList<>();

    /**
     * @param kind the request kind a fault waits for
     * @param remaining how many more requests it applies to
     * @param times the same fault for another count
     */
    public FaultQueue(Function<F, String> kind, ToIntFunction<F> remaining, BiFunction<F, Integer, F> times) {
        this.kind = kind;
        this.remaining = remaining;
        this.times = times;
    }

    public synchronized void add(F fault) {
        faults.add(fault);
    }

    /** The fault to play on this request, or {@code null}; counts it down. */
    public synchronized F next(String requestKind) {
        for (int i = 0; i < faults.size(); i++) {
            F fault = faults.get(i);
            if (requestKind.equals(kind.apply(fault))) {
                int left = remaining.applyAsInt(fault);
                if (left == 1) {
                    faults.remove(i);
                } else {
                    faults.set(i, times.apply(fault, left - 1));
                }
                return fault;
            }
        }
        return null;
    }
}
