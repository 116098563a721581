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

    /** Shown after the collateral moved when some account swept margin back: runs without sweeps read as before. */
    private static final Column SWEPT_BACK = new Column(List.of("Swept back"), Align.RIGHT,
            a -> ReportFormat.collateral(a.sweptBack()));

    private SummaryTable() {}

    public static String render(RunReport report) {
        List<Column> columns = new ArrayList<>(COLUMNS);
        if (report.accounts().stream().anyMatch(a -> !a.sweeps().isEmpty())) {
            columns.add(5, SWEPT_BACK);
        }
        List<List<String>> rows = report.accounts().stream()
                .map(account -> columns.stream().map(c -> c.value().apply(account)).toList())
                .toList();
        StringBuilder out = new StringBuilder();
        out.append(title(report)).append('\n');
        out.append(grid(columns.stream().map(Column::header).toList(),
                columns.stream().map(c -> c.align() == Align.RIGHT).toList(), rows, "no accounts"));
        for (String sentence : ReportFormat.verdict(report)) {
            out.append(sentence).append('\n');
        }
        return out.toString();
    }

    /**
     * An aligned box of {@code rows} under {@code headers} (one list of lines per column), each
     * column left or right aligned; {@code empty} stands in a row of its own when there are none.
     */
    static String grid(List<List<String>> headers, List<Boolean> rightAligned, List<List<String>> cellsByRow,
            String empty) {
        List<List<String>> rows = cellsByRow.stream().map(r -> r.stream().map(SummaryTable::oneLine).toList()).toList();
        List<Align> aligns = rightAligned.stream().map(right -> right ? Align.RIGHT : Align.LEFT).toList();
        int headerLines = headers.stream().mapToInt(List::size).max().orElse(1);
        int[] widths = new int[headers.size()];
        for (int c = 0; c < headers.size(); c++) {
            int width = 0;
            for (String line : headers.get(c)) {
                width = Math.max(width, width(line));
            }
            for (List<String> row : rows) {
                width = Math.max(width, width(row.get(c)));
            }
            widths[c] = width;
        }

        StringBuilder out = new StringBuilder();
        out.append(rule(widths, '┌', '┬', '┐')).append('\n');
        for (int line = 0; line < headerLines; line++) {
            List<String> cells = new ArrayList<>();
            for (List<String> header : headers) {
                cells.add(line < header.size() ? header.get(line) : "");
            }
            out.append(row(cells, widths, aligns)).append('\n');
        }
        out.append(rule(widths, '├', '┼', '┤')).append('\n');
        if (rows.isEmpty()) {
            int inner = rule(widths, '│', '─', '│').length() - 4;
            out.append("│ ").append(pad(empty, inner, Align.LEFT)).append(" │\n");
        }
        for (List<String> cells : rows) {
            out.append(row(cells, widths, aligns)).append('\n');
        }
        out.append(rule(widths, '└', '┴', '┘')).append('\n');
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

    private static String row(List<String> cells, int[] widths, List<Align> aligns) {
        StringBuilder line = new StringBuilder("│");
        for (int c = 0; c < cells.size(); c++) {
            line.append(' ').append(pad(cells.get(c), widths[c], aligns.get(c))).append(" │");
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
