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
    private static final double LEGEND_Y = 16;
    /** A legend too wide for one row wraps onto the next, this far below. */
    private static final double LEGEND_ROW = 20;
    private static final double LABEL_LANE_Y = 38;
    private static final double LABEL_LANE = 14;
    /** Two lanes are always kept, so charts of one run line up; more are added until every label fits. */
    private static final int MIN_LABEL_LANES = 2;
    /** Past this many lanes a label is shortened, and one that still does not fit is left to its tooltip and the events. */
    private static final int MAX_LABEL_LANES = 6;
    /** The plot below the label lanes and the alert lane, as tall as ever. */
    private static final double RATIO_PLOT = 278;
    private static final double BOTTOM = 44;
    /** Generous average widths of the chart's 12-unit text, so what is laid out apart is apart when drawn. */
    private static final double CHAR_WIDTH = 6.8;
    private static final double BOLD_CHAR_WIDTH = 7.4;

    static final String MANAGED = "#0969da";
    static final String CONTROL = "#6e7781";
    static final String TRIGGER = "#d4a72c";
    static final String TARGET = "#1a7f37";
    static final String DANGER = "#cf222e";
    static final String PRICE = "#24292f";
    static final String UNCONFIRMED = "#8c959f";
    /** Sweeps back to the sources: the colour of money leaving margin, apart from the top-ups' green. */
    static final String SWEEP = "#8250df";
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
        LabelBoxes boxes = new LabelBoxes();
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
            double width = textWidth(label);
            boolean leftSide = x + 10 + width > frame.right();
            double left = leftSide ? x - 10 - width : x + 10;
            // Accounts liquidated at about the same place stack their labels downwards.
            double baseline = y + 4;
            while (!boxes.free(left, baseline - 11, left + width, baseline + 3)) {
                baseline += 15;
            }
            boxes.add(left, baseline - 11, left + width, baseline + 3);
            svg.append("<text class=\"halo\" x=\"").append(n(leftSide ? x - 10 : x + 10)).append("\" y=\"")
                    .append(n(baseline)).append("\" text-anchor=\"").append(leftSide ? "end" : "start")
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
        RatioScale scale = RatioScale.of(account);
        String colour = account.managed() ? MANAGED : CONTROL;
        List<LegendItem> legend = ratioLegend(account, colour, scale);
        double laneY = LABEL_LANE_Y + (legendRows(legend) - 1) * LEGEND_ROW;
        // Where top-ups land across depends only on minutes, so their labels are laid out before the plot's top is known.
        Frame across = new Frame(0, 0, 0, lastMinute(report), 0, 1);
        List<TopUpLabel> labels = topUpLabels(across, account);
        int lanes = Math.max(MIN_LABEL_LANES, labels.stream().mapToInt(l -> l.lane() + 1).max().orElse(0));
        double top = laneY + lanes * LABEL_LANE + 6;
        Frame frame = new Frame(top + RATIO_PLOT, top, 0, lastMinute(report), 0, scale.top());

        List<List<Point>> runs = runs(account.samples());
        List<Point> hover = runs.stream().flatMap(List::stream).toList();
        StringBuilder svg = open(report, frame, "ratio", "Margin ratio of " + account.accountId(), hover);

        zones(svg, frame, account);
        valueAxis(svg, frame, scale.step(), v -> v.stripTrailingZeros().scale() <= 1
                ? v.setScale(1, RoundingMode.HALF_UP).toPlainString() : v.stripTrailingZeros().toPlainString());
        minuteAxis(svg, frame, report);
        if (account.liquidated()) {
            double x = frame.x(account.liquidation().minute());
            svg.append("<rect class=\"closed\" x=\"").append(n(x)).append("\" y=\"").append(n(frame.top()))
                    .append("\" width=\"").append(n(Math.max(0, frame.right() - x))).append("\" height=\"")
                    .append(n(frame.bottom() - frame.top())).append("\" fill=\"#afb8c1\" fill-opacity=\"0.18\"/>");
        }
        transferWindows(svg, frame, account);
        LabelBoxes boxes = new LabelBoxes();
        referenceLines(svg, frame, account, boxes);
        if (!scale.liquidationOnScale()) {
            offScaleLiquidation(svg, frame);
        }

        for (List<Point> run : runs) {
            svg.append("<path class=\"series\" d=\"").append(path(List.of(decimate(run, MAX_POINTS)), frame))
                    .append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
        }
        wouldTopUps(svg, frame, account);
        topUps(svg, frame, account, labels, laneY);
        sweeps(svg, frame, account);
        alerts(svg, frame, account);
        liquidation(svg, frame, account, runs, boxes);
        legend(svg, legend);
        return close(svg, frame.top());
    }

    /**
     * The ratio axis of one account: from 0 to a little above the highest of its ratios, trigger and target, so a
     * calm account's line is not squashed against the floor. Liquidation (1.0) is on the axis when the account came
     * anywhere near it, and otherwise marked at the top as off the scale.
     */
    record RatioScale(double top, BigDecimal step, boolean liquidationOnScale) {

        /** At or above this, liquidation is close enough to draw at its place. */
        static final double NEAR_LIQUIDATION = 0.6;

        static RatioScale of(AccountTrack account) {
            double high = account.worstRatio().map(BigDecimal::doubleValue).orElse(0.0);
            if (account.triggerRatio() != null) {
                high = Math.max(high, account.triggerRatio().doubleValue());
            }
            if (account.targetRatio() != null) {
                high = Math.max(high, account.targetRatio().doubleValue());
            }
            if (high >= NEAR_LIQUIDATION || account.liquidated() || high <= 0) {
                double top = high > 1.1 ? Math.ceil(high * 10 - 1e-9) / 10 : 1.1;
                return new RatioScale(top, niceStep(top, 6), true);
            }
            BigDecimal step = niceStep(high * 1.15, 5);
            double top = Math.ceil(high * 1.15 / step.doubleValue() - 1e-9) * step.doubleValue();
            return new RatioScale(top, step, top >= 1.0);
        }
    }

    private static List<LegendItem> ratioLegend(AccountTrack account, String colour, RatioScale scale) {
        List<LegendItem> legend = new ArrayList<>();
        legend.add(new LegendItem(Swatch.LINE, colour, account.managed() ? "margin ratio (managed)" : "margin ratio (control)"));
        if (account.triggerRatio() != null) {
            legend.add(new LegendItem(Swatch.DASH, TRIGGER, "trigger"));
        }
        if (account.targetRatio() != null) {
            legend.add(new LegendItem(Swatch.DASH, TARGET, "target"));
        }
        legend.add(scale.liquidationOnScale() ? new LegendItem(Swatch.LINE, DANGER, "liquidation (1.0)")
                : new LegendItem(Swatch.ARROW, DANGER, "liquidation (1.0) is off this scale, "
                        + ReportFormat.times(1.0 / scale.top()) + " its top"));
        if (!account.transfers().isEmpty()) {
            legend.add(new LegendItem(Swatch.TRIANGLE, TARGET, "top-up confirmed"));
        }
        if (account.topUps().stream().anyMatch(t -> !t.confirmed())) {
            legend.add(new LegendItem(Swatch.HOLLOW_TRIANGLE, UNCONFIRMED, "top-up not confirmed"));
        }
        if (!account.money().wouldTopUps().isEmpty()) {
            legend.add(new LegendItem(Swatch.HOLLOW_TRIANGLE, CONTROL, "would top up (dry run)"));
        }
        if (!account.sweeps().isEmpty()) {
            legend.add(new LegendItem(Swatch.DOWN_TRIANGLE, SWEEP, "swept back to a source"));
        }
        if (!account.alerts().isEmpty()) {
            legend.add(new LegendItem(Swatch.DIAMOND, ALERT_COLOURS.get("MarginAtRisk"), "alert"));
        }
        if (account.liquidated()) {
            legend.add(new LegendItem(Swatch.CROSS, DANGER, "liquidated"));
        }
        return legend;
    }

    /** One colour per source wallet, in the order the account draws on them. */
    private static final List<String> SOURCE_COLOURS = List.of("#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df");
    static final String CAP = "#cf222e";

    /**
     * The money behind an account's top-ups: each source wallet's free balance, and how much of the daily cap the
     * confirmed top-ups have used (it starts again at each UTC midnight of the run), below the cap itself. Empty when
     * the run recorded neither balances nor a cap.
     */
    static String money(RunReport report, AccountTrack account) {
        MoneyTrack money = account.money();
        if (money.sourceBalances().isEmpty() && money.dailyCap() == null) {
            return "";
        }
        int last = lastMinute(report);
        List<Point> capUsed = capUsed(report, account, last);
        double high = capUsed.stream().mapToDouble(p -> p.value().doubleValue()).max().orElse(0);
        for (List<MoneyTrack.Amount> series : money.sourceBalances().values()) {
            high = Math.max(high, series.stream().mapToDouble(a -> a.value().doubleValue()).max().orElse(0));
        }
        if (money.dailyCap() != null) {
            high = Math.max(high, money.dailyCap().doubleValue());
        }
        BigDecimal step = niceStep(Math.max(high, 1) * 1.1, 5);
        double v1 = Math.ceil(Math.max(high, 1) * 1.1 / step.doubleValue()) * step.doubleValue();

        String unit = money.asset().isEmpty() ? "" : " " + money.asset();
        List<LegendItem> legend = new ArrayList<>();
        int colour = 0;
        for (String wallet : money.sourceBalances().keySet()) {
            legend.add(new LegendItem(Swatch.LINE, SOURCE_COLOURS.get(colour++ % SOURCE_COLOURS.size()),
                    wallet + " balance"));
        }
        legend.add(new LegendItem(Swatch.LINE, CAP, "daily cap used by confirmed top-ups"));
        if (money.dailyCap() != null) {
            legend.add(new LegendItem(Swatch.DASH, CAP, "daily cap " + ReportFormat.amount(money.dailyCap()) + unit));
        }
        double top = PRICE_TOP + (legendRows(legend) - 1) * LEGEND_ROW;
        Frame frame = new Frame(top + 190, top, 0, last, 0, v1);
        StringBuilder svg = open(report, frame, "money", "Source wallets and daily cap of " + account.accountId(), List.of());
        valueAxis(svg, frame, step, v -> groupedFixed(v, Math.max(0, step.stripTrailingZeros().scale())));
        minuteAxis(svg, frame, report);
        if (money.dailyCap() != null) {
            double y = frame.y(money.dailyCap().doubleValue());
            svg.append("<line class=\"reference\" x1=\"").append(n(frame.left())).append("\" x2=\"").append(n(frame.right()))
                    .append("\" y1=\"").append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(CAP)
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
        }
        colour = 0;
        for (List<MoneyTrack.Amount> series : money.sourceBalances().values()) {
            List<Point> points = series.stream().map(a -> new Point(a.minute(), a.value())).toList();
            if (!points.isEmpty()) {
                svg.append("<path class=\"series\" d=\"").append(path(List.of(decimate(points, MAX_POINTS)), frame))
                        .append("\" fill=\"none\" stroke=\"").append(SOURCE_COLOURS.get(colour % SOURCE_COLOURS.size()))
                        .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
            }
            colour++;
        }
        svg.append("<path class=\"series cap-used\" d=\"").append(path(List.of(capUsed), frame))
                .append("\" fill=\"none\" stroke=\"").append(CAP).append("\" stroke-width=\"2\"/>");
        legend(svg, legend);
        return close(svg, frame.top());
    }


    /**
     * The capital tied up in margin, minute by minute: each account's margin balance, the managed ones beside the
     * control (dashed), which was never topped up. A line ends where its account was liquidated. Empty without a
     * control or without balances.
     */
    static String capital(RunReport report) {
        List<AccountTrack> drawn = report.accounts().stream()
                .filter(a -> !a.money().marginBalances().isEmpty()).toList();
        if (drawn.stream().allMatch(AccountTrack::managed) || drawn.stream().noneMatch(AccountTrack::managed)) {
            return "";
        }
        int last = lastMinute(report);
        double high = drawn.stream().flatMap(a -> a.money().marginBalances().stream())
                .mapToDouble(a -> a.value().doubleValue()).max().orElse(0);
        BigDecimal step = niceStep(Math.max(high, 1) * 1.1, 5);
        double v1 = Math.ceil(Math.max(high, 1) * 1.1 / step.doubleValue()) * step.doubleValue();
        List<LegendItem> legend = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        int colour = 0;
        for (AccountTrack account : drawn) {
            String stroke = account.managed() ? SOURCE_COLOURS.get(colour++ % SOURCE_COLOURS.size()) : CONTROL;
            colours.add(stroke);
            legend.add(new LegendItem(account.managed() ? Swatch.LINE : Swatch.DASH, stroke, account.accountId()
                    + (account.managed() ? "" : " (control)")
                    + (account.liquidated() ? ", liquidated at minute " + account.liquidation().minute() : "")));
        }
        double top = PRICE_TOP + (legendRows(legend) - 1) * LEGEND_ROW;
        Frame frame = new Frame(top + 190, top, 0, last, 0, v1);
        StringBuilder svg = open(report, frame, "capital", "Margin balance of every account against the control",
                List.of());
        valueAxis(svg, frame, step, v -> groupedFixed(v, Math.max(0, step.stripTrailingZeros().scale())));
        minuteAxis(svg, frame, report);
        for (int i = 0; i < drawn.size(); i++) {
            AccountTrack account = drawn.get(i);
            List<Point> points = account.money().marginBalances().stream()
                    .map(a -> new Point(a.minute(), a.value())).toList();
            svg.append("<path class=\"series\" d=\"").append(path(List.of(decimate(points, MAX_POINTS)), frame))
                    .append("\" fill=\"none\" stroke=\"").append(colours.get(i)).append("\" stroke-width=\"2\"")
                    .append(account.managed() ? "" : " stroke-dasharray=\"6 4\"")
                    .append(" stroke-linejoin=\"round\"/>");
        }
        legend(svg, legend);
        return close(svg, frame.top());
    }

    /** The cap used at each change, as a step line: confirmed top-ups of the run's UTC day so far. */
    private static List<Point> capUsed(RunReport report, AccountTrack account, int last) {
        List<Point> steps = new ArrayList<>();
        BigDecimal used = BigDecimal.ZERO;
        java.time.LocalDate day = report.start().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        steps.add(new Point(0, used));
        List<TopUpMark> transfers = account.transfers().stream()
                .sorted(java.util.Comparator.comparingInt(TopUpMark::confirmedMinute)).toList();
        int next = 0;
        for (int minute = 0; minute <= last; minute++) {
            java.time.LocalDate today = report.start().plusSeconds(minute * 60L).atZone(java.time.ZoneOffset.UTC).toLocalDate();
            BigDecimal before = used;
            if (!today.equals(day)) {
                day = today;
                used = BigDecimal.ZERO;
            }
            while (next < transfers.size() && transfers.get(next).confirmedMinute() <= minute) {
                used = used.add(transfers.get(next++).amount());
            }
            if (used.compareTo(before) != 0) {
                steps.add(new Point(minute, before));
                steps.add(new Point(minute, used));
            }
        }
        steps.add(new Point(last, used));
        return steps;
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

    /** Shades where the ratio is worrying (trigger to 1.0) and where it is fatal (above 1.0), as far as the axis goes. */
    private static void zones(StringBuilder svg, Frame frame, AccountTrack account) {
        double liquidation = frame.y(Math.min(1.0, frame.v1()));
        if (frame.v1() > 1.0) {
            svg.append("<rect x=\"").append(n(frame.left())).append("\" y=\"").append(n(frame.top())).append("\" width=\"")
                    .append(n(frame.right() - frame.left())).append("\" height=\"").append(n(liquidation - frame.top()))
                    .append("\" fill=\"").append(DANGER).append("\" fill-opacity=\"0.07\"/>");
        }
        if (account.triggerRatio() != null && account.triggerRatio().doubleValue() < Math.min(1.0, frame.v1())) {
            double trigger = frame.y(account.triggerRatio().doubleValue());
            svg.append("<rect x=\"").append(n(frame.left())).append("\" y=\"").append(n(liquidation)).append("\" width=\"")
                    .append(n(frame.right() - frame.left())).append("\" height=\"").append(n(trigger - liquidation))
                    .append("\" fill=\"").append(TRIGGER).append("\" fill-opacity=\"0.08\"/>");
        }
    }

    private static void referenceLines(StringBuilder svg, Frame frame, AccountTrack account, LabelBoxes boxes) {
        record Line(BigDecimal value, String colour, String name, boolean dashed) {}
        List<Line> lines = new ArrayList<>();
        if (account.targetRatio() != null) {
            lines.add(new Line(account.targetRatio(), TARGET, "target", true));
        }
        if (account.triggerRatio() != null) {
            lines.add(new Line(account.triggerRatio(), TRIGGER, "trigger", true));
        }
        if (frame.v1() >= 1.0) {
            lines.add(new Line(BigDecimal.ONE, DANGER, "liquidation", false));
        }
        lines.sort(java.util.Comparator.comparing(Line::value));
        double previousLabel = Double.MAX_VALUE;
        for (Line line : lines) {
            double y = frame.y(line.value().doubleValue());
            svg.append("<line class=\"reference\" x1=\"").append(n(frame.left())).append("\" x2=\"").append(n(frame.right()))
                    .append("\" y1=\"").append(n(y)).append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(line.colour())
                    .append("\" stroke-width=\"1.5\"").append(line.dashed() ? " stroke-dasharray=\"6 4\"" : "").append("/>");
            double labelY = y - 5;
            if (previousLabel - labelY < 14) {
                labelY = previousLabel - 14;
            }
            previousLabel = labelY;
            String text = line.name() + ' ' + ReportFormat.ratio(line.value());
            boxes.add(frame.left() + 6, labelY - 11, frame.left() + 6 + boldWidth(text), labelY + 3);
            svg.append("<text class=\"halo ref-label\" x=\"").append(n(frame.left() + 6)).append("\" y=\"").append(n(labelY))
                    .append("\" fill=\"").append(line.colour()).append("\">").append(escape(text)).append("</text>");
        }
    }

    /** An arrow above the top of the axis, clear of its label: liquidation is further up than this chart goes. */
    private static void offScaleLiquidation(StringBuilder svg, Frame frame) {
        double x = frame.left() - 22;
        double y = frame.top() - 14;
        svg.append("<g class=\"off-scale\"><title>Liquidation (1.0) is above this chart's scale, ")
                .append(ReportFormat.times(1.0 / frame.v1())).append(" its top</title><path d=\"M").append(n(x))
                .append(',').append(n(y - 12)).append("l6,9h-4v7h-4v-7h-4z\" fill=\"").append(DANGER).append("\"/></g>");
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

    /** A top-up's label and its lane above the plot; a label that fits in no lane has no text and lives in the tooltip. */
    private record TopUpLabel(TopUpMark topUp, String text, double start, int lane) {}

    /**
     * Lays the top-up labels out in lanes, each in the first lane where it clears the labels before it. Past
     * {@link #MAX_LABEL_LANES} a label is shortened to its amount, and one that still fits nowhere is not drawn:
     * labels never overlap.
     */
    private static List<TopUpLabel> topUpLabels(Frame frame, AccountTrack account) {
        List<Double> laneEnds = new ArrayList<>();
        List<TopUpLabel> labels = new ArrayList<>();
        for (TopUpMark topUp : account.topUps()) {
            double x = frame.x(markMinute(topUp));
            String amount = ReportFormat.amount(topUp.amount());
            String full = topUp.confirmed() ? "+" + amount + " " + topUp.asset()
                    : amount + " " + topUp.asset() + " " + topUp.outcome().toLowerCase(Locale.ROOT);
            String brief = topUp.confirmed() ? "+" + amount : amount + " " + topUp.outcome().toLowerCase(Locale.ROOT);
            TopUpLabel placed = null;
            for (String text : List.of(full, brief)) {
                double width = boldWidth(text);
                double start = Math.clamp(x - width / 2, frame.left() + 2, frame.right() - width - 2);
                for (int lane = 0; lane < MAX_LABEL_LANES && placed == null; lane++) {
                    if (lane == laneEnds.size()) {
                        laneEnds.add(Double.NEGATIVE_INFINITY);
                    }
                    if (laneEnds.get(lane) <= start - 6) {
                        laneEnds.set(lane, start + width);
                        placed = new TopUpLabel(topUp, text, start, lane);
                    }
                }
                if (placed != null) {
                    break;
                }
            }
            labels.add(placed != null ? placed : new TopUpLabel(topUp, "", x, -1));
        }
        return labels;
    }

    private static int markMinute(TopUpMark topUp) {
        return topUp.confirmed() ? topUp.confirmedMinute() : topUp.requestedMinute();
    }

    private static void topUps(StringBuilder svg, Frame frame, AccountTrack account, List<TopUpLabel> labels, double laneY) {
        for (TopUpLabel label : labels) {
            TopUpMark topUp = label.topUp();
            boolean confirmed = topUp.confirmed();
            double x = frame.x(markMinute(topUp));
            String colour = confirmed ? TARGET : TopUpMark.FAILED.equals(topUp.outcome()) ? DANGER : UNCONFIRMED;
            double labelY = laneY + Math.max(0, label.lane()) * LABEL_LANE;
            double lineTop = label.lane() < 0 ? frame.top() : labelY + 4;

            svg.append("<g class=\"topup\"><title>").append(escape(tooltip(topUp))).append("</title>");
            svg.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"").append(n(lineTop))
                    .append("\" y2=\"").append(n(frame.bottom() - 10)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.2\"").append(confirmed ? "" : " stroke-dasharray=\"3 3\"").append("/>");
            svg.append("<path d=\"M").append(n(x)).append(',').append(n(frame.bottom() - 11)).append("l6.5,11h-13z\"")
                    .append(confirmed ? " fill=\"" + colour + "\"" : " fill=\"#fff\" stroke=\"" + colour + "\" stroke-width=\"1.5\"")
                    .append("/>");
            if (!label.text().isEmpty()) {
                svg.append("<text class=\"halo topup-label\" x=\"").append(n(label.start())).append("\" y=\"").append(n(labelY))
                        .append("\" fill=\"").append(colour).append("\">").append(escape(label.text())).append("</text>");
            }
            svg.append("</g>");
        }
    }

    /**
     * Sweep legs back to the sources: a downward triangle on the floor of the plot where the money left margin, its
     * wallet and amount in the tooltip; no label in the lanes, which stay the top-ups' alone, so nothing overlaps.
     */
    private static void sweeps(StringBuilder svg, Frame frame, AccountTrack account) {
        for (SweepMark sweep : account.sweeps()) {
            boolean confirmed = sweep.confirmed();
            int minute = confirmed ? sweep.confirmedMinute() : sweep.requestedMinute();
            double x = frame.x(minute);
            String amount = ReportFormat.amount(sweep.amount()) + " " + sweep.asset();
            String title = confirmed
                    ? "Sweep of " + amount + " back to " + sweep.toWallet() + ": requested minute "
                            + sweep.requestedMinute() + ", confirmed minute " + sweep.confirmedMinute()
                    : "Sweep of " + amount + " back to " + sweep.toWallet() + ": requested minute "
                            + sweep.requestedMinute() + ", " + sweep.outcome();
            svg.append("<g class=\"sweep\"><title>").append(escape(title)).append("</title>")
                    .append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"")
                    .append(n(frame.bottom() - 34)).append("\" y2=\"").append(n(frame.bottom() - 11))
                    .append("\" stroke=\"").append(SWEEP).append("\" stroke-width=\"1.2\"")
                    .append(confirmed ? "" : " stroke-dasharray=\"3 3\"").append("/>")
                    .append("<path d=\"M").append(n(x)).append(',').append(n(frame.bottom())).append("l6.5,-11h-13z\"")
                    .append(confirmed ? " fill=\"" + SWEEP + "\"" : " fill=\"#fff\" stroke=\"" + SWEEP + "\" stroke-width=\"1.5\"")
                    .append("/></g>");
        }
    }

    /** What a dry-run account's checks would have moved: hollow grey markers on the floor of the plot, no label. */
    private static void wouldTopUps(StringBuilder svg, Frame frame, AccountTrack account) {
        for (MoneyTrack.WouldTopUp would : account.money().wouldTopUps()) {
            double x = frame.x(would.minute());
            svg.append("<g class=\"would-topup\"><title>").append(escape("Minute " + would.minute() + ": would top up "
                    + ReportFormat.amount(would.amount()) + " " + account.money().asset() + " (dry run: nothing moved)"))
                    .append("</title><path d=\"M").append(n(x)).append(',').append(n(frame.bottom() - 9))
                    .append("l5,9h-10z\" fill=\"#fff\" stroke=\"").append(CONTROL).append("\" stroke-width=\"1.3\"/></g>");
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

    private static void liquidation(StringBuilder svg, Frame frame, AccountTrack account, List<List<Point>> runs,
            LabelBoxes boxes) {
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
        double width = Math.max(boldWidth(first), textWidth(second));
        boolean leftSide = x + 14 + width > frame.right();
        double labelX = leftSide ? x - 14 : x + 14;
        double boxLeft = leftSide ? labelX - width : labelX;
        // Below the cross, lower still while a reference label is in the way.
        double baseline = y + 26;
        while (!boxes.free(boxLeft, baseline - 11, boxLeft + width, baseline + 18) && baseline < frame.bottom() - 20) {
            baseline += 14;
        }
        boxes.add(boxLeft, baseline - 11, boxLeft + width, baseline + 18);
        String anchor = "\" text-anchor=\"" + (leftSide ? "end" : "start") + "\" fill=\"" + DANGER + "\">";
        svg.append("<text class=\"halo liq-label\" x=\"").append(n(labelX)).append("\" y=\"").append(n(baseline))
                .append(anchor).append(escape(first)).append("</text>");
        svg.append("<text class=\"halo\" x=\"").append(n(labelX)).append("\" y=\"").append(n(baseline + 15))
                .append(anchor).append(escape(second)).append("</text></g>");
    }

    /** Boxes taken by labels already drawn on a chart, so the next one can find a free place. */
    private static final class LabelBoxes {
        private final List<double[]> taken = new ArrayList<>();

        void add(double x0, double y0, double x1, double y1) {
            taken.add(new double[] {x0, y0, x1, y1});
        }

        boolean free(double x0, double y0, double x1, double y1) {
            return taken.stream().noneMatch(b -> x0 < b[2] && b[0] < x1 && y0 < b[3] && b[1] < y1);
        }
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

    private enum Swatch { LINE, DASH, TRIANGLE, HOLLOW_TRIANGLE, DOWN_TRIANGLE, DIAMOND, CROSS, ARROW }

    private record LegendItem(Swatch swatch, String colour, String text) {}

    private static double legendWidth(LegendItem item) {
        return 28 + textWidth(item.text()) + 18;
    }

    /** How many rows the legend takes: items go left to right and wrap before the plot's right edge. */
    private static int legendRows(List<LegendItem> items) {
        int rows = 1;
        double x = LEFT;
        for (LegendItem item : items) {
            if (x > LEFT && x + legendWidth(item) - 18 > WIDTH - RIGHT) {
                rows++;
                x = LEFT;
            }
            x += legendWidth(item);
        }
        return rows;
    }

    private static void legend(StringBuilder svg, List<LegendItem> items) {
        double x = LEFT;
        double y = LEGEND_Y;
        svg.append("<g class=\"legend\">");
        for (LegendItem item : items) {
            if (x > LEFT && x + legendWidth(item) - 18 > WIDTH - RIGHT) {
                x = LEFT;
                y += LEGEND_ROW;
            }
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
                case DOWN_TRIANGLE -> svg.append("<path d=\"M").append(n(x + 11)).append(',').append(n(y + 5))
                        .append("l6.5,-11h-13z\" fill=\"").append(c).append("\"/>");
                case DIAMOND -> svg.append("<path d=\"M").append(n(x + 11)).append(',').append(n(y - 5.5))
                        .append("l5.5,5.5l-5.5,5.5l-5.5,-5.5z\" fill=\"").append(c).append("\"/>");
                case CROSS -> svg.append("<path d=\"M").append(n(x + 6)).append(',').append(n(y - 5)).append("l10,10m-10,0l10,-10\" stroke=\"")
                        .append(c).append("\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>");
                case ARROW -> svg.append("<path d=\"M").append(n(x + 11)).append(',').append(n(y - 8))
                        .append("l6,9h-4v7h-4v-7h-4z\" fill=\"").append(c).append("\"/>");
            }
            svg.append("<text x=\"").append(n(x + 28)).append("\" y=\"").append(n(y + 4)).append("\">")
                    .append(escape(item.text())).append("</text>");
            x += legendWidth(item);
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

    private static double boldWidth(String text) {
        return text.length() * BOLD_CHAR_WIDTH;
    }

    /** SVG coordinates to a tenth of a unit: finer than a pixel at any sensible size, and half the bytes. */
    static String n(double value) {
        long tenths = Math.round(value * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : BigDecimal.valueOf(tenths, 1).toPlainString();
    }
}
