package dev.margintopup.local.run;

import dev.margintopup.local.UsageText;
import dev.margintopup.json.Spelling;
import dev.margintopup.local.CallerPaths;
import dev.margintopup.local.backtest.Backtest;
import dev.margintopup.local.backtest.SideBySide;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.report.HtmlReport;
import dev.margintopup.local.report.RunReport;
import dev.margintopup.local.candles.CandleFileException;
import dev.margintopup.local.report.SummaryTable;
import dev.margintopup.local.scenario.CandleScenario;
import dev.margintopup.local.scenario.MoveSettings;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.local.scenario.ScenarioException;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.paper.PaperVenueServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code infra/bin/run}: the whole pipeline on a paper exchange and a market scenario, with no
 * AWS account and no Docker, ending with what the top-ups saved.
 */
public final class LocalRun {

    static final String DEFAULT_SCENARIO = "crash-30";

    /**
     * First argument of the check {@code infra/bin/run} makes before it starts anything: the options, the scenario
     * or candle file and its accounts are read and checked, and nothing is played.
     */
    static final String CHECK = "--check";

    /** The options {@link #usage()} documents, for naming them when one is misspelt. */
    static final java.util.List<String> OPTIONS = java.util.List.of("--scenario", "--candles", "--symbol", "--account",
            "--compare", "--speed", "--report", "--venue-port", "--trigger", "--quiet", "--list", "--help");

    /** @param candles a candle file to replay with the default accounts, or {@code null} to play {@code scenario} */
    record Options(String scenario, Duration realTimePerMinute, Path report, int venuePort, boolean quiet,
            java.util.List<String> accounts, boolean compare, Path candles, String symbol, CheckTrigger trigger) {}

    private LocalRun() {}

