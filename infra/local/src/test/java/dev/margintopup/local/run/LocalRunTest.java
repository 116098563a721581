package dev.margintopup.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.local.scenario.ScenarioException;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.paper.PaperVenueServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command's arguments and its errors: one clear line, never a stack trace, nothing played. */
class LocalRunTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void help_describes_every_option() {
        assertThat(LocalRun.run(new String[] {"--help"}, out)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("--scenario", "--account", "--compare", "--speed", "--report", "--venue-port", "--quiet",
                        "--trigger", "--list", "--candles FILE", "--symbol S", "Binance USD-M", "Bybit v5", "OKX v5");
    }

    @Test
    void list_names_every_built_in_scenario() {
        assertThat(LocalRun.run(new String[] {"--list"}, out)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(ScenarioLoader.builtInNames().toArray(String[]::new))
                .contains("--candles FILE");
    }

    @Test
    void an_unknown_scenario_name_lists_the_built_in_ones() {
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--scenario", "moon"}, out))
                .isInstanceOf(LocalRun.UsageError.class)
                .hasMessageContaining("no built-in scenario 'moon'")
                .hasMessageContaining("crash-30");
    }

    @Test
    void a_bad_scenario_file_names_the_file_and_the_field(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, Files.readString(ScenarioFiles.builtIn("crash-30"))
                .replaceFirst("\"minutes\"\\s*:\\s*\\d+", "\"minutes\": \"sixty\""));

        assertThatThrownBy(() -> LocalRun.run(new String[] {"--scenario", file.toString()}, out))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("minutes");
    }

    @Test
    void a_missing_scenario_file_says_so() {
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--scenario", "/nowhere/x.json"}, out))
                .isInstanceOf(LocalRun.UsageError.class)
                .hasMessageContaining("no scenario file /nowhere/x.json");
    }

    @Test
    void an_unknown_account_lists_the_scenario_accounts() {
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--account", "nobody"}, out))
                .isInstanceOf(LocalRun.UsageError.class)
                .hasMessageContaining("has no account 'nobody'")
                .hasMessageContaining("desk-btc-cross");
    }

    @Test
    void bad_option_values_are_refused_with_what_to_write() {
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--speed", "fast"}, out))
                .hasMessageContaining("--speed takes 'max' or a factor");
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--venue-port", "http"}, out))
                .hasMessageContaining("--venue-port takes a port number");
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--frobnicate"}, out))
                .hasMessageContaining("unknown option '--frobnicate'");
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--scenario"}, out))
                .hasMessageContaining("--scenario needs a value");
    }

    @Test
    void the_checks_start_with_the_tick_unless_per_account_schedules_are_asked_for() {
        Path root = Path.of("").toAbsolutePath();
        assertThat(LocalRun.parse(new String[] {}, root, out).trigger()).isEqualTo(CheckTrigger.TICK);
        assertThat(LocalRun.parse(new String[] {"--trigger", "per-account-schedules"}, root, out).trigger())
                .isEqualTo(CheckTrigger.PER_ACCOUNT_SCHEDULES);
        assertThat(LocalRun.parse(new String[] {"--trigger", "tick"}, root, out).trigger())
                .isEqualTo(CheckTrigger.TICK);
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--trigger", "schedules"}, out))
                .isInstanceOf(LocalRun.UsageError.class)
                .hasMessageContaining("--trigger takes tick (the default, as deployed) or per-account-schedules")
                .hasMessageContaining("'schedules'");
    }

