package dev.margintopup.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report as people see it, in headless Chromium at desktop and laptop widths: no chart label overlaps another or
 * sticks out of its chart, and the page never scrolls sideways. The screenshots are kept in target/report-png/ for a
 * look. Built-in scenarios played through the whole pipeline are checked the same way by ReportRenderingIT.
 */
class ReportRenderingTest {

    private static final Map<String, Supplier<RunReport>> REPORTS = Map.of(
            "flash-crash", DemoReports::flashCrash,
            "long-day", DemoReports::longDay,
            "crowded", DemoReports::crowded);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flash-crash", "long-day", "crowded"})
    void no_label_overlaps_another_at_desktop_and_laptop_widths(String name) {
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, "no headless Chromium here (apt-get install chromium, or set CHROMIUM)");
        Path html = HtmlReport.write(REPORTS.get(name).get(), Path.of("target/report-png/" + name + ".html"));

        for (int width : HeadlessChromium.WIDTHS) {
            HeadlessChromium.Layout layout = chromium.layout(html, width);
            chromium.screenshot(html, width, layout.pageHeight(), Path.of("target/report-png/" + name + "-" + width + ".png"));

            assertThat(layout.labels()).as("labels measured at %d px", width).isGreaterThan(20);
            assertThat(layout.problems()).as("%s at %d px", name, width).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void the_check_finds_labels_that_overlap_or_stick_out(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, "no headless Chromium here (apt-get install chromium, or set CHROMIUM)");
        Path html = java.nio.file.Files.writeString(dir.resolve("bad.html"), """
                <!doctype html><html><body><svg class="chart" aria-label="bad" viewBox="0 0 1000 100" width="1000">
                <text x="100" y="50">+12,345 USDT</text><text x="130" y="52">+6,789 USDT</text>
                <text x="990" y="80">sticks out</text></svg></body></html>
                """);

        HeadlessChromium.Layout layout = chromium.layout(html, 1200);

        assertThat(layout.problems()).containsExactlyInAnyOrder(
                "bad: \"+12,345 USDT\" overlaps \"+6,789 USDT\"", "bad: \"sticks out\" sticks out of the chart");
    }
}
