package dev.margintopup.check;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.Source;
import dev.margintopup.ledger.Leg;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.SourceQuery;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What each of an account's sources may give one top-up now, read when the policy is about to act:
 * its free balance above its floor, within its cap, in whole transfer steps. A top-up is split into
 * legs in the account's order of sources.
 */
final class SourceBalances {

    private final List<Source> sources;
    private final List<BigDecimal> mayGive;

    private SourceBalances(List<Source> sources, List<BigDecimal> mayGive) {
        this.sources = sources;
        this.mayGive = mayGive;
    }

    /** One request per source. */
    static SourceBalances read(MarginVenue venue, AccountConfig account, BigDecimal step) {
        List<BigDecimal> mayGive = new ArrayList<>();
        for (Source source : account.sources()) {
            BigDecimal free = venue.sourceFree(new SourceQuery(account.marginMode(), account.asset(), source.wallet(),
                    source.subAccount()));
            mayGive.add(source.mayGive(free, step));
        }
        return new SourceBalances(account.sources(), List.copyOf(mayGive));
    }

    /** What all sources may give together: the source limit the policy applies. */
    BigDecimal total() {
        return mayGive.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * {@code amount} drawn from the sources in order, each leg at least {@code minTransfer}: a source
     * whose share would be smaller is passed over. The legs may add up to less than {@code amount}
     * when only such shares were left; the caller then decides again with what they do add up to.
     */
    List<Leg> legs(BigDecimal amount, BigDecimal minTransfer) {
        List<Leg> legs = new ArrayList<>();
        BigDecimal remaining = amount;
        for (int i = 0; i < sources.size() && remaining.signum() > 0; i++) {
            BigDecimal take = remaining.min(mayGive.get(i));
            if (take.signum() > 0 && take.compareTo(minTransfer) >= 0) {
                // A leg names its source by label: a sub-account leg must know which sub-account it draws from.
                legs.add(new Leg(sources.get(i).label(), take));
                remaining = remaining.subtract(take);
            }
        }
        return legs;
    }

    static BigDecimal sum(List<Leg> legs) {
        return legs.stream().map(Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
