package dev.margintopup.local.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A scenario played minute by minute against the whole pipeline: the price path of one symbol and, per
 * account, what the pipeline did about it. Rendered by {@link SummaryTable} for the terminal and
 * {@link HtmlReport} for a browser.
 */
public record RunReport(String scenario, String description, Instant start, int minutes, String symbol,
        List<PricePoint> prices, List<AccountTrack> accounts, List<String> notes) {

    public RunReport {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(start, "start");
        description = description == null ? "" : description;
        symbol = symbol == null ? "" : symbol;
        prices = prices == null ? List.of() : prices.stream().sorted(Comparator.comparingInt(PricePoint::minute)).toList();
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public Instant end() {
        return start.plus(Duration.ofMinutes(minutes));
    }

    public List<AccountTrack> managedAccounts() {
        return accounts.stream().filter(AccountTrack::managed).toList();
    }

    public List<AccountTrack> controlAccounts() {
        return accounts.stream().filter(a -> !a.managed()).toList();
    }
}
