package dev.margintopup.local.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The run as one self-contained HTML page: header, summary, price chart and a margin-ratio chart per account.
 * Styles, charts and the few lines of hover script are inline, so the file opens offline and can be attached
 * to a ticket as it is. Everything that came from a scenario file or an account is escaped.
 */
public final class HtmlReport {

    private HtmlReport() {}

    /** Writes the page, creating missing parent directories, and returns {@code file}. */
    public static Path write(RunReport report, Path file) {
        return write(report, null, file);
    }

    /** As {@link #write(RunReport, Path)}, with the side-by-side table of a comparison run ({@code null} for none). */
    public static Path write(RunReport report, Comparison comparison, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(report, comparison), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report to " + file, e);
        }
    }

    public static String render(RunReport report) {
        return render(report, null);
    }

    public static String render(RunReport report, Comparison comparison) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(report.scenario())).append(" · margin top-up run</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(html, report);
        verdict(html, report);
        if (comparison != null) {
            sideBySide(html, comparison);
        }
        summary(html, report);
        moneyAtStake(html, report);
        html.append("<section class=\"card\">\n<h2>").append(escape(report.symbol().isEmpty() ? "Price" : report.symbol()))
                .append(" mark price</h2>\n").append(Charts.price(report)).append("\n</section>\n");
        html.append("<h2 class=\"section\">Accounts</h2>\n");
        for (int i = 0; i < report.accounts().size(); i++) {
            account(html, report, report.accounts().get(i), anchor(i));
        }
        notes(html, report);
        html.append("<footer>Margin ratio is maintenance margin over margin balance: higher is worse, 1.0 is liquidation. ")
                .append("Minutes are simulated minutes since the start of the run. ")
                .append("Breach → confirmed runs from the first minute at or above trigger to the minute the top-up's ")
                .append("collateral was confirmed. ")
                .append("Hover a chart for values, a marker for details.</footer>\n");
        html.append("</main>\n<div id=\"tip\" role=\"tooltip\"></div>\n<script>").append(SCRIPT).append("</script>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunReport report) {
        html.append("<header class=\"page\">\n<p class=\"eyebrow\">Margin top-up · scenario run</p>\n<h1>")
                .append(escape(report.scenario())).append("</h1>\n");
        if (!report.description().isBlank()) {
            html.append("<p class=\"description\">").append(escape(report.description())).append("</p>\n");
        }
        html.append("<dl class=\"facts\">");
        fact(html, "Start", ReportFormat.when(report.start()));
        fact(html, "Duration", ReportFormat.span(report.minutes()) + " · until " + ReportFormat.when(report.end()));
        if (!report.symbol().isEmpty()) {
            fact(html, "Symbol", report.symbol());
        }
        fact(html, "Accounts", report.managedAccounts().size() + " managed · " + report.controlAccounts().size() + " control");
        html.append("</dl>\n</header>\n");
    }

    private static void fact(StringBuilder html, String term, String value) {
        html.append("<div><dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd></div>");
    }

    private static void verdict(StringBuilder html, RunReport report) {
        boolean managedLost = report.managedAccounts().stream().anyMatch(AccountTrack::liquidated);
        html.append("<section class=\"card verdict ").append(managedLost ? "bad" : "good").append("\">");
        for (String sentence : ReportFormat.verdict(report)) {
            html.append("<p>").append(escape(sentence)).append("</p>");
        }
        html.append("</section>\n");
    }

    private static void sideBySide(StringBuilder html, Comparison comparison) {
        html.append("<section class=\"card\">\n<h2>Side by side: fixed ratio, move-based, hindsight optimum</h2>\n")
                .append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (int c = 0; c < Comparison.HEADERS.size(); c++) {
            html.append(Comparison.NUMERIC.get(c) ? "<th class=\"num\">" : "<th>")
                    .append(escape(String.join(" ", Comparison.HEADERS.get(c)))).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : comparison.rows()) {
            html.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                html.append(Comparison.NUMERIC.get(c) ? "<td class=\"num\">" : "<td>").append(escape(row.get(c)))
                        .append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n<p class=\"meta\">The hindsight optimum is the least collateral ")
                .append("that would have kept the position alive on this path, knowing the whole path; ")
                .append("both sides start with the same protection, the fixed-ratio side's trigger and target ")
                .append("being the ratios of the account's trigger and target moves at the start.</p>\n</section>\n");
    }

    /** Whether some account swept margin back: only then do the tables give sweeps a column. */
    private static boolean anySweeps(RunReport report) {
        return report.accounts().stream().anyMatch(a -> !a.sweeps().isEmpty());
    }

    private static String sweptBackCell(RunReport report, AccountTrack account) {
        return anySweeps(report)
                ? "</td><td class=\"num\">" + escape(ReportFormat.collateral(account.sweptBack())) : "";
    }

    private static void summary(StringBuilder html, RunReport report) {
        html.append("<section class=\"card\">\n<h2>Summary</h2>\n<div class=\"scroll\"><table>\n<thead><tr>")
                .append("<th>Account</th><th>Managed</th><th>Outcome</th><th class=\"num\">Transfers</th>")
                .append("<th class=\"num\">Collateral moved</th>")
                .append(anySweeps(report) ? "<th class=\"num\">Swept back</th>" : "")
                .append("<th class=\"num\">Worst ratio</th>")
                .append("<th class=\"num\">Breach → confirmed<br><span class=\"sub\">median / max</span></th>")
                .append("<th class=\"num\">Alerts</th></tr></thead>\n<tbody>\n");
        if (report.accounts().isEmpty()) {
            html.append("<tr><td colspan=\"8\" class=\"muted\">No accounts in this run.</td></tr>\n");
        }
        for (int i = 0; i < report.accounts().size(); i++) {
            AccountTrack account = report.accounts().get(i);
            html.append("<tr><td class=\"id\"><a href=\"#").append(anchor(i)).append("\">")
                    .append(escape(account.accountId())).append("</a></td><td>").append(role(account)).append("</td><td>")
                    .append(outcome(account)).append("</td><td class=\"num\">").append(account.transfers().size())
                    .append("</td><td class=\"num\">").append(escape(ReportFormat.collateral(account.collateralMoved())))
                    .append(sweptBackCell(report, account))
                    .append("</td><td class=\"num\">").append(ReportFormat.ratio(account.worstRatio()))
                    .append("</td><td class=\"num\">").append(escape(ReportFormat.breachToConfirmed(account)))
                    .append("</td><td class=\"num\">").append(account.alerts().size()).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    /**
     * What the top-ups cost beside what they saved: per account the collateral moved and the margin balance a
     * liquidation takes — at the account's closest to liquidation, or, for an account that was liquidated, at its last
     * reading before: what it lost. Left out when the run recorded no margin balances.
     */
    private static void moneyAtStake(StringBuilder html, RunReport report) {
        if (report.accounts().stream().allMatch(a -> a.marginAtStake().isEmpty())) {
            return;
        }
        html.append("<section class=\"card\">\n<h2>Money at stake</h2>\n");
        for (String sentence : ReportFormat.moneyAtStake(report)) {
            html.append("<p class=\"stake\">").append(escape(sentence)).append("</p>\n");
        }
        html.append("<div class=\"scroll\"><table>\n<thead><tr><th>Account</th><th>Outcome</th>")
                .append("<th class=\"num\">Collateral moved</th>")
                .append(anySweeps(report) ? "<th class=\"num\">Swept back</th>" : "")
                .append("<th class=\"num\">Margin a liquidation takes</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < report.accounts().size(); i++) {
            AccountTrack account = report.accounts().get(i);
            String stake = account.marginAtStake()
                    .map(m -> ReportFormat.amount(m) + " " + account.money().asset()
                            + (account.liquidated() ? " lost" : " kept"))
                    .orElse(ReportFormat.NONE);
            html.append("<tr><td class=\"id\"><a href=\"#").append(anchor(i)).append("\">")
                    .append(escape(account.accountId())).append("</a> ").append(role(account)).append("</td><td>")
                    .append(outcome(account)).append("</td><td class=\"num\">")
                    .append(escape(ReportFormat.collateral(account.collateralMoved()))).append(sweptBackCell(report, account))
                    .append("</td><td class=\"num\">").append(escape(stake)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n<p class=\"meta\">A liquidation takes the account's margin balance: ")
                .append("for an account that survived, the one at its closest to liquidation; for one that was ")
                .append("liquidated, the one at its last reading before.</p>\n");
        String capital = Charts.capital(report);
        if (!capital.isEmpty()) {
            html.append("<h3>Capital in margin against the control</h3>\n").append(capital).append('\n')
                    .append("<p class=\"meta\">Each account's margin balance each minute: what top-ups tied up in margin, ")
                    .append("beside the control's, which nothing topped up")
                    .append(anySweeps(report) ? "; a step down is a sweep giving the excess back to the sources, "
                            + "an account that does not sweep keeps it idle in margin" : "")
                    .append(".</p>\n");
        }
        html.append("</section>\n");
    }

    private static void account(StringBuilder html, RunReport report, AccountTrack account, String anchor) {
        html.append("<article class=\"card account ").append(account.managed() ? "managed" : "control")
                .append("\" id=\"").append(anchor).append("\">\n<div class=\"account-head\"><h3>")
                .append(escape(account.accountId())).append("</h3>").append(role(account)).append(outcome(account))
                .append("</div>\n<p class=\"meta\">");
        List<String> meta = new ArrayList<>();
        if (!account.marginMode().isEmpty()) {
            meta.add(account.marginMode() + " margin");
        }
        if (account.triggerRatio() != null) {
            meta.add("trigger " + ReportFormat.ratio(account.triggerRatio()));
        }
        if (account.targetRatio() != null) {
            meta.add("target " + ReportFormat.ratio(account.targetRatio()));
        }
        meta.add("worst " + ReportFormat.ratio(account.worstRatio()));
        meta.add(account.transfers().size() + (account.transfers().size() == 1 ? " transfer" : " transfers")
                + (account.transfers().isEmpty() ? "" : ", " + ReportFormat.collateral(account.collateralMoved())));
        if (!account.sweeps().isEmpty()) {
            meta.add("swept back " + ReportFormat.collateral(account.sweptBack()));
        }
        meta.add("breach → confirmed " + ReportFormat.breachToConfirmed(account));
        if (!account.managed()) {
            meta.add("control: the pipeline never tops it up");
        }
        html.append(escape(String.join(" · ", meta))).append("</p>\n");
        html.append(Charts.marginRatio(report, account)).append('\n');
        // A control never moves money: its wallets would only draw flat lines.
        String money = account.managed() ? Charts.money(report, account) : "";
        if (!money.isEmpty()) {
            html.append("<h4>Source wallets and daily cap</h4>\n").append(money).append('\n');
        }
        events(html, account);
        html.append("</article>\n");
    }

    private record Event(int minute, int order, String kind, String detail, String css) {}

    /** What the chart markers say, in words, for print and for anyone who would rather read than hover. */
    private static void events(StringBuilder html, AccountTrack account) {
        List<Event> events = new ArrayList<>();
        for (TopUpMark topUp : account.topUps()) {
            String amount = ReportFormat.amount(topUp.amount()) + " " + topUp.asset();
            if (topUp.confirmed()) {
                // In seconds within the minute: a top-up decided at a poll lands well inside it.
                java.time.Duration after = java.time.Duration.ofSeconds(
                        Math.max(0, topUp.confirmedSecond() - topUp.requestedSecond()));
                events.add(new Event(topUp.requestedMinute(), 1, "Top-up requested", amount, "topup"));
                events.add(new Event(topUp.confirmedMinute(), 2, "Top-up confirmed",
                        "+" + amount + " arrived " + ReportFormat.minutes(after) + " after the request", "topup"));
            } else {
                events.add(new Event(topUp.requestedMinute(), 1, "Top-up " + topUp.outcome().toLowerCase(java.util.Locale.ROOT),
                        amount + " requested, not confirmed", "failed"));
            }
        }
        for (SweepMark sweep : account.sweeps()) {
            String amount = ReportFormat.amount(sweep.amount()) + " " + sweep.asset();
            if (sweep.confirmed()) {
                events.add(new Event(sweep.confirmedMinute(), 2, "Swept back",
                        "−" + amount + " back to " + sweep.toWallet() + ", requested minute " + sweep.requestedMinute(),
                        "sweep"));
            } else {
                events.add(new Event(sweep.requestedMinute(), 1, "Sweep " + sweep.outcome().toLowerCase(java.util.Locale.ROOT),
                        amount + " back to " + sweep.toWallet() + " requested, not confirmed", "failed"));
            }
        }
        for (AlertMark alert : account.alerts()) {
            events.add(new Event(alert.minute(), 0, alert.type(), alert.reason(), "alert"));
        }
        for (MoneyTrack.WouldTopUp would : account.money().wouldTopUps()) {
            events.add(new Event(would.minute(), 1, "Would top up", ReportFormat.amount(would.amount()) + " "
                    + account.money().asset() + ": its check decided to top up; a dry run moves nothing", "would"));
        }
        if (account.liquidated()) {
            events.add(new Event(account.liquidation().minute(), 3, "Liquidated",
                    "mark price " + ReportFormat.price(account.liquidation().markPrice()), "liquidated"));
        }
        if (events.isEmpty()) {
            return;
        }
        events.sort(Comparator.comparingInt(Event::minute).thenComparingInt(Event::order));
        html.append("<details").append(events.size() <= 12 ? " open" : "").append("><summary>Events (")
                .append(events.size()).append(")</summary>\n<table class=\"events\"><thead><tr><th class=\"num\">Minute</th>")
                .append("<th>Event</th><th>Detail</th></tr></thead><tbody>\n");
        for (Event event : events) {
            html.append("<tr class=\"").append(event.css()).append("\"><td class=\"num\">").append(event.minute())
                    .append("</td><td>").append(escape(event.kind())).append("</td><td class=\"detail\">")
                    .append(escape(event.detail())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n</details>\n");
    }

    private static void notes(StringBuilder html, RunReport report) {
        if (report.notes().isEmpty()) {
            return;
        }
        html.append("<section class=\"card\">\n<h2>Notes</h2>\n<ul>");
        for (String note : report.notes()) {
            html.append("<li>").append(escape(note)).append("</li>");
        }
        html.append("</ul>\n</section>\n");
    }

    private static String role(AccountTrack account) {
        return account.managed() ? "<span class=\"badge managed\">Managed</span>" : "<span class=\"badge control\">Control</span>";
    }

    private static String outcome(AccountTrack account) {
        return account.liquidated()
                ? "<span class=\"pill liquidated\">" + escape(ReportFormat.outcome(account)) + "</span>"
                : "<span class=\"pill alive\">ALIVE</span>";
    }

    /** Account ids are free text; the anchor is the account's position, which is unique and needs no escaping. */
    private static String anchor(int index) {
        return "account-" + (index + 1);
    }

    /** Escapes text for both element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            :root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--managed:#0969da;--control:#6e7781;\
            --good:#1a7f37;--bad:#cf222e}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);\
            font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
            main{max-width:1120px;margin:0 auto;padding:28px 24px 40px}
            h1{font-size:28px;line-height:1.2;margin:4px 0 6px}
            h2{font-size:16px;margin:0 0 12px}
            h2.section{margin:28px 0 0;font-size:18px}
            h3{font-size:16px;margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            .eyebrow{margin:0;color:var(--muted);font-size:12px;letter-spacing:.08em;text-transform:uppercase}
            .description{margin:0;color:var(--muted);max-width:78ch}
            .facts{display:flex;flex-wrap:wrap;gap:10px 36px;margin:16px 0 0}
            .facts dt{color:var(--muted);font-size:12px}
            .facts dd{margin:0;font-weight:600}
            .card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:16px 0}
            .verdict{border-left:5px solid var(--good);font-size:15px}
            .verdict.bad{border-left-color:var(--bad)}
            .verdict p{margin:2px 0}
            .verdict p:first-child{font-weight:600}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
            th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap;vertical-align:middle}
            th{color:var(--muted);font-size:12px;font-weight:600;vertical-align:bottom}
            tbody tr:last-child td{border-bottom:0}
            .num{text-align:right}
            .sub{font-weight:400}
            .muted{color:var(--muted)}
            td.id a{color:inherit;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-decoration:none}
            td.id a:hover{text-decoration:underline}
            .badge,.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;line-height:18px}
            .badge.managed{background:#ddf4ff;color:#0550ae}
            .badge.control{background:#eaeef2;color:#424a53}
            .pill.alive{background:#dafbe1;color:#116329}
            .pill.liquidated{background:#ffebe9;color:#a40e26}
            .account{border-left:5px solid var(--managed)}
            .account.control{border-left-color:var(--control)}
            .account-head{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
            .meta{margin:6px 0 8px;color:var(--muted);font-size:13px}
            svg{display:block;width:100%;height:auto;overflow:visible}
            svg text{font-size:12px;font-family:inherit}
            svg text:not([fill]){fill:var(--muted)}
            svg .legend text{fill:var(--ink)}
            svg text.clock{font-size:11px;fill:#8c959f}
            svg text.unit{font-size:11px;fill:#8c959f}
            svg text.topup-label,svg text.liq-label,svg text.ref-label{font-weight:600}
            svg text.halo{paint-order:stroke;stroke:#fff;stroke-width:3.5px;stroke-linejoin:round}
            svg .grid{stroke:#eaeef2;stroke-width:1}
            svg .baseline{stroke:#8c959f;stroke-width:1}
            svg .topup,svg .alert,svg .liquidation{cursor:help}
            details{margin-top:8px}
            summary{cursor:pointer;color:var(--muted);font-size:13px}
            table.events{width:auto;min-width:60%;margin-top:6px;font-size:13px}
            table.events td{padding:4px 10px}
            table.events td.detail{white-space:normal}
            table.events tr.topup td:nth-child(2){color:var(--good)}
            table.events tr.sweep td:nth-child(2){color:#8250df}
            table.events tr.failed td:nth-child(2),table.events tr.liquidated td:nth-child(2){color:var(--bad)}
            table.events tr.alert td:nth-child(2){color:#9a6700}
            table.events tr.would td:nth-child(2){color:var(--control);font-style:italic}
            h4{font-size:13px;margin:14px 0 4px;color:var(--muted);font-weight:600}
            p.stake{margin:0 0 8px;font-size:15px}
            footer{color:var(--muted);font-size:12px;margin-top:24px}
            #tip{position:fixed;display:none;pointer-events:none;z-index:10;background:#1f2328;color:#fff;\
            padding:6px 9px;border-radius:6px;font-size:12px;line-height:1.45;white-space:pre;\
            font-variant-numeric:tabular-nums;box-shadow:0 2px 8px rgba(0,0,0,.2)}
            """;

    /** Hover readout: the nearest point of the chart's series, its minute, clock time and value. */
    private static final String SCRIPT = """
            (function(){
            var tip=document.getElementById('tip');
            document.querySelectorAll('svg[data-points]').forEach(function(svg){
              var d=svg.dataset,n=function(k){return parseFloat(d[k]);};
              var pts=d.points.split(' ').map(function(p){var a=p.split(':');return [parseFloat(a[0]),parseFloat(a[1])];});
              var g=svg.querySelector('.hover'),ln=g.querySelector('line'),dot=g.querySelector('circle');
              var X0=n('x0'),X1=n('x1'),M0=n('m0'),M1=n('m1'),V0=n('v0'),V1=n('v1'),YT=n('yt'),YB=n('yb');
              ln.setAttribute('y2',YB);
              svg.addEventListener('mousemove',function(e){
                var r=svg.getBoundingClientRect(),x=(e.clientX-r.left)*n('w')/r.width;
                if(x<X0||x>X1){g.setAttribute('display','none');tip.style.display='none';return;}
                var m=M0+(x-X0)/(X1-X0)*(M1-M0),b=pts[0];
                pts.forEach(function(p){if(Math.abs(p[0]-m)<Math.abs(b[0]-m))b=p;});
                var px=X0+(b[0]-M0)/(M1-M0)*(X1-X0),py=YB-(Math.min(b[1],V1)-V0)/(V1-V0)*(YB-YT);
                ln.setAttribute('x1',px);ln.setAttribute('x2',px);dot.setAttribute('cx',px);dot.setAttribute('cy',py);
                g.setAttribute('display','inline');
                var t=new Date(n('start')+b[0]*60000).toISOString().slice(11,16);
                var v=d.kind==='ratio'?'margin ratio '+b[1].toFixed(3)
                  :'price '+b[1].toLocaleString('en-US',{minimumFractionDigits:2,maximumFractionDigits:8});
                tip.textContent='minute '+b[0]+' · '+t+' UTC\\n'+v;
                tip.style.display='block';
                tip.style.left=Math.min(e.clientX+14,window.innerWidth-tip.offsetWidth-8)+'px';
                tip.style.top=(e.clientY+14)+'px';
              });
              svg.addEventListener('mouseleave',function(){g.setAttribute('display','none');tip.style.display='none';});
            });
            })();
            """;
}
