package dev.margintopup.local.scenario;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.Source;
import dev.margintopup.paper.MarginType;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.policy.Candle;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.policy.TopUpPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Plays a scenario's price path on one account with plain arithmetic, no venue and no AWS: what
 * the margin ratio does minute by minute, when the account would be liquidated, and what it
 * takes to keep it alive. It uses the paper venue's own formulas ({@link PaperPosition#maintenance},
 * tiers included) and the checker's own ratio and policy ({@link MarginSnapshot},
 * {@link TopUpPolicy}), so a scenario's numbers can be checked before it is played.
 *
 * <p>The margin is the FUTURES balance for a cross account and the isolated margin for an
 * isolated one. Each minute is the state right after the mark moves to that minute's close;
 * whether the venue liquidates in that minute is decided at every mark the minute's candle
 * passes through (open, high, low, close), as the paper venue's engine does.
 */
public final class MarginPreview {

    private MarginPreview() {}

    /**
     * The account at one minute, before any top-up of that minute.
     *
     * @param price the minute's close, at which balance, maintenance and ratio are taken
     * @param worstPrice the mark of the minute's candle at which margin balance − maintenance is smallest
     * @param worstHeadroom that smallest margin balance − maintenance; the venue liquidates at 0 or below
     */
    public record Minute(
            int minute, BigDecimal price, BigDecimal marginBalance, BigDecimal maintenance, BigDecimal marginRatio,
            BigDecimal worstPrice, BigDecimal worstHeadroom) {

        /** The venue liquidates once maintenance reaches the margin balance, at any mark of the minute. */
        public boolean liquidated() {
            return liquidatedWith(BigDecimal.ZERO);
        }

        /** As {@link #liquidated()} with {@code added} moved into the margin before the minute. */
        public boolean liquidatedWith(BigDecimal added) {
            return worstHeadroom.add(added).signum() <= 0;
        }
    }

    /**
     * The account without any top-up, every minute of the scenario. Minutes after a liquidation
     * are what the position would have shown had it stayed open.
     */
    public record Replay(String accountId, List<Minute> minutes) {

        public Replay {
            minutes = List.copyOf(minutes);
        }

        /** The first minute at which the venue would liquidate, if any. */
        public OptionalInt liquidationMinute() {
            return minutes.stream().filter(Minute::liquidated).mapToInt(Minute::minute).findFirst();
        }

        public BigDecimal peakRatio() {
            return minutes.stream().map(Minute::marginRatio).max(BigDecimal::compareTo).orElseThrow();
        }

        /**
         * The most that must have been moved in by some minute to hold the margin ratio at or
         * below {@code ratio} then: the largest {@code maintenance ÷ ratio − margin balance} over
         * the scenario, zero if the ratio never goes above it. A top-up adds to the margin balance
         * one for one and leaves maintenance alone, so this is the total a policy topping up to
         * {@code ratio} moves at most (up to rounding to the transfer step).
         */
        public BigDecimal shortfall(BigDecimal ratio) {
            BigDecimal worst = BigDecimal.ZERO;
            for (Minute minute : minutes) {
                BigDecimal needed = minute.maintenance().divide(ratio, MarginSnapshot.RATIO_MATH)
                        .subtract(minute.marginBalance());
                worst = worst.max(needed);
            }
            return worst;
        }
    }

    /** One top-up the policy would make. */
    public record TopUp(int minute, BigDecimal amount, BigDecimal ratioBefore, BigDecimal ratioAfter) {}

    /**
     * The account with the checker's policy playing on it.
     *
     * @param peakRatio the highest ratio any minute reached before that minute's top-up
     * @param liquidationMinute the minute the venue would liquidate it despite the top-ups, if any
     * @param alerts the minutes at which the policy raised an alert instead of (fully) topping up
     */
    public record Protected(
            String accountId, List<TopUp> topUps, BigDecimal moved, BigDecimal peakRatio,
            OptionalInt liquidationMinute, List<Integer> alerts) {

        public Protected {
            topUps = List.copyOf(topUps);
            alerts = List.copyOf(alerts);
        }

        public boolean survives() {
            return liquidationMinute.isEmpty();
        }
    }

    /** {@code account} through {@code scenario}'s path with no top-up at all. */
    public static Replay replay(Scenario scenario, ScenarioAccount account) {
        PaperPosition position = account.paperPosition(scenario.symbol());
        return replay(account.id(), position, backingMargin(account, position), scenario.path(), scenario.minutes());
    }

