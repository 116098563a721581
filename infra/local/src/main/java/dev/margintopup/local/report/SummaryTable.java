package dev.margintopup.local.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The run at a glance for a terminal: one aligned row per account, then the verdict. */
public final class SummaryTable {

    private enum Align { LEFT, RIGHT }

    private record Column(List<String> header, Align align, Function<AccountTrack, String> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column(List.of("Account"), Align.LEFT, AccountTrack::accountId),
            new Column(List.of("Managed"), Align.LEFT, ReportFormat::managed),
            new Column(List.of("Outcome"), Align.LEFT, ReportFormat::outcome),
            new Column(List.of("Transfers"), Align.RIGHT, a -> String.valueOf(a.transfers().size())),
            new Column(List.of("Collateral moved"), Align.RIGHT, a -> ReportFormat.collateral(a.collateralMoved())),
            new Column(List.of("Worst ratio"), Align.RIGHT, a -> ReportFormat.ratio(a.worstRatio())),
            new Column(List.of("Breach → confirmed", "median / max"), Align.RIGHT, ReportFormat::breachToConfirmed),
            new Column(List.of("Alerts"), Align.RIGHT, a -> String.valueOf(a.alerts().size())));

    private SummaryTable() {}

    public static String render(RunReport report) {
        List<List<String>> rows = report.accounts().stream()
                .map(account -> COLUMNS.stream().map(c -> oneLine(c.value().apply(account))).toList())
                .toList();
        int headerLines = COLUMNS.stream().mapToInt(c -> c.header().size()).max().orElse(1);
        int[] widths = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            int width = 0;
            for (String line : COLUMNS.get(c).header()) {
                width = Math.max(width, width(line));
            }
            for (List<String> row : rows) {
                width = Math.max(width, width(row.get(c)));
            }
            widths[c] = width;
        }

        StringBuilder out = new StringBuilder();
        out.append(title(report)).append('\n');
        out.append(rule(widths, '┌', '┬', '┐')).append('\n');
        for (int line = 0; line < headerLines; line++) {
            List<String> cells = new ArrayList<>();
            for (Column column : COLUMNS) {
                cells.add(line < column.header().size() ? column.header().get(line) : "");
            }
            out.append(row(cells, widths)).append('\n');
        }
        out.append(rule(widths, '├', '┼', '┤')).append('\n');
        if (rows.isEmpty()) {
            int inner = rule(widths, '│', '─', '│').length() - 4;
            out.append("│ ").append(pad("no accounts", inner, Align.LEFT)).append(" │\n");
        }
        for (List<String> cells : rows) {
            out.append(row(cells, widths)).append('\n');
        }
        out.append(rule(widths, '└', '┴', '┘')).append('\n');
        for (String sentence : ReportFormat.verdict(report)) {
            out.append(sentence).append('\n');
        }
        return out.toString();
    }

    private static String title(RunReport report) {
        StringBuilder title = new StringBuilder(oneLine(report.scenario()));
        if (!report.symbol().isEmpty()) {
            title.append(" · ").append(oneLine(report.symbol()));
        }
        return title.append(" · ").append(ReportFormat.span(report.minutes()))
                .append(" from ").append(ReportFormat.when(report.start())).toString();
    }

    private static String rule(int[] widths, char left, char cross, char right) {
        StringBuilder line = new StringBuilder().append(left);
        for (int c = 0; c < widths.length; c++) {
            line.append("─".repeat(widths[c] + 2)).append(c == widths.length - 1 ? right : cross);
        }
        return line.toString();
    }

    private static String row(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("│");
        for (int c = 0; c < cells.size(); c++) {
            line.append(' ').append(pad(cells.get(c), widths[c], COLUMNS.get(c).align())).append(" │");
        }
        return line.toString();
    }

    private static String pad(String text, int width, Align align) {
        String fill = " ".repeat(Math.max(0, width - width(text)));
        return align == Align.LEFT ? text + fill : fill + text;
    }

    /** Terminal columns a cell takes; ids are plain text, so one column per code point is close enough. */
    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Account ids and scenario names come from users: a newline or tab in one must not break the grid. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }
}
