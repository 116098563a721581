package dev.margintopup.local.scenario;

import dev.margintopup.policy.Candle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A market story to play against the pipeline: minute by minute the paper venue's mark for
 * {@code symbol} follows {@code path} from {@code start} for {@code minutes} minutes, the
 * accounts' checks fire, and {@code faults} disturb the venue, so that the end shows which
 * accounts were liquidated. Load one with {@link ScenarioLoader}.
 *
 * @param symbol a USD-margined linear perpetual, e.g. {@code BTCUSDT}
 * @param minutes how long it lasts; the path is played at minutes 0 to {@code minutes} inclusive
 * @param compare {@code true} when the scenario is meant to be played side by side (fixed-ratio
 *     against move-based protection, with the hindsight optimum), as {@code infra/bin/run --compare}
 */
public record Scenario(
        String name,
        String description,
        String symbol,
        Instant start,
        int minutes,
        PricePath path,
        List<ScenarioAccount> accounts,
        List<FaultSpec> faults,
        boolean compare) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(path, "path");
        accounts = List.copyOf(accounts);
        faults = List.copyOf(faults);
        if (minutes < 1) {
            throw new IllegalArgumentException("a scenario lasts at least one minute, was " + minutes);
        }
    }

    /** A scenario played one way only. */
    public Scenario(String name, String description, String symbol, Instant start, int minutes, PricePath path,
            List<ScenarioAccount> accounts, List<FaultSpec> faults) {
        this(name, description, symbol, start, minutes, path, accounts, faults, false);
    }

    /** The same market with other accounts. */
    public Scenario withAccounts(List<ScenarioAccount> others) {
        return new Scenario(name, description, symbol, start, minutes, path, others, faults, compare);
    }

    /** The simulated time of {@code minute}. */
    public Instant timeAt(int minute) {
        return start.plus(Duration.ofMinutes(minute));
    }

    /** The whole of {@code minute}, open to close, wick included, stamped with its simulated time. */
    public Candle candleAt(int minute) {
        return path.candleAt(minute, timeAt(minute));
    }

    public ScenarioAccount account(String id) {
        return accounts.stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("scenario " + name + " has no account " + id));
    }

    /** The accounts that are topped up. */
    public List<ScenarioAccount> managedAccounts() {
        return accounts.stream().filter(ScenarioAccount::managed).toList();
    }

    /** The accounts that are only watched, to show what happens without top-ups. */
    public List<ScenarioAccount> controlAccounts() {
        return accounts.stream().filter(a -> !a.managed()).toList();
    }

    /** The faults to queue at the start of {@code minute}. */
    public List<FaultSpec> faultsStartingAt(int minute) {
        return faults.stream().filter(f -> f.fromMinute() == minute).toList();
    }

    /** The faults to withdraw once {@code minute} is over. */
    public List<FaultSpec> faultsEndingAt(int minute) {
        return faults.stream().filter(f -> f.toMinute() == minute).toList();
    }
}