    /**
     * One position backed by {@code margin} through minutes 0 to {@code minutes} of {@code path},
     * with no top-up.
     */
    public static Replay replay(
            String accountId, PaperPosition position, BigDecimal margin, PricePath path, int minutes) {
        List<Minute> series = new ArrayList<>(minutes + 1);
        for (int m = 0; m <= minutes; m++) {
            Candle candle = path.candleAt(m, Instant.EPOCH.plus(Duration.ofMinutes(m)));
            BigDecimal price = candle.close();
            BigDecimal balance = margin.add(position.unrealisedPnl(price));
            BigDecimal maintenance = position.maintenance(price);
            BigDecimal worstPrice = price;
            BigDecimal worstHeadroom = balance.subtract(maintenance);
            for (BigDecimal mark : List.of(candle.open(), candle.high(), candle.low())) {
                BigDecimal headroom = margin.add(position.unrealisedPnl(mark)).subtract(position.maintenance(mark));
                if (headroom.compareTo(worstHeadroom) < 0) {
                    worstPrice = mark;
                    worstHeadroom = headroom;
                }
            }
            series.add(new Minute(m, price, balance, maintenance, ratio(balance, maintenance), worstPrice,
                    worstHeadroom));
        }
        return new Replay(accountId, series);
    }

    /**
     * {@code account} through the scenario with the checker's policy deciding at every check:
     * checks at minutes 0, r, 2r ... for a check rate of r; a top-up lands within the minute of
     * its check, before the next price; after one the account waits until more than
     * {@code cooldownSeconds} have passed (the cooldown starts when the transfer is confirmed, a
     * moment after the check); the daily cap counts per UTC day. Control accounts are previewed
     * as if they were managed, which is what they would need.
     */
    public static Protected withTopUps(Scenario scenario, ScenarioAccount account) {
        return withTopUps(scenario, account, 0);
    }

    /**
     * As {@link #withTopUps(Scenario, ScenarioAccount)}, with every top-up landing
     * {@code lagMinutes} minutes late, as when the venue's answer is lost or refused and the
     * transfer is only confirmed by a later retry: the money arrives after the price of minute
     * {@code check + lagMinutes} has been played, and until then the top-up is in flight, so
     * the policy starts no other, and the cooldown runs from its arrival.
     */
    public static Protected withTopUps(Scenario scenario, ScenarioAccount account, int lagMinutes) {
        if (lagMinutes < 0) {
            throw new IllegalArgumentException("lagMinutes must not be negative, was " + lagMinutes);
        }
        Replay bare = replay(scenario, account);
        TopUpSettings settings = account.settings();
        String asset = account.paperPosition(scenario.symbol()).marginAsset();
        AccountConfig config = accountConfig(scenario, account, settings, asset);
        SourcePurse sources = new SourcePurse(account);
        BigDecimal added = BigDecimal.ZERO;
        Map<LocalDate, BigDecimal> usedByDay = new HashMap<>();
        Integer lastLanded = null;
        TopUp inFlight = null;
        BigDecimal peak = BigDecimal.ZERO;
        List<TopUp> topUps = new ArrayList<>();
        List<Integer> alerts = new ArrayList<>();
        for (Minute minute : bare.minutes()) {
            int m = minute.minute();
            BigDecimal balance = minute.marginBalance().add(added);
            BigDecimal ratio = ratio(balance, minute.maintenance());
            peak = peak.max(ratio);
            if (minute.liquidatedWith(added)) {
                return new Protected(account.id(), topUps, added, peak, OptionalInt.of(m), alerts);
            }
            boolean checks = m % settings.checkRateMinutes() == 0;
            boolean cooling = lastLanded != null && (long) (m - lastLanded) * 60 <= settings.cooldownSeconds();
            if (checks && !cooling) {
                LocalDate day = LocalDate.ofInstant(scenario.timeAt(m), ZoneOffset.UTC);
                BigDecimal usedToday = usedByDay.getOrDefault(day, BigDecimal.ZERO);
                MarginSnapshot snapshot = snapshot(scenario.timeAt(m), asset, balance, minute.maintenance(),
                        sources.mayGive(), minute.price());
                Decision decision = TopUpPolicy.decide(snapshot, config, usedToday, inFlight != null);
                if (decision instanceof Decision.TopUp topUp) {
                    // The source and the daily cap are spent when the transfer is sent, not when it lands.
                    sources.draw(topUp.amount());
                    usedByDay.put(day, usedToday.add(topUp.amount()));
                    inFlight = new TopUp(m, topUp.amount(), ratio, topUp.expectedRatio());
                    if (topUp.limitedBy() != null) {
                        alerts.add(m);
                    }
                } else if (decision instanceof Decision.Alert) {
                    alerts.add(m);
                }
            }
            if (inFlight != null && m >= inFlight.minute() + lagMinutes) {
                added = added.add(inFlight.amount());
                topUps.add(inFlight);
                lastLanded = m;
                inFlight = null;
            }
        }
        return new Protected(account.id(), topUps, added, peak, OptionalInt.empty(), alerts);
    }