    @Test
    void compare_refuses_a_ratio_no_move_corresponds_to_before_anything_runs(@TempDir Path dir) throws Exception {
        // crash-30 protected by ratios alone is compared with the moves they equal (SideBySideTest); a trigger
        // ratio of 0.9999 is a hair from liquidation: no move of a hundredth of a percent corresponds to it.
        Path file = dir.resolve("ratios.json");
        Files.writeString(file, Files.readString(ScenarioFiles.builtIn("crash-30"))
                .replaceAll("\"triggerMovePercent\": \"[0-9.]+\"", "\"triggerRatio\": \"0.9999\"")
                .replaceAll("\"targetMovePercent\": \"[0-9.]+\"", "\"targetRatio\": \"0.05\"")
                .replaceAll("\\s*\"watchBandMovePercent\": \"[0-9.]+\",", "")
                .replaceAll("\\s*\"pollIntervalSeconds\": \\d+,", "")
                .replace("\"compare\": true,", ""));

        assertThatThrownBy(() -> LocalRun.run(new String[] {"--scenario", file.toString(), "--compare"}, out))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("accounts.desk-btc-cross.config.triggerRatio")
                .hasMessageContaining("triggerMovePercent and targetMovePercent");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void a_venue_port_in_use_is_refused_before_anything_runs() {
        try (PaperVenueServer taken = PaperVenueServer.start(0)) {
            assertThatThrownBy(() -> LocalRun.run(new String[] {"--venue-port", Integer.toString(taken.port())}, out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.port() + " is in use");
        }
    }

    @Test
    void only_keeps_the_named_accounts() {
        var scenario = ScenarioLoader.builtIn("crash-30");
        assertThat(LocalRun.only(scenario, List.of("desk-btc-cross")).accounts())
                .extracting(a -> a.id()).containsExactly("desk-btc-cross");
        assertThat(LocalRun.only(scenario, List.of()).accounts()).hasSize(scenario.accounts().size());
    }

    @Test
    void candles_and_symbol_are_refused_where_they_make_no_sense(@TempDir Path dir) throws Exception {
        Path export = Files.writeString(dir.resolve("BTCUSDT-1m-2025-03-03.csv"),
                "1740960000000,60000,60010,59990,60005,1,1740960059999,1,1,1,1,0\n");

        assertThatThrownBy(() -> LocalRun.run(new String[] {"--candles", export.toString(), "--scenario", "crash-30"}, out))
                .isInstanceOf(LocalRun.UsageError.class).hasMessageContaining("give it or --scenario, not both");
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--symbol", "BTCUSDT"}, out))
                .isInstanceOf(LocalRun.UsageError.class).hasMessageContaining("without --candles it has no use");
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--candles", dir.resolve("none.csv").toString()}, out))
                .isInstanceOf(LocalRun.UsageError.class).hasMessageContaining("no candle file");
    }

    @Test
    void a_candle_file_with_a_bad_row_names_its_line_and_column_and_nothing_is_played(@TempDir Path dir) throws Exception {
        Path export = Files.writeString(dir.resolve("BTCUSDT-1m-2025-03-03.csv"), """
                1740960000000,60000,60010,59990,60005,1,1740960059999,1,1,1,1,0
                1740960060000,60005,60010,oops,60001,1,1740960119999,1,1,1,1,0
                """);

        assertThatThrownBy(() -> LocalRun.run(new String[] {"--candles", export.toString()}, out))
                .isInstanceOf(dev.margintopup.local.candles.CandleFileException.class)
                .hasMessage(export + ": line 2, column 4 (low): not a decimal number, got \"oops\"");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void a_candle_file_that_does_not_name_its_symbol_asks_for_one(@TempDir Path dir) throws Exception {
        Path export = Files.writeString(dir.resolve("export.json"), """
                [[1740960000000,"60000","60010","59990","60005","1",1740960059999,"1",1,"1","1","0"],
                 [1740960060000,"60005","60010","59995","60001","1",1740960119999,"1",1,"1","1","0"]]""");

        assertThatThrownBy(() -> LocalRun.run(new String[] {"--candles", export.toString()}, out))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("pass it with --symbol");
    }

    @Test
    void a_misspelt_option_is_answered_with_the_nearest_one_and_every_option_there_is() {
        assertThatThrownBy(() -> LocalRun.run(new String[] {"--scenarios", "crash-30"}, out))
                .isInstanceOf(LocalRun.UsageError.class)
                .hasMessageContaining("unknown option '--scenarios'; did you mean --scenario?")
                .hasMessageContaining(String.join(", ", LocalRun.OPTIONS));
        assertThatThrownBy(() -> LocalRun.run(new String[] {"crash-30"}, out))
                .isInstanceOf(LocalRun.UsageError.class)
                .hasMessageContaining("unexpected argument 'crash-30'")
                .hasMessageContaining("--scenario crash-30?");
    }

    @Test
    void every_option_the_help_documents_is_one_an_error_names() {
        String help = LocalRun.usage();
        for (String option : LocalRun.OPTIONS) {
            assertThat(help).contains(option);
        }
        assertThat(java.util.regex.Pattern.compile("--[a-z-]+").matcher(help).results().map(m -> m.group())
                .distinct().toList())
                .isNotEmpty()
                .allSatisfy(option -> assertThat(LocalRun.OPTIONS).contains(option));
    }

    @Test
    void the_check_before_a_run_reads_the_scenario_and_plays_nothing() {
        assertThat(LocalRun.run(new String[] {LocalRun.CHECK, "--scenario", "flash-wick"}, out)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThatThrownBy(() -> LocalRun.run(new String[] {LocalRun.CHECK, "--scenario", "flash-wik"}, out))
                .isInstanceOf(LocalRun.UsageError.class).hasMessageContaining("no built-in scenario 'flash-wik'");
    }

    @Test
    void the_check_refuses_a_source_the_product_would_refuse_by_its_place_before_anything_starts(@TempDir Path dir)
            throws Exception {
        assertThat(LocalRun.run(new String[] {LocalRun.CHECK, "--scenario", "two-sources"}, out)).isZero();
        Path broken = dir.resolve("broken-sources.json");
        Files.writeString(broken, Files.readString(ScenarioFiles.builtIn("two-sources"))
                .replaceFirst("\"wallet\": \"SPOT\"", "\"wallet\": \"FUTURES\""));

        assertThatThrownBy(() -> LocalRun.run(new String[] {LocalRun.CHECK, "--scenario", broken.toString()}, out))
                .isInstanceOf(dev.margintopup.local.scenario.ScenarioException.class)
                .hasMessageContaining("accounts[0].config.sources[1].wallet: ")
                .hasMessageContaining("margin wallet");
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void relative_scenario_and_report_paths_are_read_from_where_the_command_was_typed(@TempDir Path dir)
            throws Exception {
        Files.copy(ScenarioFiles.builtIn("flash-wick"), dir.resolve("mine.json"));
        String before = System.getProperty(dev.margintopup.local.CallerPaths.CALLER_DIR);
        System.setProperty(dev.margintopup.local.CallerPaths.CALLER_DIR, dir.toString());
        try {
            assertThat(LocalRun.run(new String[] {LocalRun.CHECK, "--scenario", "mine.json"}, out)).isZero();
            LocalRun.Options options = LocalRun.parse(new String[] {"--report", "out/r.html"}, dir, out);
            assertThat(options.report()).isEqualTo(dir.resolve("out/r.html"));
        } finally {
            if (before == null) {
                System.clearProperty(dev.margintopup.local.CallerPaths.CALLER_DIR);
            } else {
                System.setProperty(dev.margintopup.local.CallerPaths.CALLER_DIR, before);
            }
        }
    }

    @Test
    void two_runs_of_one_scenario_get_reports_of_their_own_names() {
        Path report = LocalRun.parse(new String[] {}, Path.of("/repo"), out).report();
        assertThat(report.getFileName().toString())
                .matches("crash-30-\\d{8}-\\d{6}-" + ProcessHandle.current().pid() + "\\.html");
    }

    /** Where the built-in scenario files are, for tests that start from one. */
    static final class ScenarioFiles {
        static Path builtIn(String name) {
            Path dir = Path.of("").toAbsolutePath();
            for (Path p = dir; p != null; p = p.getParent()) {
                Path file = p.resolve("infra/scenarios/" + name + ".json");
                if (Files.isRegularFile(file)) {
                    return file;
                }
            }
            throw new IllegalStateException("no infra/scenarios/" + name + ".json above " + dir);
        }
    }
}
