package dev.margintopup.bench;

import dev.margintopup.local.CloudFormationTemplate;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold initialisation of each function's shaded jar, measured side by side in one run: a fresh
 * JVM per start, its classpath the jar alone (plus {@link ColdStart}), the environment
 * template.yaml gives the function; it loads the handler and calls its no-argument constructor,
 * as Lambda's init does (clients built, no AWS call). The baseline is {@link EmptyHandler} from the
 * checker's jar. Every target runs once per round, with and without the template's JVM options,
 * so that the machine's load falls alike on all of them; the median of the rounds is printed.
 */
final class ColdInit {

    private static final long TIMEOUT_SECONDS = 120;

    /** One thing started cold: a handler from a jar. */
    record Target(String name, Path jar, String handlerClass, Map<String, String> environment) {}

    /** The medians of one target under one set of JVM options. */
    record Measured(double processMs, double initMs) {}

    private ColdInit() {}

    static void print(PrintStream out, Path root, CloudFormationTemplate template, List<String> templateOptions,
            int rounds) {
        List<Target> targets = targets(root, template);
        if (targets.isEmpty()) {
            out.println("Cold initialisation: no shaded function jars built yet; build them with"
                    + " ./mvnw -q -B -DskipTests package, then run this again");
            return;
        }
        Path harness = harness();
        List<List<String>> optionSets = List.of(List.of(), templateOptions);
        Map<String, double[][]> process = new LinkedHashMap<>();
        Map<String, double[][]> init = new LinkedHashMap<>();
        for (Target t : targets) {
            process.put(t.name(), new double[2][rounds]);
            init.put(t.name(), new double[2][rounds]);
        }
        out.printf("measuring cold initialisation: %d rounds × %d targets × 2 JVM option sets…%n", rounds,
                targets.size());
        for (int round = 0; round < rounds; round++) {
            for (int set = 0; set < optionSets.size(); set++) {
                for (Target t : targets) {
                    double[] run = start(t, harness, optionSets.get(set));
                    process.get(t.name())[set][round] = run[0];
                    init.get(t.name())[set][round] = run[1];
                }
            }
        }
        String empty = targets.getFirst().name();
        double[] emptyProcess = {median(process.get(empty)[0]), median(process.get(empty)[1])};
        out.println();
        out.printf("Cold initialisation in a fresh JVM, median of %d rounds side by side (process: JVM start to"
                + " handler constructed and exit; init: the handler's class loading and constructor)%n", rounds);
        out.printf("  %-16s %-32s %-32s %s%n", "", "JVM options: none", "JVM options: template.yaml", "template ÷ none");
        out.printf("  %-16s %9s %9s %10s   %9s %9s %10s   %s%n", "", "process", "init", "× empty", "process", "init",
                "× empty", "(process)");
        for (Target t : targets) {
            double[][] p = process.get(t.name());
            double[][] i = init.get(t.name());
            double without = median(p[0]);
            double with = median(p[1]);
            out.printf("  %-16s %7.0fms %7.0fms %9.2f×   %7.0fms %7.0fms %9.2f×   %.2f×%n", t.name(), without,
                    median(i[0]), without / emptyProcess[0], with, median(i[1]), with / emptyProcess[1],
                    with / without);
        }
        out.printf("  template.yaml's JVM options: %s%n", String.join(" ", templateOptions));
        out.println("  On Lambda, SnapStart restores a snapshot taken after init: these starts are what a new version"
                + " (and a restore's class loading) costs, not every invocation");
    }

    /** The empty handler first (from the checker's jar), then each function of template.yaml with a built jar. */
    static List<Target> targets(Path root, CloudFormationTemplate template) {
        List<Target> targets = new ArrayList<>();
        for (CloudFormationTemplate.Resource function : template.resourcesOfType("AWS::Serverless::Function")) {
            String codeUri = function.properties().path("CodeUri").asText();
            Path jar = shadedJar(root.resolve(codeUri));
            if (jar == null) {
                continue;
            }
            String handler = function.properties().path("Handler").asText().replaceFirst("::.*$", "");
            Map<String, String> environment = new LinkedHashMap<>(template.functionEnvironment(function.logicalId()));
            environment.put("AWS_REGION", template.region());
            environment.put("AWS_ACCESS_KEY_ID", "cold-init");
            environment.put("AWS_SECRET_ACCESS_KEY", "cold-init");
            environment.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
            String name = Path.of(codeUri).getFileName().toString();
            targets.add(new Target(name, jar, handler, environment));
            if (name.equals("checker")) {
                targets.addFirst(new Target("empty handler", jar, EmptyHandler.class.getName(), environment));
            }
        }
        return targets;
    }

    private static Path shadedJar(Path module) {
        Path target = module.resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*-lambda.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target, e);
        }
        return null;
    }

    /** {@link ColdStart} and {@link EmptyHandler} alone in a directory: nothing else joins the jar on the classpath. */
    private static Path harness() {
        try {
            Path dir = Files.createTempDirectory("cold-init");
            dir.toFile().deleteOnExit();
            for (Class<?> type : List.of(ColdStart.class, EmptyHandler.class)) {
                String file = type.getName().replace('.', '/') + ".class";
                Path copy = dir.resolve(file);
                Files.createDirectories(copy.getParent());
                try (InputStream in = ColdInit.class.getClassLoader().getResourceAsStream(file)) {
                    if (in == null) {
                        throw new IllegalStateException("no " + file + " on the classpath");
                    }
                    Files.copy(in, copy);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cold-start harness", e);
        }
    }

    /** One cold start: {process ms, init ms}. */
    private static double[] start(Target target, Path harness, List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", target.jar() + File.pathSeparator + harness, ColdStart.class.getName(),
                target.handlerClass()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(target.environment());
        try {
            long began = System.nanoTime();
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(target.name() + " did not start within " + TIMEOUT_SECONDS + " s");
            }
            double processMs = (System.nanoTime() - began) / 1e6;
            String text = new String(output, StandardCharsets.UTF_8);
            int at = text.lastIndexOf(ColdStart.MARKER);
            if (process.exitValue() != 0 || at < 0) {
                throw new IllegalStateException(target.name() + " failed to start cold (exit " + process.exitValue()
                        + "):\n" + text);
            }
            long nanos = Long.parseLong(text.substring(at + ColdStart.MARKER.length()).strip().split("\\s")[0]);
            return new double[] {processMs, nanos / 1e6};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + target.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + target.name(), e);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
