package dev.margintopup.bench;

/**
 * Runs in a fresh JVM whose classpath is one function's shaded jar and this class (and
 * {@link EmptyHandler}): loads the handler class named by the argument and calls its no-argument
 * constructor, as Lambda's init phase does, then prints how long that took. {@link ColdInit}
 * starts it and times the whole process as well.
 */
public final class ColdStart {

    static final String MARKER = "cold-init-nanos=";

    private ColdStart() {}

    public static void main(String[] args) throws ReflectiveOperationException {
        long start = System.nanoTime();
        Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long took = System.nanoTime() - start;
        System.out.println(MARKER + took);
        System.out.flush();
        // The runtime keeps a container alive; here nothing else is needed, and no hook may hang.
        Runtime.getRuntime().halt(0);
    }
}
