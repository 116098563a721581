package dev.margintopup.local.backtest;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MoveSettings;
import dev.margintopup.check.FastPolling;
import dev.margintopup.local.backtest.SideBySide.Side;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.run.AccountItemDefaults;
import dev.margintopup.local.scenario.MarginPreview;
import dev.margintopup.local.scenario.MarginPreview.SourcePurse;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.policy.Candle;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MarketPace;
import dev.margintopup.policy.MoveProtection;
import dev.margintopup.policy.Position;
import dev.margintopup.policy.TopUpPolicy;
import dev.margintopup.policy.VolatilityBuffer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plays a side-by-side scenario with the product's pure layers only: the paper venue's margin
 * arithmetic ({@link PaperPosition}, tiers included), the checker's timing (a check on each
 * scheduled minute, polls every {@code pollIntervalSeconds} inside the watch band until
 * {@link FastPolling#lastPollStart}, the cooldown from the moment a top-up lands, the daily cap),
 * and the real {@link TopUpPolicy} and {@link VolatilityBuffer} on the snapshot the paper venue
 * would give. No emulator, no HTTP, no functions: thousands of paths a minute, to judge a sizing
 * model on paths nobody wrote, where {@link Backtest} plays a few through the whole pipeline.
 *
 * <p>As in the pipeline, a top-up lands at the moment of the check that asked for it, a poll's
 * price is the straight line towards the next minute's close ({@code PricePath#priceBetween}) and
 * joins its minute's candle, and the venue liquidates at every mark a minute's candle passes
 * through. What it leaves out: faults, retries, and one account's polls moving the mark for the
 * others.
 */
public final class PolicyPlay {

    /** No request is made: the endpoint only has to make a valid account item. */
    private static final String VENUE_ENDPOINT = "http://127.0.0.1:1";

    private PolicyPlay() {}

    /**
     * {@code scenario} (one copy of each managed account) played side by side, beside the hindsight
     * optimum, every account on one market as {@link Backtest} plays it through the pipeline: the
     * figures match the pipeline's.
     */
    public static Comparison compare(Scenario scenario) {
        return compare(scenario, true);
    }

    /**
     * As {@link #compare(Scenario)}; with {@code oneMarket} false each account is played on a
     * market of its own. On one market, as in the pipeline, an account's polls move the mark towards
     * the next minute's close before the accounts checked after it in that minute have looked, so
     * one side's polling can liquidate the other side a minute early; alone, each side meets the
     * path only through its own checks, which is how paths nobody wrote are judged.
     */
    public static Comparison compare(Scenario scenario, boolean oneMarket) {
        Scenario sides = SideBySide.of(scenario);
        Map<String, Comparison.Played> played = new LinkedHashMap<>();
        if (oneMarket) {
            played.putAll(play(sides));
        } else {
            sides.accounts().forEach(account -> played.putAll(play(sides.withAccounts(List.of(account)))));
        }
        List<Comparison.Pair> pairs = new ArrayList<>();
        for (ScenarioAccount account : scenario.managedAccounts()) {
            HindsightOptimum.Optimum optimum = Backtest.optimum(scenario, account);
            pairs.add(new Comparison.Pair(account.id(), optimum.amount(), Backtest.covers(account, optimum.amount()),
                    played.get(Side.RATIO.accountId(account.id())), played.get(Side.MOVE.accountId(account.id()))));
        }
        return new Comparison(scenario.name(), pairs);
    }

    /**
     * Every account of {@code scenario} through its whole path, on one market: as on the paper
     * venue, a poll of one account moves the mark for all of them (the engine runs at it for
     * every account) and joins the minute's candle every checker reads.
     */
    static Map<String, Comparison.Played> play(Scenario scenario) {
        Market market = new Market(scenario);
        List<Account> accounts = scenario.accounts().stream().map(a -> new Account(market, a)).toList();
        market.accounts = accounts;
        List<Candle> path = Backtest.candles(scenario);
        for (int minute = 0; minute < path.size(); minute++) {
            Candle bar = path.get(minute);
            market.join(minute, bar);
            for (BigDecimal mark : List.of(bar.open(), bar.high(), bar.low(), bar.close())) {
                market.liquidateAt(mark, minute);
            }
            for (Account account : accounts) {
                if (account.liquidatedMinute == null && minute % account.config.checkRateMinutes() == 0) {
                    account.checkAndPoll(minute, bar.close());
                    // The runner puts the mark back at the minute's close before the next account's check.
                    market.join(minute, new Candle(bar.openTime(), bar.close(), bar.close(), bar.close(), bar.close()));
                }
            }
        }
        Map<String, Comparison.Played> played = new LinkedHashMap<>();
        accounts.forEach(account -> played.put(account.account.id(), account.played()));
        return played;
    }

    /** The venue's side of the run: the mark's one-minute candles, and every account's engine. */
    private static final class Market {

        private final Scenario scenario;
        /** The venue's one-minute candles as a checker's feed reads them: each minute's bar and every mark polled in it. */
        private final TreeMap<Integer, Candle> candles = new TreeMap<>();
        private List<Account> accounts = List.of();

        Market(Scenario scenario) {
            this.scenario = scenario;
        }

        void join(int minute, Candle bar) {
            candles.merge(minute, bar, (earlier, later) -> new Candle(earlier.openTime(), earlier.open(),
                    earlier.high().max(later.high()), earlier.low().min(later.low()), later.close()));
        }

        /** The mark moves {@code into} {@code minute} at a poll: it joins its minute's candle and the engine runs. */
        BigDecimal poll(int minute, Duration into) {
            BigDecimal mark = scenario.path().priceBetween(minute, into);
            int polled = minute + (int) into.toMinutes();
            join(polled, new Candle(scenario.timeAt(polled), mark, mark, mark, mark));
            liquidateAt(mark, minute);
            return mark;
        }

        void liquidateAt(BigDecimal mark, int minute) {
            accounts.forEach(account -> account.liquidatesAt(mark, minute));
        }

        List<Candle> recent(int count) {
            List<Candle> all = new ArrayList<>(candles.values());
            return all.subList(Math.max(0, all.size() - count), all.size());
        }
    }

    /** One account while it is played: its margin, what it moved, its cooldown and its view of the candles. */
    private static final class Account {

        private final Market market;
        private final Scenario scenario;
        private final ScenarioAccount account;
        private final AccountConfig config;
        private final PaperPosition position;
        private final BigDecimal margin;
        private final SourcePurse sources;
        private final Map<LocalDate, BigDecimal> usedByDay = new HashMap<>();
        private BigDecimal added = BigDecimal.ZERO;
        private int transfers;
        private int alerts;
        private Instant cooldownUntil;
        private BigDecimal worstDistance;
        private Integer liquidatedMinute;
        private BigDecimal liquidationMark;

        Account(Market market, ScenarioAccount account) {
            this.market = market;
            this.scenario = market.scenario;
            this.account = account;
            this.config = AccountItemDefaults.config(scenario, account, VENUE_ENDPOINT);
            this.position = account.paperPosition(scenario.symbol());
            this.margin = MarginPreview.backingMargin(account, position);
            this.sources = new SourcePurse(account);
        }

        Comparison.Played played() {
            BigDecimal lost = liquidatedMinute == null ? BigDecimal.ZERO
                    : Backtest.lostToLiquidation(scenario, account, added, liquidationMark);
            return new Comparison.Played(account.id(), liquidatedMinute, added, lost, transfers, worstDistance, alerts);
        }

        /** The scheduled check at the top of {@code minute}, and the polls it leads to inside the watch band. */
        private void checkAndPoll(int minute, BigDecimal close) {
            Instant tick = scenario.timeAt(minute);
            boolean keepPolling = check(tick, close);
            Instant lastStart = FastPolling.lastPollStart(tick, config.checkRateMinutes());
            Duration offset = Duration.ZERO;
            while (keepPolling) {
                offset = offset.plus(config.moves().pollInterval());
                Instant at = tick.plus(offset);
                if (at.isAfter(lastStart)) {
                    return;
                }
                BigDecimal mark = market.poll(minute, offset);
                if (liquidatedMinute != null) {
                    return;
                }
                keepPolling = check(at, mark);
            }
        }

        /** One check at {@code mark}; whether the checker polls on after it (inside the band, nothing under way). */
        private boolean check(Instant at, BigDecimal mark) {
            MarginSnapshot snapshot = snapshot(at, mark);
            BigDecimal distance = snapshot.distanceToLiquidation();
            if (distance != null) {
                worstDistance = worstDistance == null ? distance : worstDistance.min(distance);
            }
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            BigDecimal usedToday = usedByDay.getOrDefault(day, BigDecimal.ZERO);
            Decision decision = TopUpPolicy.decide(snapshot, config, usedToday, false, marketPace(snapshot));
            boolean inBand = FastPolling.band(snapshot, config) != null;
            switch (decision) {
                case Decision.TopUp topUp when account.dryRun() -> {
                    return inBand;
                }
                case Decision.TopUp topUp -> {
                    if (cooldownUntil != null && at.isBefore(cooldownUntil)) {
                        // As FastPolling: a top-up the cooldown holds back keeps the account polled.
                        return inBand;
                    }
                    if (topUp.limitedBy() != null) {
                        alerts++;
                    }
                    sources.draw(topUp.amount());
                    usedByDay.put(day, usedToday.add(topUp.amount()));
                    added = added.add(topUp.amount());
                    transfers++;
                    cooldownUntil = at.plus(config.cooldown());
                    return false;
                }
                case Decision.Alert alert -> {
                    alerts++;
                    return inBand;
                }
                case Decision.NoAction noAction -> {
                    return inBand;
                }
            }
        }

        /** As the checker reads the market inside the band; calm outside it, or for the ratio pair alone. */
        private MarketPace marketPace(MarginSnapshot snapshot) {
            MoveSettings moves = config.moves();
            if (moves == null || MoveProtection.survivableMove(snapshot).compareTo(moves.watchBandMove()) > 0) {
                return MarketPace.CALM;
            }
            return MarketPace.of(market.recent(moves.volatilityLookbackMinutes()), moves.volatilityMultiple(),
                    VolatilityBuffer.horizon(FastPolling.nextLookWithin(moves.pollIntervalSeconds(),
                            config.checkRateMinutes())));
        }

        /** The venue's engine at one mark: liquidated once the margin balance no longer exceeds maintenance. */
        private boolean liquidatesAt(BigDecimal mark, int minute) {
            if (liquidatedMinute != null) {
                return true;
            }
            BigDecimal headroom = margin.add(added).add(position.unrealisedPnl(mark)).subtract(position.maintenance(mark));
            if (headroom.signum() > 0) {
                return false;
            }
            liquidatedMinute = minute;
            liquidationMark = mark;
            return true;
        }

        /** What the paper venue reports at {@code mark}: the one position with its liquidation price. */
        private MarginSnapshot snapshot(Instant at, BigDecimal mark) {
            BigDecimal backing = margin.add(added);
            BigDecimal maintenance = position.maintenance(mark);
            BigDecimal liquidationPrice = position.liquidationPrice(backing);
            Position held = new Position(scenario.symbol(),
                    position.side() == dev.margintopup.paper.Side.LONG ? Position.Side.LONG : Position.Side.SHORT,
                    position.quantity(), mark, maintenance, liquidationPrice);
            return new MarginSnapshot("paper", at, position.marginAsset(), backing.add(position.unrealisedPnl(mark)),
                    maintenance, sources.mayGive(), PaperAccount.DEFAULT_TRANSFER_STEP, mark, liquidationPrice,
                    List.of(held));
        }
    }
}
