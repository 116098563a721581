package dev.margintopup.local.report;

import static dev.margintopup.local.report.HtmlReport.escape;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Inline SVG charts of a run: the symbol's price, and one account's margin ratio with its trigger, target,
 * top-ups, alerts and liquidation. Drawn in a fixed 1000-unit-wide view box that the page scales to fit.
 */
final class Charts {

    static final int WIDTH = 1000;
    /** A polyline needs no more than about one point per horizontal unit; a day of minutes is thinned to this. */
    static final int MAX_POINTS = 600;

    private static final double LEFT = 64;
    private static final double RIGHT = 28;
    /** Above the price plot: the legend. Above a ratio plot: the legend, two lanes of top-up labels, the alerts. */
    private static final double PRICE_TOP = 40;
    private static final double RATIO_TOP = 72;
    private static final double LEGEND_Y = 16;
    private static final double LABEL_LANE_Y = 38;
    private static final int LABEL_LANES = 2;
    private static final double BOTTOM = 44;
    private static final double CHAR_WIDTH = 6.5;

    static final String MANAGED = "#0969da";
    static final String CONTROL = "#6e7781";
    static final String TRIGGER = "#d4a72c";
    static final String TARGET = "#1a7f37";
    static final String DANGER = "#cf222e";
    static final String PRICE = "#24292f";
    static final String UNCONFIRMED = "#8c959f";
    private static final Map<String, String> ALERT_COLOURS = Map.of(
            "MarginAtRisk", "#bf8700",
            "TopUpFailed", DANGER,
            "AccountConfigInvalid", "#8250df");

    private record Point(int minute, BigDecimal value) {}

    /** Where a minute and a value land inside the plot area. */
    private record Frame(double height, double top, double m0, double m1, double v0, double v1) {
        double left() { return LEFT; }
        double right() { return WIDTH - RIGHT; }
        double bottom() { return height - BOTTOM; }
        double x(double minute) { return left() + (minute - m0) / (m1 - m0) * (right() - left()); }
        double y(double value) { return bottom() - (value - v0) / (v1 - v0) * (bottom() - top()); }
    }

    private Charts() {}

