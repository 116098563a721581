package dev.margintopup.local.run;

import dev.margintopup.local.scenario.Scenario;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * One line per simulated minute: the price, each account's margin ratio, and what happened to it.
 * Long scenarios print every Nth quiet minute so the terminal stays readable; a minute in which
 * something happened is always printed.
 */
final class ProgressPrinter implements ScenarioPlayer.Progress {

    private final PrintStream out;
    private boolean headerPrinted;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void minute(Scenario scenario, int minute, BigDecimal price, List<ScenarioPlayer.AccountMinute> accounts) {
        if (!headerPrinted) {
            StringBuilder header = new StringBuilder(String.format("%-9s %-12s", "minute", scenario.symbol()));
            for (ScenarioPlayer.AccountMinute a : accounts) {
                header.append(String.format(" │ %-25s", columnTitle(a.accountId(), a.managed())));
            }
            out.println(header);
            headerPrinted = true;
        }
        boolean eventful = accounts.stream().anyMatch(a -> !a.happened().isEmpty());
        int every = Math.max(1, scenario.minutes() / 60);
        if (!eventful && minute % every != 0 && minute != scenario.minutes()) {
            return;
        }
        StringBuilder line = new StringBuilder(String.format("%4d/%-4d %12s", minute, scenario.minutes(),
                price.setScale(2, RoundingMode.HALF_UP).toPlainString()));
        for (ScenarioPlayer.AccountMinute a : accounts) {
            String ratio = a.marginRatio() == null ? "  —  " : a.marginRatio().setScale(3, RoundingMode.HALF_UP).toPlainString();
            String flag = a.marginRatio() != null && a.marginRatio().compareTo(BigDecimal.ONE) >= 0 ? "!" : " ";
            String what = String.join(", ", a.happened());
            line.append(String.format(" │ %s%-6s %-17s", flag, ratio, truncate(what, 17)));
        }
        out.println(line);
    }

    /** An account's column heading: its id, marked when it is a control, cut to the column. */
    static String columnTitle(String accountId, boolean managed) {
        return truncate(accountId + (managed ? "" : " (control)"), 25);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
