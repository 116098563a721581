package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.backtest.SideBySide;
import dev.margintopup.local.candles.SampleCandles;
import dev.margintopup.local.report.AccountTrack;
import dev.margintopup.local.report.TopUpMark;
import dev.margintopup.local.run.AccountRun;
import dev.margintopup.local.run.CheckTrigger;
import dev.margintopup.local.run.ScenarioPlayer;
import dev.margintopup.local.run.ScenarioPlayer.RunResult;
import dev.margintopup.local.scenario.CandleScenario;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.TopUpPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main local run, played by the test suite as {@code infra/bin/run} plays it, each managed
 * account side by side with fixed ratios and with moves: the crash scenario liquidates the control
 * account while top-ups keep every managed account alive, every transfer is within its caps (the
 * fixed-ratio side's exactly the policy's amount, the move side's never less than a calm market's),
 * and under injected venue faults each top-up still moves exactly once; a replayed candle export
 * liquidates the control at its wick, not at its closes, and so does OKX's zipped download of the same
 * minutes replayed as {@code infra/bin/run --candles} replays it. The checks start with the tick, as deployed by
 * default; per-account schedules play the crash to the same report.
 */
class ScenarioRunIT {

    @Test
    void the_crash_liquidates_the_control_while_top_ups_keep_the_managed_accounts_alive_whichever_trigger_checks() {
        RunResult result = play("crash-30");
        RunResult perAccountSchedules = play("crash-30", CheckTrigger.PER_ACCOUNT_SCHEDULES);

        assertSurvivalAndPolicy(result);
        assertThat(perAccountSchedules.report()).as("per-account schedules play the crash as the tick does")
                .usingRecursiveComparison().isEqualTo(result.report());
    }

    @Test
    void under_lost_responses_errors_and_throttling_each_top_up_still_moves_exactly_once() {
        RunResult result = play("crash-30-faults");

        assertSurvivalAndPolicy(result);
        for (AccountRun run : managed(result)) {
            List<TransferRecord> history = result.venue().transfers(run.apiKey());
            Map<String, Long> byClientId = history.stream()
                    .collect(Collectors.groupingBy(TransferRecord::clientId, Collectors.counting()));
            assertThat(byClientId.values()).as("the venue's own history: one transfer per client id (%s)", run.accountId())
                    .allMatch(n -> n == 1);
            assertThat(history).as("every confirmed top-up is one venue transfer, and no more")
                    .hasSize(confirmed(track(result, run)).size());
        }
    }

    @Test
    void a_replayed_export_liquidates_the_control_at_its_wick_while_top_ups_before_it_keep_the_managed_alive() {
        RunResult result = play("wick-replay");

        assertSurvivalAndPolicy(result);
        AccountRun control = result.accounts().get("control-btc-cross");
        assertThat(control.liquidatedAt()).as("the control goes at minute 70, whose close (55221.7) it survives")
                .isEqualTo(70);
        assertThat(result.venue().liquidations(control.apiKey())).singleElement()
                .satisfies(l -> assertThat(l.markPrice()).as("liquidated at the wick").isEqualByComparingTo("52800"));
        assertThat(track(result, control).liquidation().markPrice()).isEqualByComparingTo("52800");
        assertThat(managed(result)).allSatisfy(run -> assertThat(confirmed(track(result, run)))
                .allSatisfy(topUp -> assertThat(topUp.requestedMinute()).isLessThan(70)));
        assertThat(result.venue().candles("BTCUSDT", 100)).as("the venue's klines are the file's minutes")
                .hasSize(91)
                .satisfies(candles -> assertThat(candles.get(70).low()).isEqualByComparingTo("52800"));
    }

    @Test
    void an_okx_download_replayed_with_candles_liquidates_the_control_at_its_wick_while_a_top_up_keeps_the_managed_alive(
            @TempDir Path dir) throws IOException {
        // infra/bin/run --candles on the sample's minutes as OKX's download page serves them, zipped.
        Path download = dir.resolve("BTC-USDT-SWAP-candlesticks-2025-03-03.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(download))) {
            zip.putNextEntry(new ZipEntry(SampleCandles.OKX_DOWNLOAD_NAME));
            zip.write(SampleCandles.okxDownload().getBytes(StandardCharsets.UTF_8));
        }
        RunResult result;
        try (PaperVenueServer venue = PaperVenueServer.start(0)) {
            result = new ScenarioPlayer(PipelineFixture.template(), venue, ScenarioPlayer.Progress.SILENT, Duration.ZERO,
                    CheckTrigger.TICK).play(CandleScenario.forFile(download, null));
        }

        assertSurvivalAndPolicy(result);
        AccountRun control = result.accounts().get("replay-control");
        assertThat(control.liquidatedAt()).isEqualTo(70);
        assertThat(result.venue().liquidations(control.apiKey())).singleElement()
                .satisfies(l -> assertThat(l.markPrice()).as("liquidated at the wick").isEqualByComparingTo("52800"));
        assertThat(result.venue().candles("BTCUSDT", 100)).as("the venue's klines are the download's minutes")
                .hasSize(91)
                .satisfies(candles -> assertThat(candles.get(70).low()).isEqualByComparingTo("52800"));
    }