    static String price(RunReport report) {
        List<Point> points = report.prices().stream().map(p -> new Point(p.minute(), p.price())).toList();
        double height = 300;
        if (points.isEmpty()) {
            return empty(height, "No prices recorded.");
        }
        double low = points.stream().mapToDouble(p -> p.value().doubleValue()).min().orElseThrow();
        double high = points.stream().mapToDouble(p -> p.value().doubleValue()).max().orElseThrow();
        for (AccountTrack account : report.accounts()) {
            if (account.liquidated()) {
                low = Math.min(low, account.liquidation().markPrice().doubleValue());
                high = Math.max(high, account.liquidation().markPrice().doubleValue());
            }
        }
        double spread = high - low;
        if (spread <= 0) {
            spread = Math.max(Math.abs(high) * 0.02, 1);
        }
        BigDecimal step = niceStep(spread * 1.1, 5);
        double stepValue = step.doubleValue();
        double v0 = Math.floor((low - spread * 0.05) / stepValue) * stepValue;
        double v1 = Math.ceil((high + spread * 0.05) / stepValue) * stepValue;
        Frame frame = new Frame(height, PRICE_TOP, 0, lastMinute(report), v0, v1);

        StringBuilder svg = open(report, frame, "price", "Mark price of " + report.symbol(), points);
        valueAxis(svg, frame, step, v -> groupedFixed(v, Math.max(0, step.stripTrailingZeros().scale())));
        minuteAxis(svg, frame, report);

        List<Point> line = decimate(points, MAX_POINTS);
        String path = path(List.of(line), frame);
        svg.append("<path class=\"area\" d=\"").append(path)
                .append("L").append(n(frame.x(line.getLast().minute()))).append(',').append(n(frame.bottom()))
                .append("L").append(n(frame.x(line.getFirst().minute()))).append(',').append(n(frame.bottom()))
                .append("Z\" fill=\"").append(PRICE).append("\" fill-opacity=\"0.06\"/>");
        svg.append("<path class=\"series\" d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(PRICE)
                .append("\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>");

        boolean anyLiquidation = false;
        for (AccountTrack account : report.accounts()) {
            if (!account.liquidated()) {
                continue;
            }
            anyLiquidation = true;
            Liquidation liquidation = account.liquidation();
            double x = frame.x(liquidation.minute());
            double y = frame.y(liquidation.markPrice().doubleValue());
            svg.append("<g class=\"liquidation\"><title>").append(escape(account.accountId()))
                    .append(" liquidated at minute ").append(liquidation.minute()).append(", mark ")
                    .append(ReportFormat.price(liquidation.markPrice())).append("</title>");
            cross(svg, x, y, 6);
            String label = account.accountId() + " liquidated";
            boolean leftSide = x + 10 + textWidth(label) > frame.right();
            svg.append("<text class=\"halo\" x=\"").append(n(leftSide ? x - 10 : x + 10)).append("\" y=\"")
                    .append(n(y + 4)).append("\" text-anchor=\"").append(leftSide ? "end" : "start")
                    .append("\" fill=\"").append(DANGER).append("\">").append(escape(label)).append("</text></g>");
        }

        List<LegendItem> legend = new ArrayList<>();
        legend.add(new LegendItem(Swatch.LINE, PRICE, "mark price " + report.symbol()));
        if (anyLiquidation) {
            legend.add(new LegendItem(Swatch.CROSS, DANGER, "liquidation"));
        }
        legend(svg, legend);
        return close(svg, frame.top());
    }

    static String marginRatio(RunReport report, AccountTrack account) {
        double height = 350;
        double worst = account.worstRatio().map(BigDecimal::doubleValue).orElse(0.0);
        double v1 = worst > 1.1 ? Math.ceil(worst * 10 - 1e-9) / 10 : 1.1;
        Frame frame = new Frame(height, RATIO_TOP, 0, lastMinute(report), 0, v1);
        String colour = account.managed() ? MANAGED : CONTROL;

        List<List<Point>> runs = runs(account.samples());
        List<Point> hover = runs.stream().flatMap(List::stream).toList();
        StringBuilder svg = open(report, frame, "ratio", "Margin ratio of " + account.accountId(), hover);

        zones(svg, frame, account);
        valueAxis(svg, frame, niceStep(v1, 6), v -> v.stripTrailingZeros().scale() <= 1
                ? v.setScale(1, RoundingMode.HALF_UP).toPlainString() : v.toPlainString());
        minuteAxis(svg, frame, report);
        if (account.liquidated()) {
            double x = frame.x(account.liquidation().minute());
            svg.append("<rect class=\"closed\" x=\"").append(n(x)).append("\" y=\"").append(n(frame.top()))
                    .append("\" width=\"").append(n(Math.max(0, frame.right() - x))).append("\" height=\"")
                    .append(n(frame.bottom() - frame.top())).append("\" fill=\"#afb8c1\" fill-opacity=\"0.18\"/>");
        }
        transferWindows(svg, frame, account);
        referenceLines(svg, frame, account);

        for (List<Point> run : runs) {
            svg.append("<path class=\"series\" d=\"").append(path(List.of(decimate(run, MAX_POINTS)), frame))
                    .append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
        }
        topUps(svg, frame, account);
        alerts(svg, frame, account);
        liquidation(svg, frame, account, runs);

        List<LegendItem> legend = new ArrayList<>();
        legend.add(new LegendItem(Swatch.LINE, colour, account.managed() ? "margin ratio (managed)" : "margin ratio (control)"));
        if (account.triggerRatio() != null) {
            legend.add(new LegendItem(Swatch.DASH, TRIGGER, "trigger"));
        }
        if (account.targetRatio() != null) {
            legend.add(new LegendItem(Swatch.DASH, TARGET, "target"));
        }
        legend.add(new LegendItem(Swatch.LINE, DANGER, "liquidation (1.0)"));
        if (!account.transfers().isEmpty()) {
            legend.add(new LegendItem(Swatch.TRIANGLE, TARGET, "top-up confirmed"));
        }
        if (account.topUps().stream().anyMatch(t -> !t.confirmed())) {
            legend.add(new LegendItem(Swatch.HOLLOW_TRIANGLE, UNCONFIRMED, "top-up not confirmed"));
        }
        if (!account.alerts().isEmpty()) {
            legend.add(new LegendItem(Swatch.DIAMOND, ALERT_COLOURS.get("MarginAtRisk"), "alert"));
        }
        if (account.liquidated()) {
            legend.add(new LegendItem(Swatch.CROSS, DANGER, "liquidated"));
        }
        legend(svg, legend);
        return close(svg, frame.top());
    }

    // ---- plot furniture ------------------------------------------------------------------------------------

    private static StringBuilder open(RunReport report, Frame frame, String kind, String label, List<Point> hover) {
        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<svg class=\"chart ").append(kind).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(n(frame.height())).append("\" role=\"img\" aria-label=\"").append(escape(label)).append('"');
        if (!hover.isEmpty()) {
            List<Point> points = decimate(hover, MAX_POINTS);
            svg.append(" data-kind=\"").append(kind).append('"')
                    .append(" data-start=\"").append(report.start().toEpochMilli()).append('"')
                    .append(" data-w=\"").append(WIDTH).append('"')
                    .append(" data-x0=\"").append(n(frame.left())).append("\" data-x1=\"").append(n(frame.right())).append('"')
                    .append(" data-yt=\"").append(n(frame.top())).append("\" data-yb=\"").append(n(frame.bottom())).append('"')
                    .append(" data-m0=\"").append(n(frame.m0())).append("\" data-m1=\"").append(n(frame.m1())).append('"')
                    .append(" data-v0=\"").append(frame.v0()).append("\" data-v1=\"").append(frame.v1()).append('"')
                    .append(" data-points=\"")
                    .append(points.stream().map(p -> p.minute() + ":" + p.value().toPlainString()).collect(Collectors.joining(" ")))
                    .append('"');
        }
        return svg.append('>');
    }

