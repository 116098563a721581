package dev.margintopup.local.run;

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
import dev.margintopup.local.scenario.Scenario;
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
            "--compare", "--speed", "--report", "--venue-port", "--quiet", "--list", "--help");

    /** @param candles a candle file to replay with the default accounts, or {@code null} to play {@code scenario} */
    record Options(String scenario, Duration realTimePerMinute, Path report, int venuePort, boolean quiet,
            java.util.List<String> accounts, boolean compare, Path candles, String symbol) {}

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
        }
        out.printf("%d accounts, %d simulated minutes on %s, %s%n", played.accounts().size(), scenario.minutes(),
                scenario.symbol(), options.realTimePerMinute().isZero() ? "as fast as possible"
                        : "one simulated minute every " + options.realTimePerMinute().toMillis() + " ms");
        PaperVenueServer venue = PaperVenueServer.start(options.venuePort());
        try (venue) {
            ScenarioPlayer player = new ScenarioPlayer(root.resolve("template.yaml"), venue,
                    options.quiet() ? ScenarioPlayer.Progress.SILENT : new ProgressPrinter(out),
                    options.realTimePerMinute());
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
        return new Options(scenario, perMinute, report, venuePort, quiet, accounts, compare, candles, symbol);
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

    static String usage() {
        return """
                usage: infra/bin/run [--scenario NAME|FILE] [--account ID]... [--compare] [--speed max|FACTOR]
                                     [--report FILE] [--venue-port N] [--quiet]
                       infra/bin/run --candles FILE [--symbol S] [--account ID]... [--compare] [--speed ...]
                                     [--report FILE]
                       infra/bin/run --list

                Runs margin-topup end to end on your machine — no AWS account, no Docker: a local AWS
                emulator holding the tables, bus, rules and schedules of template.yaml, a paper exchange
                over HTTP, and a market scenario played minute by minute. Each account's schedule fires
                the real checker; top-ups travel through the template's rules to the real transfer
                function. A control account (same position, top-ups disabled) shows what would have
                happened without the product. At the end: a summary table and an HTML report with a
                chart of each account's margin ratio.

                  --scenario NAME|FILE  a built-in scenario (see --list) or a scenario JSON file;
                                        default crash-30 (a 30 % crash within an hour)
                  --candles FILE        replay your own exported one-minute candles, wicks included:
                                        Binance USD-M klines (REST JSON or data-dump CSV), Bybit v5
                                        kline (REST JSON or CSV), OKX v5 candles (REST JSON or CSV),
                                        told apart automatically. Two accounts hold a 10x long of
                                        100,000 USDT from the first open: replay-managed (topped up
                                        at 0.15, to 0.05, from 30,000 of FUNDING) and replay-control
                                        (the same, dry run). Missing minutes are held flat.
                  --symbol S            the symbol of the --candles file, when the file does not say
                                        (Bybit's answer and Binance-style file names do)
                  --account ID          play only this account of the scenario (repeatable)
                  --compare             backtest: play each managed account twice on the same path,
                                        protected by fixed ratios (the ratios of its trigger and
                                        target moves at the start) and by moves, beside the
                                        hindsight optimum (the least collateral that would have
                                        kept it alive); needs triggerMovePercent and
                                        targetMovePercent on the managed accounts (with --candles,
                                        replay-managed gets trigger 3 % and target 8 %). Scenarios
                                        with "compare": true always play this way
                  --speed max|FACTOR    max (default) plays as fast as possible; 1 is real time;
                                        60 plays one simulated minute per second
                  --report FILE         where to write the HTML report
                                        (default target/reports/SCENARIO-TIME-PID.html;
                                        a relative FILE is relative to where you are)
                  --venue-port N        port of the paper venue (default 0: a free port)
                  --quiet               no per-minute progress lines
                  --list                lists the built-in scenarios
                  -h, --help            shows this help

                Set AWS_ENDPOINT_URL to use an emulator of your own (LocalStack, Floci on :4566).
                """;
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
