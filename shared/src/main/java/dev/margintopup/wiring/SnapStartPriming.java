package dev.margintopup.wiring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a function before SnapStart snapshots it, so that a restored container starts with its
 * classes loaded, its JSON and policy code compiled and its SDK clients' connections and
 * credentials resolved. Priming makes read-only calls only: a snapshot may be restored many
 * times, and nothing done here may act on an account.
 */
public final class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** Held strongly: the runtime's context may keep only weak references to resources. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String function;
    private final Runnable prime;

    private SnapStartPriming(String function, Runnable prime) {
        this.function = function;
        this.prime = prime;
    }

    /** Registers {@code prime} to run before the snapshot; outside SnapStart it never runs. */
    public static void register(String function, Runnable prime) {
        SnapStartPriming priming = new SnapStartPriming(function, prime);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime.run();
            LOG.info("{} primed before the snapshot", function);
        } catch (RuntimeException e) {
            // A snapshot without priming is slower to start, not wrong: never fail the deployment.
            LOG.warn("{} priming failed; the snapshot is taken without it: {}", function, e.getMessage());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: priming only read.
    }
}
