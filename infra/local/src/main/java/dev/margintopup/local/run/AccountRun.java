package dev.margintopup.local.run;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.local.report.MoneyTrack;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.venue.MarginVenue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario account while it is played: its config as validated, its venue connection (for
 * the runner's own readings, which the product never sees), and the snapshot read each minute
 * just before its check — so a test can replay the policy on exactly what the checker saw.
 */
public final class AccountRun {

    /** A reading of the account at one simulated minute. */
    public record Reading(int minute, MarginSnapshot snapshot) {}

    /** A reading at one of the checker's fast polls, {@code second}s from the run's start, within {@code minute}. */
    public record PollReading(int minute, int second, MarginSnapshot snapshot) {}

    private final String accountId;
    private final boolean managed;
    private final String apiKey;
    private final AccountConfig config;
    private final MarginVenue venue;
    private final List<Reading> readings = new ArrayList<>();
    private final List<PollReading> pollReadings = new ArrayList<>();
    private final List<MoneyTrack.WouldTopUp> wouldTopUps = new ArrayList<>();
    private final Map<String, List<MoneyTrack.Amount>> sourceBalances = new LinkedHashMap<>();
    private Integer liquidatedAt;

    AccountRun(String accountId, boolean managed, String apiKey, AccountConfig config, MarginVenue venue) {
        this.accountId = accountId;
        this.managed = managed;
        this.apiKey = apiKey;
        this.config = config;
        this.venue = venue;
    }

    public String accountId() { return accountId; }
    public boolean managed() { return managed; }
    public String apiKey() { return apiKey; }
    public AccountConfig config() { return config; }
    public List<Reading> readings() { return List.copyOf(readings); }
    public Integer liquidatedAt() { return liquidatedAt; }
    public List<PollReading> pollReadings() { return List.copyOf(pollReadings); }
    /** What this account's checks would have moved, had it not been a dry run. */
    public List<MoneyTrack.WouldTopUp> wouldTopUps() { return List.copyOf(wouldTopUps); }
    /** Each source wallet's balance at each minute, as the paper venue holds it, in the order they are drawn. */
    public Map<String, List<MoneyTrack.Amount>> sourceBalances() {
        Map<String, List<MoneyTrack.Amount>> copy = new LinkedHashMap<>();
        sourceBalances.forEach((wallet, series) -> copy.put(wallet, List.copyOf(series)));
        return copy;
    }

    MarginVenue venue() { return venue; }

    void read(int minute, MarginSnapshot snapshot) {
        readings.add(new Reading(minute, snapshot));
    }

    void readAtPoll(int minute, int second, MarginSnapshot snapshot) {
        pollReadings.add(new PollReading(minute, second, snapshot));
    }

    void sourceBalance(String wallet, int minute, java.math.BigDecimal amount) {
        sourceBalances.computeIfAbsent(wallet, w -> new ArrayList<>()).add(new MoneyTrack.Amount(minute, amount));
    }

    void wouldTopUp(int minute, java.math.BigDecimal amount) {
        wouldTopUps.add(new MoneyTrack.WouldTopUp(minute, amount));
    }

    void liquidated(int minute) {
        if (liquidatedAt == null) {
            liquidatedAt = minute;
        }
    }
}
