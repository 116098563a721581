package dev.margintopup.check;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.Source;
import dev.margintopup.ledger.IntentKind;
import dev.margintopup.ledger.Leg;
import dev.margintopup.ledger.Ledger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a sweep may send money back (decision 0030): to each of the account's sources, what top-ups
 * drew from it on the day counters of the look-back, less what sweeps already returned to it there.
 * A sweep is split into legs from the last source to the first — the reverse of the order top-ups draw
 * in — so a sweep after one top-up undoes its legs last-in first-out, and no source ever gets back more
 * than was drawn from it within the look-back.
 */
final class SweepSources {

    private final List<Source> sources;
    private final Map<String, BigDecimal> returnable;

    private SweepSources(List<Source> sources, Map<String, BigDecimal> returnable) {
        this.sources = sources;
        this.returnable = returnable;
    }

    /**
     * From the ledger's day counters of the look-back, today included. A counter written before sources were
     * counted holds a total alone: that part is the first source's, the one wallet such an account could name.
     */
    static SweepSources read(Ledger ledger, AccountConfig account, LocalDate today) {
        Map<String, BigDecimal> drawn = new LinkedHashMap<>();
        Map<String, BigDecimal> swept = new LinkedHashMap<>();
        String first = account.sources().getFirst().wallet();
        for (int back = 0; back < account.sweep().lookbackDays(); back++) {
            LocalDate day = today.minusDays(back);
            count(drawn, ledger.bySourceOn(account.accountId(), day, IntentKind.TOP_UP),
                    ledger.usedOn(account.accountId(), day), first);
            count(swept, ledger.bySourceOn(account.accountId(), day, IntentKind.SWEEP),
                    ledger.sweptOn(account.accountId(), day), first);
        }
        Map<String, BigDecimal> returnable = new LinkedHashMap<>();
        for (Source source : account.sources()) {
            // A wallet the account no longer lists gets nothing back: money only goes where the owner says now.
            BigDecimal left = drawn.getOrDefault(source.wallet(), BigDecimal.ZERO)
                    .subtract(swept.getOrDefault(source.wallet(), BigDecimal.ZERO));
            returnable.put(source.wallet(), left.max(BigDecimal.ZERO));
        }
        return new SweepSources(account.sources(), returnable);
    }

    private static void count(Map<String, BigDecimal> into, Map<String, BigDecimal> bySource, BigDecimal total,
            String first) {
        BigDecimal attributed = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> share : bySource.entrySet()) {
            into.merge(share.getKey(), share.getValue(), BigDecimal::add);
            attributed = attributed.add(share.getValue());
        }
        BigDecimal unattributed = total.subtract(attributed);
        if (unattributed.signum() > 0) {
            into.merge(first, unattributed, BigDecimal::add);
        }
    }

    /** What all sources may get back together: the look-back bound the sweep policy applies. */
    BigDecimal total() {
        return returnable.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** What one source may still get back. */
    BigDecimal returnableTo(String wallet) {
        return returnable.getOrDefault(wallet, BigDecimal.ZERO);
    }

    /**
     * {@code amount} returned to the sources from the last to the first, each leg at most what that source
     * may get back and at least {@code minTransfer}: a source whose share would be smaller is passed over.
     * The legs may add up to less than {@code amount}; the caller then decides again with what they add up to.
     */
    List<Leg> legs(BigDecimal amount, BigDecimal minTransfer) {
        List<Leg> legs = new ArrayList<>();
        BigDecimal remaining = amount;
        for (int i = sources.size() - 1; i >= 0 && remaining.signum() > 0; i--) {
            String wallet = sources.get(i).wallet();
            BigDecimal give = remaining.min(returnableTo(wallet));
            if (give.signum() > 0 && give.compareTo(minTransfer) >= 0) {
                legs.add(new Leg(wallet, give));
                remaining = remaining.subtract(give);
            }
        }
        return legs;
    }
}
