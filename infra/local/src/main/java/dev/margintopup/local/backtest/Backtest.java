package dev.margintopup.local.backtest;

import dev.margintopup.local.backtest.SideBySide.Side;
import dev.margintopup.local.report.AccountTrack;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.run.AccountRun;
import dev.margintopup.local.run.ScenarioPlayer;
import dev.margintopup.local.run.ScenarioPlayer.RunResult;
import dev.margintopup.local.scenario.MarginPreview;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.local.scenario.TopUpSettings;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a side-by-side run ({@link SideBySide}) into a {@link Comparison}: per managed account of
 * the scenario, what each side moved and whether it survived, against the hindsight optimum.
 */
public final class Backtest {

    /**
     * One side-by-side scenario played: its comparison and the run behind it, or why the run
     * stopped (a function that threw, the venue refusing a seed) when it did not reach its end.
     */
    public record Played(String scenario, Comparison comparison, RunResult result, String failure) {

        public boolean completed() {
            return failure == null;
        }
    }

    private Backtest() {}

    /** The built-in scenarios meant to be played side by side ({@code "compare": true}), sorted. */
    public static List<String> sideBySideScenarios() {
        return ScenarioLoader.builtInNames().stream().filter(name -> ScenarioLoader.builtIn(name).compare()).toList();
    }

    /**
     * Plays {@code scenario} side by side through the whole pipeline (the emulator named by
     * {@code AWS_ENDPOINT_URL}, a paper venue of its own on a free port, the real functions).
     */
    public static Played play(Path template, Scenario scenario) {
        try (PaperVenueServer venue = PaperVenueServer.start(0)) {
            RunResult result = new ScenarioPlayer(template, venue, ScenarioPlayer.Progress.SILENT, Duration.ZERO)
                    .play(SideBySide.of(scenario));
            return new Played(scenario.name(), compare(scenario, result), result, null);
        } catch (RuntimeException e) {
            return new Played(scenario.name(), null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * @param scenario the scenario as written, one copy of each managed account
     * @param result the run of {@link SideBySide#of} of it
     */
    public static Comparison compare(Scenario scenario, RunResult result) {
        List<Candle> path = candles(scenario);
        List<Comparison.Pair> pairs = new ArrayList<>();
        for (ScenarioAccount account : scenario.managedAccounts()) {
            HindsightOptimum.Optimum optimum = optimum(scenario, account, path);
            pairs.add(new Comparison.Pair(account.id(), optimum.amount(), covers(account, optimum.amount()),
                    played(result, scenario, account, Side.RATIO), played(result, scenario, account, Side.MOVE)));
        }
        return new Comparison(scenario.name(), pairs);
    }

    /** The least collateral that would have kept {@code account}'s position alive on the scenario's path. */
    public static HindsightOptimum.Optimum optimum(Scenario scenario, ScenarioAccount account) {
        return optimum(scenario, account, candles(scenario));
    }

    /** Whether the account's sources (above their floors) and daily cap could each have paid {@code amount}. */
    public static boolean covers(ScenarioAccount account, BigDecimal amount) {
        TopUpSettings settings = account.settings();
        return account.sourceFunds().compareTo(amount) >= 0 && settings.dailyCap().compareTo(amount) >= 0;
    }

    /** The scenario's path, one candle per minute from minute 0 to its last, wicks included. */
    public static List<Candle> candles(Scenario scenario) {
        List<Candle> candles = new ArrayList<>(scenario.minutes() + 1);
        for (int m = 0; m <= scenario.minutes(); m++) {
            candles.add(scenario.path().candleAt(m, scenario.timeAt(m)));
        }
        return candles;
    }

    private static HindsightOptimum.Optimum optimum(Scenario scenario, ScenarioAccount account, List<Candle> path) {
        PaperPosition position = account.paperPosition(scenario.symbol());
        return HindsightOptimum.of(position, MarginPreview.backingMargin(account, position), path,
                PaperAccount.DEFAULT_TRANSFER_STEP);
    }

    private static Comparison.Played played(RunResult result, Scenario scenario, ScenarioAccount account, Side side) {
        String accountId = side.accountId(account.id());
        AccountRun run = Objects.requireNonNull(result.accounts().get(accountId),
                () -> "the side-by-side run has no account " + accountId);
        AccountTrack track = result.report().accounts().stream().filter(t -> t.accountId().equals(accountId))
                .findFirst().orElseThrow();
        BigDecimal moved = track.collateralMoved().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal worstDistance = run.readings().stream().map(r -> r.snapshot().distanceToLiquidation())
                .filter(Objects::nonNull).min(BigDecimal::compareTo).orElse(null);
        BigDecimal lost = track.liquidation() == null ? BigDecimal.ZERO
                : lostToLiquidation(scenario, account, moved, track.liquidation().markPrice());
        return new Comparison.Played(accountId, track.liquidation() == null ? null : track.liquidation().minute(), moved,
                lost, track.transfers().size(), worstDistance, track.alerts().size());
    }

    /**
     * The margin balance the liquidation took: the account's own margin, what was moved in, and the
     * position's profit and loss at the mark that liquidated it. Never below zero: beyond the
     * balance, a venue's insurance fund bears the loss, not the owner.
     */
    public static BigDecimal lostToLiquidation(Scenario scenario, ScenarioAccount account, BigDecimal moved,
            BigDecimal liquidationMark) {
        PaperPosition position = account.paperPosition(scenario.symbol());
        return MarginPreview.backingMargin(account, position).add(moved).add(position.unrealisedPnl(liquidationMark))
                .max(BigDecimal.ZERO);
    }
}
