package dev.margintopup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the shared module depend on each other in one direction only: a port's package
 * knows no adapter, the domain knows no venue. A cycle makes every package in it change together.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** Comments, strings and characters name packages without depending on them. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "(?s)/\\*.*?\\*/|//[^\\n]*|'(?:\\\\.|[^'\\\\])'|\"(?:\\\\.|[^\"\\\\])*\"");
    /** An imported or fully qualified name of ours: the package is what comes before the first type name. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.margintopup(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void sharedPackagesDependOnEachOtherWithoutCycles() {
        Map<String, Set<String>> graph = dependencies(SOURCES);

        assertThat(graph).as("packages read from %s", SOURCES.toAbsolutePath()).containsKey("dev.margintopup.venue");
        assertThat(cycles(graph)).as("package cycles in shared/src/main (each line: the packages of one cycle)")
                .isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamedByItsPackages() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"),
                "b", Set.of("c"),
                "c", Set.of("a", "d"),
                "d", Set.of()));

        assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    }

    @Test
    void theGraphComesFromImportsAndQualifiedNamesButNotFromTheOwnPackage(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x/A.java"), """
                package dev.margintopup.x;

                import dev.margintopup.x.B;
                import static dev.margintopup.y.Util.helper;

                /** Stored by {@link dev.margintopup.w.Store}, which a comment may name. */
                class A {
                    dev.margintopup.z.sub.Thing thing; // not dev.margintopup.v.Other
                    String name = "dev.margintopup.u.Named \\" '" + '"' + "dev.margintopup.t.Quoted";
                }
                """);

        assertThat(dependencies(dir)).containsEntry("dev.margintopup.x",
                Set.of("dev.margintopup.y", "dev.margintopup.z.sub"));
    }

    /** Package → the other packages of ours its sources name. */
    static Map<String, Set<String>> dependencies(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = NOT_CODE.matcher(Files.readString(file)).replaceAll(" ");
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    continue;
                }
                String own = declared.group(1);
                Set<String> uses = graph.computeIfAbsent(own, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
                while (reference.find()) {
                    if (!reference.group(1).equals(own)) {
                        uses.add(reference.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** One line per strongly connected group of packages: a path that goes round it. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> cycles = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            if (group.size() > 1) {
                cycles.add(round(graph, group));
            }
        }
        return cycles;
    }

    /** Tarjan's algorithm. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, graph, index, low, stack, onStack, groups);
            }
        }
        return groups;
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> groups) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, groups);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            groups.add(group);
        }
    }

    /** A shortest way round the group from its first package, for a message a person can follow. */
    private static String round(Map<String, Set<String>> graph, Set<String> group) {
        String start = group.iterator().next();
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String node = queue.poll();
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!group.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String at = node; !at.equals(start); at = cameFrom.get(at)) {
                        path.add(1, at);
                    }
                    path.add(start);
                    return String.join(" -> ", path);
                }
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, node);
                    queue.add(next);
                }
            }
        }
        return String.join(", ", group);
    }
}