    private static String close(StringBuilder svg, double top) {
        svg.append("<g class=\"hover\" display=\"none\"><line y1=\"").append(n(top)).append("\" stroke=\"#57606a\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>")
                .append("<circle r=\"4\" fill=\"#fff\" stroke=\"#1f2328\" stroke-width=\"2\"/></g>");
        return svg.append("</svg>").toString();
    }

    private static String empty(double height, String message) {
        return "<svg class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + n(height / 3) + "\" role=\"img\" aria-label=\""
                + escape(message) + "\"><text x=\"" + WIDTH / 2 + "\" y=\"" + n(height / 6) + "\" text-anchor=\"middle\">"
                + escape(message) + "</text></svg>";
    }

    private static void valueAxis(StringBuilder svg, Frame frame, BigDecimal step, Function<BigDecimal, String> label) {
        BigDecimal tick = BigDecimal.valueOf(frame.v0()).divide(step, 0, RoundingMode.CEILING).multiply(step);
        svg.append("<g class=\"axis y\">");
        for (; tick.doubleValue() <= frame.v1() + 1e-9; tick = tick.add(step)) {
            double y = frame.y(tick.doubleValue());
            svg.append("<line x1=\"").append(n(frame.left())).append("\" x2=\"").append(n(frame.right()))
                    .append("\" y1=\"").append(n(y)).append("\" y2=\"").append(n(y)).append("\" class=\"grid\"/>")
                    .append("<text x=\"").append(n(frame.left() - 8)).append("\" y=\"").append(n(y + 4))
                    .append("\" text-anchor=\"end\">").append(label.apply(tick)).append("</text>");
        }
        svg.append("</g>");
    }

