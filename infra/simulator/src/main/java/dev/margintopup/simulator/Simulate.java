package dev.margintopup.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code infra/bin/simulate}: plays seeded histories of the whole pipeline and checks the
 * invariants after each. A failing history is shrunk (its faults dropped one by one while it
 * still fails) and printed with the command that replays it exactly.
 */
public final class Simulate {

    /** The help text, kept in {@code usage.txt} beside this class: infra/bin/simulate prints it before any build. */
    private static final String USAGE = usage();

    private Simulate() {}

    private static String usage() {
        try (InputStream in = Simulate.class.getResourceAsStream("usage.txt")) {
            if (in == null) {
                throw new IllegalStateException("the help text usage.txt is missing beside " + Simulate.class.getName()
                        + "; rebuild infra/simulator");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of a batch of histories. */
    public record Batch(int histories, List<History.Result> failures, Map<FaultKind, Long> faults, long millis,
            long dynamoCalls, long venueRequests) {
        public double perSecond() {
            return histories * 1000.0 / Math.max(1, millis);
        }
    }

    public static void main(String[] args) {
        int histories = 200;
        int workers = Math.min(2, Runtime.getRuntime().availableProcessors());
        long firstSeed = 1;
        Long seed = null;
        Set<Integer> dropped = new TreeSet<>();
        boolean trace = false;
        History.Variant variant = History.Variant.NONE;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--histories" -> histories = positive(value(args, ++i), "--histories");
                    case "--first-seed" -> firstSeed = Long.parseLong(value(args, ++i));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "--drop" -> {
                        for (String n : value(args, ++i).split(",")) {
                            if (!n.isBlank()) {
                                dropped.add(Integer.parseInt(n.strip()));
                            }
                        }
                    }
                    case "--trace" -> trace = true;
                    case "--workers" -> workers = positive(value(args, ++i), "--workers");
                    case "--break" -> variant = switch (value(args, ++i)) {
                        case "client-id-per-attempt" -> History.Variant.CLIENT_ID_PER_ATTEMPT;
                        case "throttle-taken-as-queued" -> History.Variant.THROTTLE_TAKEN_AS_QUEUED;
                        default -> throw new IllegalArgumentException("--break takes client-id-per-attempt or"
                                + " throttle-taken-as-queued, got " + args[i]);
                    };
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        if (seed != null) {
            History.Result result = History.run(new History.Spec(seed, dropped, variant));
            if (trace) {
                result.trace().forEach(out::println);
            }
            out.println(result.passed() ? "seed " + seed + ": every invariant held"
                    : "seed " + seed + ": " + String.join("\n  ", result.violations()));
            System.exit(result.passed() ? 0 : 1);
            return;
        }
        Batch batch = run(firstSeed, histories, variant, workers, out);
        printSummary(batch, out);
        for (History.Result failure : batch.failures()) {
            report(shrink(failure), variant, out);
        }
        System.exit(batch.failures().isEmpty() ? 0 : 1);
    }

    /**
     * Plays {@code count} histories from {@code firstSeed} on, on {@code workers} threads (each
     * history is one thread's alone, so the result does not depend on how many), printing
     * progress every tenth.
     */
    public static Batch run(long firstSeed, int count, History.Variant variant, int workers, PrintStream progress) {
        long started = System.nanoTime();
        History.Result[] results = new History.Result[count];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        int step = Math.max(1, count / 10);
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                History.Result result = History.run(new History.Spec(firstSeed + i, Set.of(), variant));
                results[i] = result;
                if (!result.passed()) {
                    failed.incrementAndGet();
                }
                int finished = done.incrementAndGet();
                if (progress != null && (finished % step == 0 || finished == count)) {
                    long elapsed = (System.nanoTime() - started) / 1_000_000;
                    synchronized (progress) {
                        progress.printf("%6d / %d histories, %d failed, %.1f histories/s%n", finished, count,
                                failed.get(), finished * 1000.0 / Math.max(1, elapsed));
                    }
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("simulator-" + w).start(worker));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while histories were playing", e);
            }
        }
        List<History.Result> failures = new ArrayList<>();
        Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
        long dynamoCalls = 0;
        long venueRequests = 0;
        for (History.Result result : results) {
            result.faults().forEach((kind, n) -> faults.merge(kind, (long) n, Long::sum));
            dynamoCalls += result.dynamoCalls();
            venueRequests += result.venueRequests();
            if (!result.passed()) {
                failures.add(result);
            }
        }
        return new Batch(count, failures, faults, (System.nanoTime() - started) / 1_000_000, dynamoCalls,
                venueRequests);
    }

    /**
     * The shortest failing history found by dropping injections: each numbered injection is left
     * out in turn and stays out when the history still breaks an invariant of the same name.
     */
    public static History.Result shrink(History.Result failing) {
        Set<String> broken = names(failing);
        History.Result best = failing;
        for (int n = 1; n <= failing.injections(); n++) {
            if (best.spec().dropped().contains(n)) {
                continue;
            }
            History.Result candidate = History.run(best.spec().dropping(Set.of(n)));
            if (!candidate.passed() && names(candidate).stream().anyMatch(broken::contains)) {
                best = candidate;
            }
        }
        return best;
    }

    private static Set<String> names(History.Result result) {
        return result.violations().stream().map(v -> v.substring(0, v.indexOf(':'))).collect(Collectors.toSet());
    }

    /** The one-line command that replays a history exactly. */
    public static String replayCommand(History.Spec spec) {
        StringBuilder command = new StringBuilder("infra/bin/simulate --seed " + spec.seed());
        if (!spec.dropped().isEmpty()) {
            command.append(" --drop ").append(new TreeSet<>(spec.dropped()).stream().map(String::valueOf)
                    .collect(Collectors.joining(",")));
        }
        if (spec.variant() != History.Variant.NONE) {
            command.append(" --break ").append(spec.variant().name().toLowerCase().replace('_', '-'));
        }
        return command.append(" --trace").toString();
    }

    private static void report(History.Result shrunk, History.Variant variant, PrintStream out) {
        out.println();
        long kept = shrunk.injections() - shrunk.spec().dropped().stream().filter(n -> n <= shrunk.injections()).count();
        out.println("VIOLATION in seed " + shrunk.spec().seed() + " (shrunk to " + kept + " of "
                + shrunk.injections() + " injections):");
        shrunk.violations().forEach(v -> out.println("  " + v));
        out.println("history:");
        shrunk.trace().forEach(line -> out.println("  " + line));
        out.println("replay: " + replayCommand(shrunk.spec()));
    }

    static void printSummary(Batch batch, PrintStream out) {
        out.println();
        out.printf("%-24s %10s%n", "fault kind", "injected");
        batch.faults().forEach((kind, n) -> out.printf("%-24s %10d%n", kind.name().toLowerCase().replace('_', '-'), n));
        out.printf("%-24s %10d%n", "total", batch.faults().values().stream().mapToLong(Long::longValue).sum());
        out.println();
        out.printf("%d histories in %.1f s: %.1f histories/s; %d DynamoDB calls, %d venue requests; %d violated an"
                        + " invariant%n", batch.histories(), batch.millis() / 1000.0, batch.perSecond(),
                batch.dynamoCalls(), batch.venueRequests(), batch.failures().size());
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String option) {
        int n = Integer.parseInt(text);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, was " + n);
        }
        return n;
    }
}
