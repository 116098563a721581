package dev.margintopup.local.report;

import java.nio.file.Path;

/** Renders the demo run to a file for a look in a browser: {@code HtmlReportDemo [file]}. */
public final class HtmlReportDemo {

    private HtmlReportDemo() {}

    public static void main(String[] args) {
        RunReport report = args.length > 1 && args[1].equals("long") ? DemoReports.longDay() : DemoReports.flashCrash();
        Path file = HtmlReport.write(report, Path.of(args.length > 0 ? args[0] : "/tmp/report-demo.html"));
        System.out.print(SummaryTable.render(report));
        System.out.println("wrote " + file.toAbsolutePath());
    }
}