    /**
     * {@code account} at the scenario's first price as the checker would read it from the paper
     * venue: margin balance and maintenance from the scenario's tiers, its one position with the
     * venue's liquidation price. What move settings are translated into ratios from.
     */
    public static MarginSnapshot startingSnapshot(Scenario scenario, ScenarioAccount account) {
        PaperPosition position = account.paperPosition(scenario.symbol());
        BigDecimal margin = backingMargin(account, position);
        BigDecimal mark = scenario.path().priceAt(0);
        BigDecimal maintenance = position.maintenance(mark);
        BigDecimal liquidationPrice = position.liquidationPrice(margin);
        Position held = new Position(scenario.symbol(),
                position.side() == dev.margintopup.paper.Side.LONG ? Position.Side.LONG : Position.Side.SHORT,
                position.quantity(), mark, maintenance, liquidationPrice);
        return new MarginSnapshot("paper", scenario.start(), position.marginAsset(),
                margin.add(position.unrealisedPnl(mark)), maintenance,
                new SourcePurse(account).mayGive(), PaperAccount.DEFAULT_TRANSFER_STEP, mark,
                liquidationPrice, List.of(held));
    }

    /**
     * The account's sources as its top-ups draw them: each in order down to its floor, no more than its cap in one
     * top-up, as the product splits a top-up into legs (decision 0026).
     */
    public static final class SourcePurse {

        private final List<Source> sources;
        private final BigDecimal[] free;

        public SourcePurse(ScenarioAccount account) {
            sources = account.sources();
            free = sources.stream().map(source -> account.wallet(source.wallet())).toArray(BigDecimal[]::new);
        }

        /** What one top-up may draw from all the sources together now. */
        public BigDecimal mayGive() {
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < free.length; i++) {
                total = total.add(sources.get(i).mayGive(free[i], PaperAccount.DEFAULT_TRANSFER_STEP));
            }
            return total;
        }

        public void draw(BigDecimal amount) {
            BigDecimal left = amount;
            for (int i = 0; i < free.length && left.signum() > 0; i++) {
                BigDecimal leg = left.min(sources.get(i).mayGive(free[i], PaperAccount.DEFAULT_TRANSFER_STEP));
                free[i] = free[i].subtract(leg);
                left = left.subtract(leg);
            }
        }
    }

    /** The margin a position starts with: the FUTURES wallet when cross, its isolated margin when isolated. */
    public static BigDecimal backingMargin(ScenarioAccount account, PaperPosition position) {
        return position.marginType() == MarginType.ISOLATED ? position.isolatedMargin() : account.wallet("FUTURES");
    }

    /** The ratio exactly as the checker computes it from a venue's snapshot. */
    private static BigDecimal ratio(BigDecimal balance, BigDecimal maintenance) {
        return snapshot(Instant.EPOCH, "USDT", balance, maintenance, BigDecimal.ZERO, null).marginRatio();
    }

    private static MarginSnapshot snapshot(Instant asOf, String asset, BigDecimal balance,
            BigDecimal maintenance, BigDecimal sourceFree, BigDecimal mark) {
        return new MarginSnapshot("paper", asOf, asset, balance, maintenance, sourceFree,
                PaperAccount.DEFAULT_TRANSFER_STEP, mark, null);
    }

    private static AccountConfig accountConfig(
            Scenario scenario, ScenarioAccount account, TopUpSettings settings, String asset) {
        boolean isolated = account.marginType() == MarginType.ISOLATED;
        return new AccountConfig(account.id(), "paper", isolated ? MarginMode.ISOLATED : MarginMode.CROSS,
                isolated ? scenario.symbol() : null, asset, settings.sourceWallet(), settings.triggerRatio(),
                settings.targetRatio(), settings.maxTransfer(), settings.dailyCap(), settings.minTransfer(),
                Duration.ofSeconds(settings.cooldownSeconds()), settings.checkRateMinutes(),
                "margin-topup/read/" + account.id(), "margin-topup/transfer/" + account.id(), true, false, null);
    }
}
