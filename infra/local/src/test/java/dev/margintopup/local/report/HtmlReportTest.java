package dev.margintopup.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    private static int count(String haystack, String needle) {
        return haystack.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void writes_the_page_creating_missing_directories() throws IOException {
        Path file = dir.resolve("runs/2026-03-14/report.html");

        Path written = HtmlReport.write(DemoReports.flashCrash(), file);

        assertThat(written).isEqualTo(file).exists();
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!doctype html>").contains("flash-crash-btc", "2026-03-14 09:00 UTC", "BTCUSDT")
                .endsWith("</html>\n");
    }

    @Test
    void draws_the_price_chart_and_one_chart_per_account() {
        RunReport report = DemoReports.flashCrash();

        String html = HtmlReport.render(report);

        // the price, the capital in margin against the control, per account its margin ratio, and per managed
        // account the money behind its top-ups
        assertThat(count(html, "<svg ")).isEqualTo(report.accounts().size() + report.managedAccounts().size() + 2);
        assertThat(count(html, "<svg class=\"chart capital\"")).isEqualTo(1);
        assertThat(count(html, "<svg class=\"chart money\"")).isEqualTo(report.managedAccounts().size());
        assertThat(count(html, "<svg class=\"chart ratio\"")).isEqualTo(report.accounts().size());
        assertThat(count(html, "<svg class=\"chart price\"")).isEqualTo(1);
        assertThat(count(html, "<article class=\"card account managed\"")).isEqualTo(2);
        assertThat(count(html, "<article class=\"card account control\"")).isEqualTo(1);
    }

    @Test
    void the_capital_in_margin_draws_every_account_with_the_control_dashed_and_needs_a_control() {
        RunReport report = DemoReports.flashCrash();

        String capital = Charts.capital(report);

        long drawn = report.accounts().stream().filter(a -> !a.money().marginBalances().isEmpty()).count();
        long controls = report.controlAccounts().stream().filter(a -> !a.money().marginBalances().isEmpty()).count();
        assertThat(controls).isPositive().isLessThan(drawn);
        assertThat(count(capital, "<path class=\"series\"")).isEqualTo((int) drawn);
        assertThat(count(capital, "stroke-dasharray=\"6 4\" stroke-linejoin")).as("the control's line").isEqualTo((int) controls);
        RunReport managedOnly = new RunReport(report.scenario(), report.description(), report.start(),
                report.minutes(), report.symbol(), report.prices(), report.managedAccounts(), report.notes());
        assertThat(Charts.capital(managedOnly)).as("nothing to compare against").isEmpty();
    }

    @Test
    void marks_every_top_up_at_its_minute_with_its_amount_and_the_liquidation() {
        RunReport report = DemoReports.flashCrash();
        int topUps = report.accounts().stream().mapToInt(a -> a.topUps().size()).sum();

        String html = HtmlReport.render(report);

        assertThat(topUps).isEqualTo(3);
        assertThat(count(html, "<g class=\"topup\">")).isEqualTo(topUps);
        for (AccountTrack account : report.accounts()) {
            for (TopUpMark topUp : account.topUps()) {
                assertThat(html).contains("+" + ReportFormat.amount(topUp.amount()) + " USDT</text>",
                        "confirmed minute " + topUp.confirmedMinute() + "</title>");
            }
        }
        // the control's cross on its own chart, and where it happened on the price chart
        assertThat(count(html, "<g class=\"liquidation\">")).isEqualTo(2);
        assertThat(html).contains("liquidated at minute 41</text>", "LIQUIDATED at minute 41");
    }

    @Test
    void unconfirmed_top_ups_and_alerts_are_marked_with_their_reasons() {
        AccountTrack account = new AccountTrack("acct", true, "CROSS", new BigDecimal("0.8"), new BigDecimal("0.6"),
                List.of(new Sample(0, new BigDecimal("0.85")), new Sample(1, new BigDecimal("0.86"))),
                List.of(new TopUpMark(0, null, new BigDecimal("300"), "USDT", TopUpMark.FAILED)),
                List.of(new AlertMark(1, "TopUpFailed", "venue rejected: insufficient balance")), null);
        RunReport report = new RunReport("s", "", Instant.parse("2026-03-14T09:00:00Z"), 2, "BTCUSDT", List.of(),
                List.of(account), List.of());

        String html = HtmlReport.render(report);

        assertThat(html).contains("300 USDT failed</text>", "requested minute 0, FAILED</title>",
                "minute 1 · TopUpFailed: venue rejected: insufficient balance</title>", "top-up not confirmed");
    }

    @Test
    void user_text_is_escaped_everywhere() {
        AccountTrack hostile = new AccountTrack("<script>alert(1)</script>", true, "CROSS\"><b>", new BigDecimal("0.8"),
                new BigDecimal("0.6"), List.of(new Sample(0, new BigDecimal("0.5"))), List.of(),
                List.of(new AlertMark(0, "MarginAtRisk", "</title><img src=x onerror=alert(2)>")), null);
        RunReport report = new RunReport("Tom & Jerry's <crash>", "\"quoted\" <i>description</i>",
                Instant.parse("2026-03-14T09:00:00Z"), 1, "BTC<USDT", List.of(new PricePoint(0, BigDecimal.TEN)),
                List.of(hostile), List.of("<b>note</b>"));

        String html = HtmlReport.render(report);

        assertThat(html).doesNotContain("<script>alert", "<img", "<b>", "<i>", "<crash>", "BTC<USDT")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Tom &amp; Jerry&#39;s &lt;crash&gt;",
                        "&quot;quoted&quot; &lt;i&gt;description&lt;/i&gt;", "&lt;/title&gt;&lt;img src=x",
                        "&lt;b&gt;note&lt;/b&gt;", "CROSS&quot;&gt;&lt;b&gt;");
        assertThat(count(html, "<script>")).isEqualTo(1);
    }

    @Test
    void the_page_is_self_contained_and_opens_offline() {
        String html = HtmlReport.render(DemoReports.flashCrash());

        assertThat(html).doesNotContainPattern("(?i)https?://").doesNotContainPattern("(?i)<link\\b")
                .doesNotContainPattern("(?i)<script[^>]+src").doesNotContainPattern("(?i)url\\(").contains("<style>");
    }

    @Test
    void a_day_of_minutes_for_five_accounts_stays_small_and_keeps_every_extreme() {
        RunReport day = DemoReports.longDay();

        String html = HtmlReport.render(day);

        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(300 * 1024);
        Matcher series = Pattern.compile("data-points=\"([^\"]*)\"").matcher(html);
        List<String> pointLists = new ArrayList<>();
        while (series.find()) {
            pointLists.add(series.group(1));
        }
        assertThat(pointLists).hasSize(day.accounts().size() + 1);
        assertThat(pointLists).allSatisfy(points -> assertThat(points.split(" ")).hasSizeLessThanOrEqualTo(Charts.MAX_POINTS));
        for (int i = 0; i < day.accounts().size(); i++) {
            assertThat(pointLists.get(i + 1)).contains(":" + day.accounts().get(i).worstRatio().orElseThrow().toPlainString());
        }
    }

    @Test
    void thinning_keeps_the_ends_and_the_highest_and_lowest_point() {
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            values.add(BigDecimal.valueOf(Math.sin(i / 50.0)).add(BigDecimal.ONE));
        }
        values.set(1234, new BigDecimal("9"));
        values.set(4321, new BigDecimal("-9"));

        List<BigDecimal> kept = Charts.decimate(values, v -> v, 100);

        assertThat(kept).hasSizeLessThanOrEqualTo(100).startsWith(values.getFirst()).endsWith(values.getLast())
                .contains(new BigDecimal("9"), new BigDecimal("-9"));
        assertThat(Charts.decimate(values.subList(0, 80), v -> v, 100)).isEqualTo(values.subList(0, 80));
    }

    private static String ratioChartOf(String html, String accountId) {
        int start = html.indexOf("aria-label=\"Margin ratio of " + accountId + "\"");
        return html.substring(start, html.indexOf("</svg>", start));
    }

    @Test
    void a_calm_account_gets_an_axis_of_its_own_with_liquidation_marked_off_the_scale() {
        String html = HtmlReport.render(DemoReports.crowded());

        String calm = ratioChartOf(html, "calm-account");
        assertThat(calm).contains("data-v1=\"0.2\"", "liquidation (1.0) is off this scale, 5.0× its top",
                "<g class=\"off-scale\">", ">trigger 0.150</text>").doesNotContain(">liquidation 1.000</text>");
        String near = ratioChartOf(html, "control-one-with-a-long-name");
        assertThat(near).contains("data-v1=\"1.1\"", ">liquidation 1.000</text>").doesNotContain("off this scale");
    }

    @Test
    void crowded_top_ups_take_more_lanes_and_every_one_keeps_its_marker() {
        RunReport crowded = DemoReports.crowded();
        AccountTrack busy = crowded.accounts().getFirst();

        String chart = ratioChartOf(HtmlReport.render(crowded), busy.accountId());

        assertThat(count(chart, "<g class=\"topup\">")).isEqualTo(busy.topUps().size());
        Matcher lanes = Pattern.compile("class=\"halo topup-label\" x=\"[^\"]+\" y=\"([^\"]+)\"").matcher(chart);
        java.util.Set<String> laneYs = new java.util.HashSet<>();
        while (lanes.find()) {
            laneYs.add(lanes.group(1));
        }
        assertThat(laneYs).hasSizeGreaterThan(2);
    }

    @Test
    void a_top_up_that_lands_within_the_minute_says_its_seconds() {
        AccountTrack account = new AccountTrack("acct", true, "CROSS", new BigDecimal("0.8"), new BigDecimal("0.6"),
                List.of(new Sample(0, new BigDecimal("0.5")), new Sample(1, new BigDecimal("0.85"))),
                List.of(new TopUpMark(1, 1, new BigDecimal("300"), "USDT", TopUpMark.CONFIRMED, 72, 84),
                        new TopUpMark(1, 3, new BigDecimal("200"), "USDT", TopUpMark.CONFIRMED, 90, 180)),
                List.of(), null);
        RunReport report = new RunReport("s", "", Instant.parse("2026-03-14T09:00:00Z"), 3, "BTCUSDT", List.of(),
                List.of(account), List.of());

        String html = HtmlReport.render(report);

        assertThat(html).contains("+300 USDT arrived 12 s after the request", "+200 USDT arrived 1.5 min after the request");
    }

    @Test
    void a_dry_run_control_lists_what_it_would_have_topped_up() {
        RunReport report = DemoReports.flashCrash();
        AccountTrack control = report.controlAccounts().getFirst();
        MoneyTrack.WouldTopUp first = control.money().wouldTopUps().getFirst();

        String html = HtmlReport.render(report);

        assertThat(control.money().wouldTopUps()).isNotEmpty();
        assertThat(html).contains("<tr class=\"would\"><td class=\"num\">" + first.minute() + "</td><td>Would top up</td>"
                + "<td class=\"detail\">" + ReportFormat.amount(first.amount()) + " USDT: its check decided to top up",
                "would top up (dry run)");
        assertThat(count(html, "<g class=\"would-topup\">")).isEqualTo(control.money().wouldTopUps().size());
    }

    @Test
    void source_balances_and_the_daily_cap_are_drawn_per_source_wallet() {
        String html = HtmlReport.render(DemoReports.crowded());

        int start = html.indexOf("aria-label=\"Source wallets and daily cap of desk-btc-cross-with-a-rather-long-account-name\"");
        String chart = html.substring(start, html.indexOf("</svg>", start));
        assertThat(chart).contains(">FUNDING balance</text>", ">SPOT balance</text>",
                ">daily cap 250,000 USDT</text>", "class=\"series cap-used\"");
        assertThat(count(chart, "<path class=\"series")).isEqualTo(3);
        assertThat(html).as("no money chart for an account without money recorded")
                .doesNotContain("aria-label=\"Source wallets and daily cap of calm-account\"");
    }

    @Test
    void money_at_stake_sets_the_collateral_moved_against_what_liquidation_takes() {
        RunReport report = DemoReports.flashCrash();
        AccountTrack control = report.controlAccounts().getFirst();
        BigDecimal lost = control.money().marginBalanceAt(control.liquidation().minute()).orElseThrow();

        String html = HtmlReport.render(report);

        assertThat(control.marginAtStake()).contains(lost);
        assertThat(html).contains("<h2>Money at stake</h2>", "Top-ups moved 6,700 USDT from the owners&#39; other wallets",
                "the managed accounts held ", " of margin that a liquidation would have taken.",
                "Liquidation took " + ReportFormat.amount(lost) + " USDT from 1 account: ",
                ReportFormat.amount(lost) + " USDT lost</td>");
    }

    @Test
    void an_empty_run_still_renders() {
        RunReport empty = new RunReport("empty", null, Instant.parse("2026-03-14T09:00:00Z"), 0, null, null, null, null);

        String html = HtmlReport.render(empty);

        assertThat(html).contains("No accounts in this run.", "No prices recorded.");
    }
}
