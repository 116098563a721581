package dev.margintopup.simulator;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The JDK's own one-shot continuations (what virtual threads are built on), reached by method
 * handles: an invocation runs on the simulator's thread until it pauses, and resumes there. Needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, which infra/bin/simulate and the
 * module's tests pass.
 */
final class Coroutines {

    private static final Object SCOPE;
    private static final MethodHandle CREATE;
    private static final MethodHandle RUN;
    private static final MethodHandle IS_DONE;
    private static final MethodHandle YIELD;

    static {
        try {
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> continuationClass = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SCOPE = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class))
                    .invoke("margin-topup-simulation");
            CREATE = lookup.findConstructor(continuationClass,
                    MethodType.methodType(void.class, scopeClass, Runnable.class));
            RUN = lookup.findVirtual(continuationClass, "run", MethodType.methodType(void.class));
            IS_DONE = lookup.findVirtual(continuationClass, "isDone", MethodType.methodType(boolean.class));
            YIELD = lookup.findStatic(continuationClass, "yield", MethodType.methodType(boolean.class, scopeClass));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(new IllegalStateException("the simulator needs the JDK's"
                    + " continuations: run java with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED", e));
        }
    }

    private Coroutines() {}

    static Object create(Runnable body) {
        try {
            return CREATE.invoke(SCOPE, body);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a continuation", e);
        }
    }

    /** Runs the continuation until it pauses or ends; what it throws comes out here. */
    static void run(Object continuation) {
        try {
            RUN.invoke(continuation);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isDone(Object continuation) {
        try {
            return (boolean) IS_DONE.invoke(continuation);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives control back to whoever ran the current continuation. */
    static void yieldNow() {
        try {
            boolean yielded = (boolean) YIELD.invoke(SCOPE);
            if (!yielded) {
                throw new IllegalStateException("the invocation could not pause (pinned)");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
