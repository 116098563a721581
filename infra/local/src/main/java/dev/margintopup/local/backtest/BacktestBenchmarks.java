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
        BigDecimal[] moved = {BigDecimal.ZERO, BigDecimal.ZERO};
        long[] liquidated = {0, 0};
        int[] transfers = {0, 0};
        BigDecimal optimum = BigDecimal.ZERO;
        for (Backtest.Played one : played) {
            if (!one.completed()) {
                md.append("### ").append(one.scenario()).append("\n\nThe run stopped: ")
                        .append(one.failure().replace("\n", " ")).append("\n\n");
                continue;
            }
            Comparison comparison = one.comparison();
            md.append(comparison.markdown()).append('\n');
            for (int side = 0; side < Comparison.SIDES.size(); side++) {
                moved[side] = moved[side].add(comparison.totalMoved(side));
                liquidated[side] += comparison.liquidations(side);
                transfers[side] += comparison.totalTransfers(side);
            }
            optimum = optimum.add(comparison.totalOptimum());
        }
        md.append("### Every scenario that played to its end\n\n| Side | Liquidated | Transfers | Moved | Hindsight optimum |")
                .append(" Moved ÷ optimum |\n|---|---:|---:|---:|---:|---:|\n");
        for (int side = 0; side < Comparison.SIDES.size(); side++) {
            md.append("| ").append(Comparison.SIDES.get(side)).append(" | ").append(liquidated[side]).append(" | ")
                    .append(transfers[side]).append(" | ").append(moved[side].toPlainString()).append(" | ")
                    .append(optimum.toPlainString()).append(" | ").append(Comparison.times(moved[side], optimum))
                    .append(" |\n");
        }
        return md.append('\n').append(END).toString();
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
