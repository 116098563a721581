package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The money beside an account's margin ratio, minute by minute: the free balance of each source wallet its
 * top-ups come from (one series per wallet, in the order the wallets are drawn on), its margin balance — what a
 * liquidation takes — the daily cap, and what its checks would have moved had it not been a dry run. A run that
 * recorded none of it has {@link #NONE}.
 */
public record MoneyTrack(String asset, BigDecimal dailyCap, Map<String, List<Amount>> sourceBalances,
        List<Amount> marginBalances, List<WouldTopUp> wouldTopUps) {

    /** An amount of the account's asset at the top of a simulated minute. */
    public record Amount(int minute, BigDecimal value) {}

    /** A dry-run check's decision: it would have asked for {@code amount}. */
    public record WouldTopUp(int minute, BigDecimal amount) {}

    public static final MoneyTrack NONE = new MoneyTrack("", null, Map.of(), List.of(), List.of());

    public MoneyTrack {
        asset = asset == null ? "" : asset;
        Map<String, List<Amount>> sources = new LinkedHashMap<>();
        if (sourceBalances != null) {
            sourceBalances.forEach((wallet, series) -> sources.put(wallet, byMinute(series)));
        }
        sourceBalances = Collections.unmodifiableMap(sources);
        marginBalances = byMinute(marginBalances);
        wouldTopUps = wouldTopUps == null ? List.of()
                : wouldTopUps.stream().sorted(Comparator.comparingInt(WouldTopUp::minute)).toList();
    }

    private static List<Amount> byMinute(List<Amount> series) {
        return series == null ? List.of() : series.stream().sorted(Comparator.comparingInt(Amount::minute)).toList();
    }

    /** The margin balance at the last reading at or before {@code minute}. */
    public Optional<BigDecimal> marginBalanceAt(int minute) {
        return marginBalances.stream().filter(a -> a.minute() <= minute).reduce((a, b) -> b).map(Amount::value);
    }
}
