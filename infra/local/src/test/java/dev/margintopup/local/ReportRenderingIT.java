package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.margintopup.local.backtest.Backtest;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.report.HeadlessChromium;
import dev.margintopup.local.report.HtmlReport;
import dev.margintopup.local.report.RunReport;
import dev.margintopup.local.run.ScenarioPlayer;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.paper.PaperVenueServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in scenario played through the whole pipeline, as {@code infra/bin/run --scenario NAME} plays it, and
 * its report laid out in headless Chromium at desktop and laptop widths: no chart label overlaps another or sticks
 * out of its chart, and the page never scrolls sideways. The pages and their screenshots are kept in
 * target/report-png/scenarios/ for a look.
 */
class ReportRenderingIT {

    static List<String> builtInNames() {
        return ScenarioLoader.builtInNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInNames")
    void the_report_of_every_built_in_scenario_reads_without_overlapping_labels(String name) {
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, "no headless Chromium here (apt-get install chromium, or set CHROMIUM)");
        Scenario scenario = ScenarioLoader.builtIn(name);
        RunReport report;
        Comparison comparison = null;
        if (scenario.compare()) {
            Backtest.Played played = Backtest.play(PipelineFixture.template(), scenario);
            assertThat(played.failure()).as("%s played to its end", name).isNull();
            report = played.result().report();
            comparison = played.comparison();
        } else {
            try (PaperVenueServer venue = PaperVenueServer.start(0)) {
                report = new ScenarioPlayer(PipelineFixture.template(), venue, ScenarioPlayer.Progress.SILENT,
                        Duration.ZERO).play(scenario).report();
            }
        }
        Path dir = Path.of("target/report-png/scenarios");
        Path html = HtmlReport.write(report, comparison, dir.resolve(name + ".html"));

        for (int width : HeadlessChromium.WIDTHS) {
            HeadlessChromium.Layout layout = chromium.layout(html, width);
            chromium.screenshot(html, width, layout.pageHeight(), dir.resolve(name + "-" + width + ".png"));

            assertThat(layout.labels()).as("labels measured at %d px", width).isGreaterThan(20);
            assertThat(layout.problems()).as("%s at %d px", name, width).isEmpty();
        }
    }
}
