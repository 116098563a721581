package dev.margintopup.local.backtest;

import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code infra/bin/backtest}: plays every built-in side-by-side scenario through the whole
 * pipeline, prints each comparison, and rewrites the side-by-side section of
 * {@code docs/benchmarks.md} with the figures, so that section is never typed by hand.
 */
public final class BacktestBenchmarks {

    static final String BEGIN = "<!-- side-by-side:begin (written by infra/bin/backtest; do not edit) -->";
    static final String END = "<!-- side-by-side:end -->";

    private BacktestBenchmarks() {}

    /** Arguments: the repository root, the commit the figures come from. */
    public static void main(String[] args) {
        PrintStream terminal = System.out;
        if (args.length != 2) {
            System.err.println("usage: BacktestBenchmarks REPOSITORY_ROOT COMMIT");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        String functionLog = System.getProperty("margin-topup.function-log");
        if (functionLog != null) {
            // The functions write their JSON logs to stdout, as in Lambda; the terminal shows the tables.
            try {
                System.setOut(new PrintStream(Files.newOutputStream(Path.of(functionLog)), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                terminal.println("warning: cannot write function logs to " + functionLog);
            }
        }
        List<Backtest.Played> played = new ArrayList<>();
        for (String name : Backtest.sideBySideScenarios()) {
            terminal.println("playing " + name + " side by side ...");
            Backtest.Played one = Backtest.play(root.resolve("template.yaml"), ScenarioLoader.builtIn(name));
            terminal.println(one.completed() ? one.comparison().text() : "  the run stopped: " + one.failure());
            played.add(one);
        }
        Path benchmarks = root.resolve("docs/benchmarks.md");
        write(benchmarks, replaceSection(read(benchmarks), section(played, args[1])));
        terminal.println("figures written to " + benchmarks);
        System.exit(played.stream().allMatch(Backtest.Played::completed) ? 0 : 1);
    }

    /** The section's Markdown, markers included. */
    static String section(List<Backtest.Played> played, String commit) {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        md.append("Figures of commit `").append(commit).append("`, every built-in side-by-side scenario played ")
                .append("through the whole pipeline (`infra/bin/backtest`). Moved ÷ optimum is the collateral a ")
                .append("side moved over the least that would have kept the account alive on that path.\n\n");
        List<Comparison> completed = new ArrayList<>();
        for (Backtest.Played one : played) {
            if (!one.completed()) {
                md.append("### ").append(one.scenario()).append("\n\nThe run stopped: ")
                        .append(one.failure().replace("\n", " ")).append("\n\n");
                continue;
            }
            md.append(one.comparison().markdown()).append('\n');
            completed.add(one.comparison());
        }
        md.append(totals(completed));
        return md.append('\n').append(END).toString();
    }

    /**
     * Both sides over every scenario that played to its end. A liquidated account did not save the
     * collateral its side did not move: it lost the margin the liquidation took. So beside what each
     * side moved stand what it lost, the two together, and what it moved into the accounts both
     * sides kept alive, the like-for-like comparison (decision 0017).
     */
    static String totals(List<Comparison> comparisons) {
        StringBuilder md = new StringBuilder("### Every scenario that played to its end\n\n| Side | Liquidated | Transfers")
                .append(" | Moved | Lost to liquidation | Moved + lost | Moved where both sides kept the account alive")
                .append(" | Hindsight optimum | Moved ÷ optimum |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        BigDecimal optimum = comparisons.stream().map(Comparison::totalOptimum).reduce(BigDecimal.ZERO, BigDecimal::add);
        long bothAlive = comparisons.stream().mapToLong(Comparison::bothAlive).sum();
        long accounts = comparisons.stream().mapToLong(c -> c.accounts().size()).sum();
        for (int side = 0; side < Comparison.SIDES.size(); side++) {
            int s = side;
            BigDecimal moved = add(comparisons, c -> c.totalMoved(s));
            md.append("| ").append(Comparison.SIDES.get(side))
                    .append(" | ").append(comparisons.stream().mapToLong(c -> c.liquidations(s)).sum())
                    .append(" | ").append(comparisons.stream().mapToInt(c -> c.totalTransfers(s)).sum())
                    .append(" | ").append(moved.toPlainString())
                    .append(" | ").append(add(comparisons, c -> c.totalLost(s)).toPlainString())
                    .append(" | ").append(add(comparisons, c -> c.totalMovedAndLost(s)).toPlainString())
                    .append(" | ").append(add(comparisons, c -> c.movedWhereBothAlive(s)).toPlainString())
                    .append(" (").append(bothAlive).append(" of ").append(accounts).append(")")
                    .append(" | ").append(optimum.toPlainString())
                    .append(" | ").append(Comparison.times(moved, optimum)).append(" |\n");
        }
        return md.toString();
    }

    private static BigDecimal add(List<Comparison> comparisons, Function<Comparison, BigDecimal> amount) {
        return comparisons.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** {@code document} with its side-by-side section replaced by {@code section}, or {@code section} added at its end. */
    static String replaceSection(String document, String section) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            return document.stripTrailing() + "\n\n" + section + "\n";
        }
        return document.substring(0, begin) + section + document.substring(end + END.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