    private static RunResult play(String scenario) {
        return play(scenario, CheckTrigger.TICK);
    }

    private static RunResult play(String scenario, CheckTrigger trigger) {
        try (PaperVenueServer venue = PaperVenueServer.start(0)) {
            // Played as infra/bin/run plays it: side by side, fixed ratios and moves.
            return new ScenarioPlayer(PipelineFixture.template(), venue, ScenarioPlayer.Progress.SILENT, Duration.ZERO,
                    trigger)
                    .play(SideBySide.of(ScenarioLoader.builtIn(scenario)));
        }
    }

    private static void assertSurvivalAndPolicy(RunResult result) {
        assertThat(result.accounts().values()).filteredOn(run -> !run.managed())
                .as("control accounts (top-ups disabled)").isNotEmpty()
                .allSatisfy(run -> assertThat(run.liquidatedAt()).as("%s is liquidated", run.accountId()).isNotNull());
        assertThat(managed(result)).isNotEmpty().allSatisfy(run -> {
            assertThat(run.liquidatedAt()).as("%s survives", run.accountId()).isNull();
            List<TopUpMark> topUps = confirmed(track(result, run));
            assertThat(topUps).as("%s was topped up", run.accountId()).isNotEmpty();
            List<TransferRecord> transfers = result.venue().transfers(run.apiKey());
            assertThat(transfers).hasSize(topUps.size());

            BigDecimal usedToday = BigDecimal.ZERO;
            Map<Integer, AccountRun.Reading> readings = run.readings().stream()
                    .collect(Collectors.toMap(AccountRun.Reading::minute, Function.identity()));
            boolean byMoves = run.config().moves() != null;
            for (TopUpMark topUp : topUps) {
                assertThat(topUp.amount()).as("per-transfer cap").isLessThanOrEqualTo(run.config().maxTransfer());
                if (byMoves) {
                    // Moves are decided on candles the runner does not record, often at a poll within
                    // the minute: volatility only widens them, so the amount is never below what the
                    // policy asks for on the poll's snapshot in a calm market.
                    MarginSnapshot seen = seenAt(run, topUp);
                    if (TopUpPolicy.decide(seen, run.config(), usedToday, false) instanceof Decision.TopUp calm) {
                        assertThat(topUp.amount()).as("%s: at least the calm market's amount", run.accountId())
                                .isGreaterThanOrEqualTo(calm.amount());
                    }
                    usedToday = usedToday.add(topUp.amount());
                    continue;
                }
                AccountRun.Reading seen = readings.get(topUp.requestedMinute());
                assertThat(seen).as("the runner's reading at minute %d", topUp.requestedMinute()).isNotNull();
                Decision expected = TopUpPolicy.decide(seen.snapshot(), run.config(), usedToday, false);
                assertThat(expected).as("the policy on what the checker saw at minute %d", topUp.requestedMinute())
                        .isInstanceOf(Decision.TopUp.class);
                assertThat(topUp.amount()).as("the amount is the policy's")
                        .isEqualByComparingTo(((Decision.TopUp) expected).amount());
                usedToday = usedToday.add(topUp.amount());
            }
            assertThat(usedToday).as("daily cap").isLessThanOrEqualTo(run.config().dailyCap());
            assertThat(transfers.stream().map(TransferRecord::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("the venue moved exactly what was confirmed").isEqualByComparingTo(usedToday);
        });
    }

    /** The snapshot the check that asked for {@code topUp} saw: the minute's, or its poll's within the minute. */
    private static MarginSnapshot seenAt(AccountRun run, TopUpMark topUp) {
        if (topUp.requestedSecond() == topUp.requestedMinute() * 60) {
            return run.readings().stream().filter(r -> r.minute() == topUp.requestedMinute()).findFirst()
                    .orElseThrow().snapshot();
        }
        return run.pollReadings().stream()
                .filter(p -> p.minute() == topUp.requestedMinute() && p.second() == topUp.requestedSecond())
                .findFirst().orElseThrow(() -> new AssertionError("no poll reading at second "
                        + topUp.requestedSecond() + " of the run (minute " + topUp.requestedMinute() + ") of "
                        + run.accountId()))
                .snapshot();
    }

    private static List<AccountRun> managed(RunResult result) {
        return result.accounts().values().stream().filter(AccountRun::managed).toList();
    }

    private static AccountTrack track(RunResult result, AccountRun run) {
        return result.report().accounts().stream().filter(t -> t.accountId().equals(run.accountId())).findFirst()
                .orElseThrow();
    }

    private static List<TopUpMark> confirmed(AccountTrack track) {
        return track.topUps().stream().filter(t -> t.outcome().equals("CONFIRMED")).toList();
    }
}