    private static void minuteAxis(StringBuilder svg, Frame frame, RunReport report) {
        int last = (int) frame.m1();
        int step = minuteStep(last, frame.right() - frame.left());
        double base = frame.bottom();
        svg.append("<g class=\"axis x\"><line x1=\"").append(n(frame.left())).append("\" x2=\"").append(n(frame.right()))
                .append("\" y1=\"").append(n(base)).append("\" y2=\"").append(n(base)).append("\" class=\"baseline\"/>");
        svg.append("<text x=\"").append(n(frame.left() - 24)).append("\" y=\"").append(n(base + 17))
                .append("\" text-anchor=\"end\" class=\"unit\">min</text>");
        svg.append("<text x=\"").append(n(frame.left() - 24)).append("\" y=\"").append(n(base + 32))
                .append("\" text-anchor=\"end\" class=\"unit\">UTC</text>");
        for (int minute = 0; minute <= last; minute += step) {
            double x = frame.x(minute);
            svg.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"").append(n(base))
                    .append("\" y2=\"").append(n(base + 5)).append("\" class=\"baseline\"/>")
                    .append("<text x=\"").append(n(x)).append("\" y=\"").append(n(base + 17))
                    .append("\" text-anchor=\"middle\">").append(minute).append("</text>")
                    .append("<text x=\"").append(n(x)).append("\" y=\"").append(n(base + 32))
                    .append("\" text-anchor=\"middle\" class=\"clock\">")
                    .append(ReportFormat.clock(report.start().plusSeconds(minute * 60L))).append("</text>");
        }
        svg.append("</g>");
    }

    /** Shades where the ratio is worrying (trigger to 1.0) and where it is fatal (above 1.0). */
    private static void zones(StringBuilder svg, Frame frame, AccountTrack account) {
        double liquidation = frame.y(1.0);
        svg.append("<rect x=\"").append(n(frame.left())).append("\" y=\"").append(n(frame.top())).append("\" width=\"")
                .append(n(frame.right() - frame.left())).append("\" height=\"").append(n(liquidation - frame.top()))
                .append("\" fill=\"").append(DANGER).append("\" fill-opacity=\"0.07\"/>");
        if (account.triggerRatio() != null && account.triggerRatio().doubleValue() < 1.0) {
            double trigger = frame.y(account.triggerRatio().doubleValue());
            svg.append("<rect x=\"").append(n(frame.left())).append("\" y=\"").append(n(liquidation)).append("\" width=\"")
                    .append(n(frame.right() - frame.left())).append("\" height=\"").append(n(trigger - liquidation))
                    .append("\" fill=\"").append(TRIGGER).append("\" fill-opacity=\"0.08\"/>");
        }
    }

    private static void referenceLines(StringBuilder svg, Frame frame, AccountTrack account) {
        record Line(BigDecimal value, String colour, String name, boolean dashed) {}
        List<Line> lines = new ArrayList<>();
        if (account.targetRatio() != null) {
            lines.add(new Line(account.targetRatio(), TARGET, "target", true));
        }
        if (account.triggerRatio() != null) {
            lines.add(new Line(account.triggerRatio(), TRIGGER, "trigger", true));
        }
        lines.add(new Line(BigDecimal.ONE, DANGER, "liquidation", false));
        double previousLabel = Double.MAX_VALUE;
        for (Line line : lines) {
            double y = frame.y(line.value().doubleValue());
            svg.append("<line class=\"reference\" x1=\"").append(n(frame.left())).append("\" x2=\"").append(n(frame.right()))
                    .append("\" y1=\"").append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(line.colour())
                    .append("\" stroke-width=\"1.5\"").append(line.dashed() ? " stroke-dasharray=\"6 4\"" : "").append("/>");
            double labelY = y - 5;
            if (previousLabel - labelY < 13) {
                labelY = previousLabel - 13;
            }
            previousLabel = labelY;
            svg.append("<text class=\"halo ref-label\" x=\"").append(n(frame.left() + 6)).append("\" y=\"").append(n(labelY))
                    .append("\" fill=\"").append(line.colour()).append("\">").append(line.name())
                    .append(' ').append(ReportFormat.ratio(line.value())).append("</text>");
        }
    }

    /** The time each confirmed top-up spent between request and arrival, as a faint band. */
    private static void transferWindows(StringBuilder svg, Frame frame, AccountTrack account) {
        for (TopUpMark transfer : account.transfers()) {
            double from = frame.x(transfer.requestedMinute());
            double to = frame.x(transfer.confirmedMinute());
            if (to > from) {
                svg.append("<rect x=\"").append(n(from)).append("\" y=\"").append(n(frame.top())).append("\" width=\"")
                        .append(n(to - from)).append("\" height=\"").append(n(frame.bottom() - frame.top()))
                        .append("\" fill=\"").append(TARGET).append("\" fill-opacity=\"0.10\"/>");
            }
        }
    }

    private static void topUps(StringBuilder svg, Frame frame, AccountTrack account) {
        List<Double> rowEnds = new ArrayList<>();
        for (TopUpMark topUp : account.topUps()) {
            boolean confirmed = topUp.confirmed();
            int minute = confirmed ? topUp.confirmedMinute() : topUp.requestedMinute();
            double x = frame.x(minute);
            String colour = confirmed ? TARGET : TopUpMark.FAILED.equals(topUp.outcome()) ? DANGER : UNCONFIRMED;
            String amount = ReportFormat.amount(topUp.amount()) + " " + topUp.asset();
            String label = confirmed ? "+" + amount : amount + " " + topUp.outcome().toLowerCase(Locale.ROOT);

            double width = textWidth(label);
            double start = Math.clamp(x - width / 2, frame.left() + 2, frame.right() - width - 2);
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > start - 6) {
                row++;
            }
            if (row == rowEnds.size() && rowEnds.size() < LABEL_LANES) {
                rowEnds.add(0.0);
            } else if (row == rowEnds.size()) {
                row = rowEnds.indexOf(rowEnds.stream().min(Double::compare).orElseThrow());
            }
            rowEnds.set(row, start + width);
            double labelY = LABEL_LANE_Y + row * 14;

            svg.append("<g class=\"topup\"><title>").append(escape(tooltip(topUp))).append("</title>");
            svg.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"").append(n(labelY + 4))
                    .append("\" y2=\"").append(n(frame.bottom() - 10)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.2\"").append(confirmed ? "" : " stroke-dasharray=\"3 3\"").append("/>");
            svg.append("<path d=\"M").append(n(x)).append(',').append(n(frame.bottom() - 11)).append("l6.5,11h-13z\"")
                    .append(confirmed ? " fill=\"" + colour + "\"" : " fill=\"#fff\" stroke=\"" + colour + "\" stroke-width=\"1.5\"")
                    .append("/>");
            svg.append("<text class=\"halo topup-label\" x=\"").append(n(start)).append("\" y=\"").append(n(labelY))
                    .append("\" fill=\"").append(colour).append("\">").append(escape(label)).append("</text></g>");
        }
    }

    private static String tooltip(TopUpMark topUp) {
        String amount = ReportFormat.amount(topUp.amount()) + " " + topUp.asset();
        if (topUp.confirmed()) {
            return "Top-up of " + amount + ": requested minute " + topUp.requestedMinute() + ", confirmed minute "
                    + topUp.confirmedMinute();
        }
        return "Top-up of " + amount + ": requested minute " + topUp.requestedMinute() + ", " + topUp.outcome();
    }

    /** Alerts sit in a lane above the plot, one marker per minute, every alert of that minute in its tooltip. */
    private static void alerts(StringBuilder svg, Frame frame, AccountTrack account) {
        Map<Integer, List<AlertMark>> byMinute = new LinkedHashMap<>();
        account.alerts().forEach(a -> byMinute.computeIfAbsent(a.minute(), m -> new ArrayList<>()).add(a));
        double y = frame.top() - 9;
        byMinute.forEach((minute, alerts) -> {
            double x = frame.x(minute);
            String colour = ALERT_COLOURS.getOrDefault(alerts.getFirst().type(), UNCONFIRMED);
            String title = alerts.stream()
                    .map(a -> "minute " + a.minute() + " · " + a.type() + (a.reason().isEmpty() ? "" : ": " + a.reason()))
                    .collect(Collectors.joining("\n"));
            svg.append("<g class=\"alert\"><title>").append(escape(title)).append("</title><path d=\"M").append(n(x))
                    .append(',').append(n(y - 5.5)).append("l5.5,5.5l-5.5,5.5l-5.5,-5.5z\" fill=\"").append(colour)
                    .append("\" stroke=\"#fff\" stroke-width=\"1\"/></g>");
        });
    }

    private static void liquidation(StringBuilder svg, Frame frame, AccountTrack account, List<List<Point>> runs) {
        if (!account.liquidated()) {
            return;
        }
        Liquidation liquidation = account.liquidation();
        double ratio = runs.stream().flatMap(List::stream).filter(p -> p.minute() <= liquidation.minute())
                .reduce((a, b) -> b).map(p -> p.value().doubleValue()).orElse(1.0);
        double x = frame.x(liquidation.minute());
        double y = frame.y(Math.min(Math.max(ratio, 1.0), frame.v1()));
        String first = "liquidated at minute " + liquidation.minute();
        String second = "mark price " + ReportFormat.price(liquidation.markPrice());
        svg.append("<g class=\"liquidation\"><title>").append(escape("Liquidated at minute " + liquidation.minute()
                + ", mark price " + ReportFormat.price(liquidation.markPrice()))).append("</title>");
        cross(svg, x, y, 7);
        boolean leftSide = x + 14 + textWidth(first) > frame.right();
        String anchor = "\" text-anchor=\"" + (leftSide ? "end" : "start") + "\" fill=\"" + DANGER + "\">";
        double labelX = leftSide ? x - 14 : x + 14;
        svg.append("<text class=\"halo liq-label\" x=\"").append(n(labelX)).append("\" y=\"").append(n(y + 26))
                .append(anchor).append(escape(first)).append("</text>");
        svg.append("<text class=\"halo\" x=\"").append(n(labelX)).append("\" y=\"").append(n(y + 41))
                .append(anchor).append(escape(second)).append("</text></g>");
    }

    private static void cross(StringBuilder svg, double x, double y, double r) {
        svg.append("<path d=\"M").append(n(x - r)).append(',').append(n(y - r)).append("l").append(n(2 * r)).append(',')
                .append(n(2 * r)).append("M").append(n(x - r)).append(',').append(n(y + r)).append("l").append(n(2 * r))
                .append(',').append(n(-2 * r)).append("\" stroke=\"#fff\" stroke-width=\"6\" stroke-linecap=\"round\"/>")
                .append("<path d=\"M").append(n(x - r)).append(',').append(n(y - r)).append("l").append(n(2 * r)).append(',')
                .append(n(2 * r)).append("M").append(n(x - r)).append(',').append(n(y + r)).append("l").append(n(2 * r))
                .append(',').append(n(-2 * r)).append("\" stroke=\"").append(DANGER)
                .append("\" stroke-width=\"3\" stroke-linecap=\"round\"/>");
    }

    private enum Swatch { LINE, DASH, TRIANGLE, HOLLOW_TRIANGLE, DIAMOND, CROSS }

    private record LegendItem(Swatch swatch, String colour, String text) {}

    private static void legend(StringBuilder svg, List<LegendItem> items) {
        double x = LEFT;
        double y = LEGEND_Y;
        svg.append("<g class=\"legend\">");
        for (LegendItem item : items) {
            String c = item.colour();
            switch (item.swatch()) {
                case LINE -> svg.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x + 22)).append("\" y1=\"")
                        .append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(c).append("\" stroke-width=\"2.5\"/>");
                case DASH -> svg.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x + 22)).append("\" y1=\"")
                        .append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(c)
                        .append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
                case TRIANGLE -> svg.append("<path d=\"M").append(n(x + 11)).append(',').append(n(y - 6))
                        .append("l6.5,11h-13z\" fill=\"").append(c).append("\"/>");
                case HOLLOW_TRIANGLE -> svg.append("<path d=\"M").append(n(x + 11)).append(',').append(n(y - 6))
                        .append("l6.5,11h-13z\" fill=\"#fff\" stroke=\"").append(c).append("\" stroke-width=\"1.5\"/>");
                case DIAMOND -> svg.append("<path d=\"M").append(n(x + 11)).append(',').append(n(y - 5.5))
                        .append("l5.5,5.5l-5.5,5.5l-5.5,-5.5z\" fill=\"").append(c).append("\"/>");
                case CROSS -> svg.append("<path d=\"M").append(n(x + 6)).append(',').append(n(y - 5)).append("l10,10m-10,0l10,-10\" stroke=\"")
                        .append(c).append("\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>");
            }
            svg.append("<text x=\"").append(n(x + 28)).append("\" y=\"").append(n(y + 4)).append("\">")
                    .append(escape(item.text())).append("</text>");
            x += 28 + textWidth(item.text()) * 0.95 + 18;
        }
        svg.append("</g>");
    }

    // ---- data ----------------------------------------------------------------------------------------------

    /** Unbroken runs of known ratios; a gap (no ratio after liquidation) ends a run. */
    private static List<List<Point>> runs(List<Sample> samples) {
        List<List<Point>> runs = new ArrayList<>();
        List<Point> current = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.liquidated()) {
                if (!current.isEmpty()) {
                    runs.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(new Point(sample.minute(), sample.marginRatio()));
            }
        }
        if (!current.isEmpty()) {
            runs.add(current);
        }
        return runs;
    }

    /**
     * Thins a series to at most {@code max} points by keeping, for each of {@code max / 2} equal slices, its
     * lowest and highest point in time order — a spike to the brink of liquidation is never smoothed away.
     */
    static <T> List<T> decimate(List<T> points, Function<T, BigDecimal> value, int max) {
        if (points.size() <= max) {
            return points;
        }
        int buckets = Math.max(1, (max - 2) / 2);
        int size = points.size();
        List<T> kept = new ArrayList<>(max);
        kept.add(points.getFirst());
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * size / buckets);
            int to = (int) ((long) (b + 1) * size / buckets);
            int low = from;
            int high = from;
            for (int i = from; i < to; i++) {
                if (value.apply(points.get(i)).compareTo(value.apply(points.get(low))) < 0) {
                    low = i;
                }
                if (value.apply(points.get(i)).compareTo(value.apply(points.get(high))) > 0) {
                    high = i;
                }
            }
            for (int i : low == high ? new int[] {low} : new int[] {Math.min(low, high), Math.max(low, high)}) {
                if (i != 0 && i != size - 1) {
                    kept.add(points.get(i));
                }
            }
        }
        kept.add(points.getLast());
        return kept;
    }

    private static List<Point> decimate(List<Point> points, int max) {
        return decimate(points, Point::value, max);
    }

    private static String path(List<List<Point>> runs, Frame frame) {
        StringBuilder d = new StringBuilder();
        for (List<Point> run : runs) {
            for (int i = 0; i < run.size(); i++) {
                Point p = run.get(i);
                d.append(i == 0 ? 'M' : 'L').append(n(frame.x(p.minute()))).append(',')
                        .append(n(frame.y(Math.min(p.value().doubleValue(), frame.v1()))));
            }
            if (run.size() == 1) {
                d.append("h0.01");
            }
        }
        return d.toString();
    }

    private static int lastMinute(RunReport report) {
        int last = report.minutes();
        for (PricePoint p : report.prices()) {
            last = Math.max(last, p.minute());
        }
        for (AccountTrack account : report.accounts()) {
            for (Sample s : account.samples()) {
                last = Math.max(last, s.minute());
            }
        }
        return Math.max(last, 1);
    }

    /** A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about {@code ticks} ticks over {@code range}. */
    static BigDecimal niceStep(double range, int ticks) {
        double raw = range / ticks;
        int exponent = (int) Math.floor(Math.log10(raw));
        double fraction = raw / Math.pow(10, exponent);
        String mantissa = fraction <= 1 ? "1" : fraction <= 2 ? "2" : fraction <= 2.5 ? "2.5" : fraction <= 5 ? "5" : "10";
        return new BigDecimal(mantissa).scaleByPowerOfTen(exponent);
    }

    /** Minute ticks on clock-friendly steps, no closer than about 70 units apart. */
    static int minuteStep(int lastMinute, double plotWidth) {
        int maxTicks = Math.max(2, (int) (plotWidth / 70));
        for (int step : new int[] {1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440}) {
            if (lastMinute / step + 1 <= maxTicks) {
                return step;
            }
        }
        return 1440 * (lastMinute / 1440 / maxTicks + 1);
    }

    private static String groupedFixed(BigDecimal value, int decimals) {
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    private static double textWidth(String text) {
        return text.length() * CHAR_WIDTH;
    }

    /** SVG coordinates to a tenth of a unit: finer than a pixel at any sensible size, and half the bytes. */
    static String n(double value) {
        long tenths = Math.round(value * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : BigDecimal.valueOf(tenths, 1).toPlainString();
    }
}
