package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one account during a run: its margin ratio minute by minute, the top-ups asked for, the
 * alerts raised, and the liquidation if it came. A control account has the same positions but no top-ups
 * configured; it shows what the market alone would have done. Trigger and target may be null for a control.
 * {@code polls} are readings between minutes, taken at the checker's fast polls inside the watch band: they
 * time a breach to the second and stay off the minute-by-minute chart. {@code money} is the source wallets, margin
 * balance, daily cap and dry-run decisions beside the ratio. {@code triggerMove} is the trigger of an account
 * protected in moves (a fraction of the mark), null for the ratio pair alone. {@code sweeps} are the legs of sweeps
 * back to the source wallets once the account was calm again (decisions 0027, 0030).
 */
public record AccountTrack(String accountId, boolean managed, String marginMode, BigDecimal triggerRatio,
        BigDecimal targetRatio, List<Sample> samples, List<TopUpMark> topUps, List<AlertMark> alerts,
        Liquidation liquidation, List<Sample> polls, MoneyTrack money, BigDecimal triggerMove, List<SweepMark> sweeps) {

    public AccountTrack {
        sweeps = sorted(sweeps, Comparator.comparingInt(SweepMark::requestedMinute));
        Objects.requireNonNull(accountId, "accountId");
        marginMode = marginMode == null ? "" : marginMode;
        samples = sorted(samples, Comparator.comparingInt(Sample::minute));
        polls = sorted(polls, Comparator.comparingInt(Sample::second));
        topUps = sorted(topUps, Comparator.comparingInt(TopUpMark::requestedMinute));
        alerts = sorted(alerts, Comparator.comparingInt(AlertMark::minute));
        money = money == null ? MoneyTrack.NONE : money;
    }

    /** An account protected by the ratio pair alone. */
    public AccountTrack(String accountId, boolean managed, String marginMode, BigDecimal triggerRatio,
            BigDecimal targetRatio, List<Sample> samples, List<TopUpMark> topUps, List<AlertMark> alerts,
            Liquidation liquidation, List<Sample> polls, MoneyTrack money) {
        this(accountId, managed, marginMode, triggerRatio, targetRatio, samples, topUps, alerts, liquidation, polls,
                money, (BigDecimal) null);
    }

    /** An account that swept nothing back. */
    public AccountTrack(String accountId, boolean managed, String marginMode, BigDecimal triggerRatio,
            BigDecimal targetRatio, List<Sample> samples, List<TopUpMark> topUps, List<AlertMark> alerts,
            Liquidation liquidation, List<Sample> polls, MoneyTrack money, BigDecimal triggerMove) {
        this(accountId, managed, marginMode, triggerRatio, targetRatio, samples, topUps, alerts, liquidation, polls,
                money, triggerMove, List.of());
    }

    /** An account whose money beside the ratio was not recorded. */
    public AccountTrack(String accountId, boolean managed, String marginMode, BigDecimal triggerRatio,
            BigDecimal targetRatio, List<Sample> samples, List<TopUpMark> topUps, List<AlertMark> alerts,
            Liquidation liquidation, List<Sample> polls) {
        this(accountId, managed, marginMode, triggerRatio, targetRatio, samples, topUps, alerts, liquidation, polls,
                MoneyTrack.NONE);
    }

    public AccountTrack withMoney(MoneyTrack money) {
        return new AccountTrack(accountId, managed, marginMode, triggerRatio, targetRatio, samples, topUps, alerts,
                liquidation, polls, money, triggerMove, sweeps);
    }

    /** An account whose checker never polled between minutes. */
    public AccountTrack(String accountId, boolean managed, String marginMode, BigDecimal triggerRatio,
            BigDecimal targetRatio, List<Sample> samples, List<TopUpMark> topUps, List<AlertMark> alerts,
            Liquidation liquidation) {
        this(accountId, managed, marginMode, triggerRatio, targetRatio, samples, topUps, alerts, liquidation, List.of());
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        if (items == null) {
            return List.of();
        }
        return items.stream().sorted(order).toList();
    }

    public boolean liquidated() {
        return liquidation != null;
    }

    /** The highest margin ratio seen, which is the closest the account came to liquidation; empty without samples. */
    public Optional<BigDecimal> worstRatio() {
        return samples.stream().map(Sample::marginRatio).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** Top-ups whose collateral arrived. */
    public List<TopUpMark> transfers() {
        return topUps.stream().filter(TopUpMark::confirmed).toList();
    }

    /** Collateral that arrived, per asset, in the order each asset was first moved. */
    public Map<String, BigDecimal> collateralMoved() {
        return byAsset(transfers(), TopUpMark::asset, TopUpMark::amount);
    }

    /** Sweep legs whose money left margin for a source wallet. */
    public List<SweepMark> confirmedSweeps() {
        return sweeps.stream().filter(SweepMark::confirmed).toList();
    }

    /** What the confirmed sweeps returned to the source wallets, per asset: collateral no longer tied up in margin. */
    public Map<String, BigDecimal> sweptBack() {
        return byAsset(confirmedSweeps(), SweepMark::asset, SweepMark::amount);
    }

    /** The marks' amounts summed per asset, in the order each asset first appears. */
    private static <T> Map<String, BigDecimal> byAsset(List<T> marks, java.util.function.Function<T, String> asset,
            java.util.function.Function<T, BigDecimal> amount) {
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        marks.forEach(mark -> total.merge(asset.apply(mark), amount.apply(mark), BigDecimal::add));
        return total;
    }

    /**
     * For each confirmed top-up, the simulated time from the breach that caused it to the collateral arriving.
     * A sample is past the trigger when its ratio is at or above the trigger ratio, or the move it survives is
     * at or within the trigger move (either, for an account with both; samples are read at each check and poll).
     * The breach starts at the first sample of the unbroken run of samples past the trigger that ends
     * at or before the request. A run cannot start before the previous confirmed top-up landed: after that,
     * the account is in a new breach. A failed attempt does not end the breach, so a retry that lands is
     * measured from the original breach.
     */
    public List<Duration> breachToConfirmed() {
        if (triggerRatio == null && triggerMove == null) {
            return List.of();
        }
        List<Sample> timeline = new ArrayList<>(samples);
        timeline.addAll(polls);
        timeline.sort(Comparator.comparingInt(Sample::second));
        List<Duration> latencies = new ArrayList<>();
        int floor = Integer.MIN_VALUE;
        for (TopUpMark topUp : topUps) {
            if (!topUp.confirmed()) {
                continue;
            }
            int breachStart = breachStart(timeline, floor, topUp.requestedSecond());
            latencies.add(Duration.ofSeconds(Math.max(0, topUp.confirmedSecond() - breachStart)));
            floor = Math.max(floor, topUp.confirmedSecond());
        }
        return latencies;
    }

    private int breachStart(List<Sample> timeline, int after, int requestedSecond) {
        int start = requestedSecond;
        boolean inRun = false;
        for (int i = timeline.size() - 1; i >= 0; i--) {
            Sample sample = timeline.get(i);
            if (sample.second() > requestedSecond || sample.liquidated()) {
                continue;
            }
            if (sample.second() <= after) {
                break;
            }
            if (pastTrigger(sample)) {
                start = sample.second();
                inRun = true;
            } else if (inRun) {
                break;
            }
        }
        return start;
    }

    private boolean pastTrigger(Sample sample) {
        return (triggerRatio != null && sample.marginRatio().compareTo(triggerRatio) >= 0)
                || (triggerMove != null && sample.survivableMove() != null
                        && sample.survivableMove().compareTo(triggerMove) <= 0);
    }

    /** The median of {@link #breachToConfirmed()}, the mean of the middle two for an even count. */
    public Optional<Duration> medianBreachToConfirmed() {
        List<Duration> latencies = breachToConfirmed().stream().sorted().toList();
        if (latencies.isEmpty()) {
            return Optional.empty();
        }
        int middle = latencies.size() / 2;
        if (latencies.size() % 2 == 1) {
            return Optional.of(latencies.get(middle));
        }
        return Optional.of(latencies.get(middle - 1).plus(latencies.get(middle)).dividedBy(2));
    }

    public Optional<Duration> maxBreachToConfirmed() {
        return breachToConfirmed().stream().max(Comparator.naturalOrder());
    }

    /**
     * What a liquidation takes or took: the margin balance at the last reading before the account was liquidated,
     * else at the minute it came closest to liquidation. Empty when the run recorded no margin balance.
     */
    public Optional<BigDecimal> marginAtStake() {
        if (liquidated()) {
            return money.marginBalanceAt(liquidation.minute());
        }
        return samples.stream().filter(s -> s.marginRatio() != null).max(Comparator.comparing(Sample::marginRatio))
                .flatMap(worst -> money.marginBalanceAt(worst.minute()));
    }

    /** The margin ratio at a minute, or empty when there is no sample there or the account was already gone. */
    public Optional<BigDecimal> ratioAt(int minute) {
        return samples.stream().filter(s -> s.minute() == minute).findFirst().map(Sample::marginRatio);
    }
}