    public static void main(String[] args) {
        PrintStream terminal = System.out;
        String functionLog = System.getProperty("margin-topup.function-log");
        if (functionLog != null) {
            // The functions log JSON lines (and EMF metrics) to stdout, as in Lambda: send them to a
            // file so the terminal shows the run's progress.
            try {
                Files.createDirectories(Path.of(functionLog).toAbsolutePath().getParent());
                System.setOut(new PrintStream(new java.io.FileOutputStream(functionLog), true,
                        java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                terminal.println("warning: cannot write function logs to " + functionLog + "; they go to the terminal");
            }
        }
        int status;
        try {
            status = run(args, terminal);
        } catch (UsageError | ScenarioException | CandleFileException e) {
            System.err.println("error: " + e.getMessage());
            status = 2;
        } catch (RuntimeException e) {
            // Emulator unreachable, port in use, a scenario the product refuses: one clear line.
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    static int run(String[] args, PrintStream out) {
        Path root = repositoryRoot();
        boolean checkOnly = args.length > 0 && args[0].equals(CHECK);
        Options options = parse(checkOnly ? java.util.Arrays.copyOfRange(args, 1, args.length) : args, root, out);
        if (options == null) {
            return 0;
        }
        Scenario scenario = only(options.candles() != null
                ? CandleScenario.forFile(options.candles(), options.symbol())
                : load(options.scenario()), options.accounts());
        boolean compare = options.compare() || scenario.compare();
        if (compare && options.candles() != null) {
            scenario = withReplayMoves(scenario);
        }
        Scenario played = compare ? SideBySide.of(scenario) : scenario;
        if (checkOnly) {
            return 0;
        }
        out.printf("margin-topup local run: %s — %s%n", scenario.name(), scenario.description());
        if (compare) {
            out.println("side by side: each managed account protected by fixed ratios (.ratio) and by moves (.move)");
            for (ScenarioAccount account : scenario.managedAccounts()) {
                if (account.moveSettings() == null) {
                    MoveSettings moves = played.account(SideBySide.Side.MOVE.accountId(account.id())).moveSettings();
                    out.printf("  %s has ratios alone (%s / %s): its .move copy plays the moves they equal at the start,"
                            + " trigger %s %%, target %s %%%n", account.id(),
                            account.settings().triggerRatio().toPlainString(), account.settings().targetRatio().toPlainString(),
                            moves.triggerMovePercent().toPlainString(), moves.targetMovePercent().toPlainString());
                }
            }
        }
        out.printf("%d accounts, %d simulated minutes on %s, %s%n", played.accounts().size(), scenario.minutes(),
                scenario.symbol(), options.realTimePerMinute().isZero() ? "as fast as possible"
                        : "one simulated minute every " + options.realTimePerMinute().toMillis() + " ms");
        PaperVenueServer venue = PaperVenueServer.start(options.venuePort());
        try (venue) {
            ScenarioPlayer player = new ScenarioPlayer(root.resolve("template.yaml"), venue,
                    options.quiet() ? ScenarioPlayer.Progress.SILENT : new ProgressPrinter(out),
                    options.realTimePerMinute(), options.trigger());
            if (!options.quiet()) {
                out.printf("setting up: template.yaml's tables, bus, rules, queues and schedules on the emulator, "
                        + "%d accounts on the paper exchange (a few seconds)%n%n", played.accounts().size());
            }
            ScenarioPlayer.RunResult result = player.play(played);
            RunReport report = result.report();
            out.println();
            out.println(SummaryTable.render(report));
            Comparison comparison = compare ? Backtest.compare(scenario, result) : null;
            if (comparison != null) {
                out.println(comparison.text());
            }
            Path written = HtmlReport.write(report, comparison, options.report());
            out.println("report: " + written.toAbsolutePath());
        }
        return 0;
    }

    static Scenario load(String scenario) {
        if (scenario.endsWith(".json") || scenario.contains("/")) {
            Path file = CallerPaths.resolve(scenario);
            if (!Files.isRegularFile(file)) {
                throw new UsageError("no scenario file " + file + "; built-in scenarios: "
                        + String.join(", ", ScenarioLoader.builtInNames()));
            }
            return ScenarioLoader.load(file);
        }
        if (!ScenarioLoader.builtInNames().contains(scenario)) {
            throw new UsageError("no built-in scenario '" + scenario + "'; choose one of "
                    + String.join(", ", ScenarioLoader.builtInNames()) + ", or give a scenario file path");
        }
        return ScenarioLoader.builtIn(scenario);
    }

    /** The moves a replayed candle file's managed account is compared with: act within 3 %, top up to survive 8 %. */
    static final java.util.Map<String, Object> REPLAY_MOVES = java.util.Map.of(
            dev.margintopup.local.scenario.MoveSettings.TRIGGER_MOVE_PERCENT, new java.math.BigDecimal("3"),
            dev.margintopup.local.scenario.MoveSettings.TARGET_MOVE_PERCENT, new java.math.BigDecimal("8"));

    /** A replayed file's accounts, each managed one given {@link #REPLAY_MOVES} where it names no moves. */
    static Scenario withReplayMoves(Scenario scenario) {
        return scenario.withAccounts(scenario.accounts().stream().map(account -> {
            if (!account.managed() || account.moveSettings() != null) {
                return account;
            }
            java.util.Map<String, Object> config = new java.util.LinkedHashMap<>(account.config());
            config.putAll(REPLAY_MOVES);
            return account.withIdAndConfig(account.id(), config);
        }).toList());
    }

    /** The scenario with only the named accounts (all when none are named). */
    static Scenario only(Scenario scenario, java.util.List<String> accounts) {
        if (accounts.isEmpty()) {
            return scenario;
        }
        java.util.List<String> known = scenario.accounts().stream().map(a -> a.id()).toList();
        for (String id : accounts) {
            if (!known.contains(id)) {
                throw new UsageError("scenario " + scenario.name() + " has no account '" + id + "'; its accounts are "
                        + String.join(", ", known));
            }
        }
        return scenario.withAccounts(scenario.accounts().stream().filter(a -> accounts.contains(a.id())).toList());
    }

    static Options parse(String[] args, Path root, PrintStream out) {
        String scenario = null;
        Path candles = null;
        String symbol = null;
        java.util.List<String> accounts = new java.util.ArrayList<>();
        Duration perMinute = Duration.ZERO;
        Path report = null;
        int venuePort = 0;
        boolean quiet = false;
        boolean compare = false;
        CheckTrigger trigger = CheckTrigger.TICK;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    out.print(usage());
                    return null;
                }
                case "--list" -> {
                    out.println("built-in scenarios (infra/scenarios/):");
                    for (String name : ScenarioLoader.builtInNames()) {
                        Scenario s = ScenarioLoader.builtIn(name);
                        out.printf("  %-16s %s (%d min)%n", name, s.description(), s.minutes());
                    }
                    out.println("or replay your own exported candles: infra/bin/run --candles FILE [--symbol S]");
                    return null;
                }
                case "--scenario" -> scenario = value(args, ++i, arg);
                case "--candles" -> candles = CallerPaths.resolve(value(args, ++i, arg));
                case "--symbol" -> symbol = value(args, ++i, arg);
                case "--speed" -> perMinute = speed(value(args, ++i, arg));
                case "--report" -> report = CallerPaths.resolve(value(args, ++i, arg));
                case "--venue-port" -> venuePort = port(value(args, ++i, arg));
                case "--trigger" -> trigger = trigger(value(args, ++i, arg));
                case "--quiet" -> quiet = true;
                case "--compare" -> compare = true;
                case "--account" -> accounts.add(value(args, ++i, arg));
                default -> throw new UsageError(unknownOption(arg));
            }
        }
        if (candles != null && scenario != null) {
            throw new UsageError("--candles replays a file with its own accounts; give it or --scenario, not both");
        }
        if (symbol != null && candles == null) {
            throw new UsageError("--symbol names the symbol of a --candles file; without --candles it has no use");
        }
        if (candles != null && !Files.isRegularFile(candles)) {
            throw new UsageError("no candle file " + candles);
        }
        scenario = scenario == null ? DEFAULT_SCENARIO : scenario;
        if (report == null) {
            // The process id keeps two runs started in the same second apart.
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                    + ProcessHandle.current().pid();
            String name = (candles != null ? candles : Path.of(scenario)).getFileName().toString()
                    .replaceFirst("\\.[A-Za-z]+$", "");
            report = root.resolve("target/reports/" + name + "-" + stamp + ".html");
        }
        return new Options(scenario, perMinute, report, venuePort, quiet, accounts, compare, candles, symbol, trigger);
    }

    /** Names the options there are, the likeliest meant first when {@code given} is close to one. */
    static String unknownOption(String given) {
        String options = String.join(", ", OPTIONS);
        if (!given.startsWith("-")) {
            return "unexpected argument '" + given + "': every value follows its option (--scenario " + given
                    + "?); the options are " + options;
        }
        String closest = OPTIONS.stream().min(java.util.Comparator.comparingInt(o -> Spelling.distance(o, given)))
                .orElseThrow();
        String hint = Spelling.distance(closest, given) <= 3 || closest.startsWith(given)
                ? "did you mean " + closest + "? " : "";
        return "unknown option '" + given + "'; " + hint + "the options are " + options + " (infra/bin/run --help)";
    }

    /** {@code max} (as fast as possible) or a factor over real time: 60 plays one simulated minute a second. */
    private static Duration speed(String value) {
        if (value.equals("max")) {
            return Duration.ZERO;
        }
        try {
            double factor = Double.parseDouble(value);
            if (factor <= 0 || factor > 1_000_000) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos((long) (60_000_000_000L / factor));
        } catch (NumberFormatException e) {
            throw new UsageError("--speed takes 'max' or a factor over real time such as 1 (real time) or 60"
                    + " (a simulated minute per second), got '" + value + "'");
        }
    }

    private static CheckTrigger trigger(String value) {
        try {
            return CheckTrigger.of(value);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--trigger takes tick (the default, as deployed) or per-account-schedules, got '"
                    + value + "'");
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageError("--venue-port takes a port number (0 picks a free one), got '" + value + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageError(option + " needs a value; see infra/bin/run --help");
        }
        return args[i];
    }

    /**
     * The help text. It lives in {@code usage.txt} beside this class so that {@code infra/bin/run --help}
     * prints the same file before anything is built.
     */
    static String usage() {
        return UsageText.of(LocalRun.class, "usage.txt");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no template.yaml in " + dir + " or above; run from the margin-topup repository");
    }

    /** A mistake in how the command was called: one line, exit status 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
