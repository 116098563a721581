package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.report.AccountTrack;
import dev.margintopup.local.report.HtmlReport;
import dev.margintopup.local.report.RunReport;
import dev.margintopup.local.report.SummaryTable;
import dev.margintopup.local.report.SweepMark;
import dev.margintopup.local.report.TopUpMark;
import dev.margintopup.local.run.AccountRun;
import dev.margintopup.local.run.ScenarioPlayer;
import dev.margintopup.local.run.ScenarioPlayer.RunResult;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.paper.Wallet;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The crash-recover-sweep scenario played as {@code infra/bin/run --scenario crash-recover-sweep} plays it: two
 * identical cross accounts protected by moves alone top up from FUNDING then SPOT in the crash; once the market has
 * been calm for the sweep's wait, the one with {@code sweep} sends back to each source exactly what came from it,
 * SPOT (drawn last) first, while its twin keeps the same amount idle in margin. The isolated account sweeps from its
 * position's margin, never more to a source than came from it. The control is liquidated in the crash. The summary
 * and the report show the sweeps beside the top-ups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoverSweepRunIT {

    private static final String SWEEPING = "desk-btc-cross";
    private static final String TWIN = "desk-btc-cross-nosweep";

    private Scenario scenario;
    private RunResult result;
    private RunReport report;

    @BeforeAll
    void play() {
        scenario = ScenarioLoader.builtIn("crash-recover-sweep");
        assertThat(scenario.compare()).as("played as listed, the twins side by side").isFalse();
        try (PaperVenueServer venue = PaperVenueServer.start(0)) {
            result = new ScenarioPlayer(PipelineFixture.template(), venue, ScenarioPlayer.Progress.SILENT,
                    Duration.ZERO).play(scenario);
        }
        report = result.report();
    }

    @Test
    void the_control_is_liquidated_in_the_crash_and_every_managed_account_survives() {
        assertThat(result.accounts().get("control-btc-cross").liquidatedAt()).isEqualTo(44);
        assertThat(result.accounts().values()).filteredOn(AccountRun::managed).hasSize(3)
                .allSatisfy(run -> assertThat(run.liquidatedAt()).as("%s liquidated", run.accountId()).isNull());
    }

    @Test
    void once_calm_each_source_gets_back_exactly_what_came_from_it_the_source_drawn_last_first() {
        AccountRun run = result.accounts().get(SWEEPING);
        List<TransferRecord> transfers = result.venue().transfers(run.apiKey());
        Map<String, BigDecimal> drawn = transfers.stream().filter(t -> !t.from().equals(Wallet.FUTURES))
                .collect(Collectors.groupingBy(t -> t.from().name(),
                        Collectors.reducing(BigDecimal.ZERO, TransferRecord::amount, BigDecimal::add)));
        List<TransferRecord> sweptOut = transfers.stream().filter(t -> t.from() == Wallet.FUTURES).toList();
        Map<String, BigDecimal> returned = sweptOut.stream().collect(Collectors.groupingBy(TransferRecord::to,
                Collectors.reducing(BigDecimal.ZERO, TransferRecord::amount, BigDecimal::add)));

        assertThat(drawn).as("the crash drew on both sources").containsOnlyKeys("FUNDING", "SPOT");
        assertThat(returned.keySet()).isEqualTo(drawn.keySet());
        drawn.forEach((wallet, amount) -> assertThat(returned.get(wallet)).as("back to %s", wallet)
                .isEqualByComparingTo(amount));
        assertThat(sweptOut.getFirst().to()).as("the source drawn last gets its part first").isEqualTo("SPOT");
        assertThat(sweptOut).extracting(TransferRecord::clientId).doesNotHaveDuplicates();
        for (String wallet : List.of("FUNDING", "SPOT")) {
            assertThat(result.venue().walletBalance(run.apiKey(), Wallet.valueOf(wallet), "USDT"))
                    .as("%s holds what it held before the crash", wallet)
                    .isEqualByComparingTo(scenario.accounts().getFirst().wallet(wallet));
        }

        AccountTrack track = track(SWEEPING);
        int lastTopUp = track.transfers().stream().mapToInt(TopUpMark::confirmedMinute).max().orElseThrow();
        assertThat(track.confirmedSweeps()).as("one mark per leg, each after the calm wait").hasSize(sweptOut.size())
                .allSatisfy(sweep -> assertThat(sweep.requestedMinute()).isGreaterThanOrEqualTo(lastTopUp + 15));
        assertThat(track.sweptBack().get("USDT")).isEqualByComparingTo(track.collateralMoved().get("USDT"));
    }

    @Test
    void the_isolated_account_sweeps_in_steps_and_never_more_to_a_source_than_came_from_it() {
        AccountRun run = result.accounts().get("desk-btc-isolated");
        List<TransferRecord> transfers = result.venue().transfers(run.apiKey());
        // Top-ups come from the source wallets; sweeps go back to them.
        Map<String, BigDecimal> drawn = transfers.stream().filter(t -> t.from() == Wallet.FUNDING || t.from() == Wallet.SPOT)
                .collect(Collectors.groupingBy(t -> t.from().name(),
                        Collectors.reducing(BigDecimal.ZERO, TransferRecord::amount, BigDecimal::add)));
        AccountTrack track = track("desk-btc-isolated");
        Map<String, BigDecimal> returned = track.confirmedSweeps().stream().collect(Collectors.groupingBy(
                SweepMark::toWallet, Collectors.reducing(BigDecimal.ZERO, SweepMark::amount, BigDecimal::add)));

        assertThat(track.confirmedSweeps()).as("several sweeps as the market climbs").hasSizeGreaterThan(1);
        assertThat(track.confirmedSweeps().getFirst().toWallet()).isEqualTo("SPOT");
        returned.forEach((wallet, amount) -> assertThat(amount).as("back to %s", wallet)
                .isLessThanOrEqualTo(drawn.get(wallet)));
        assertThat(track.sweptBack().get("USDT")).isLessThanOrEqualTo(track.collateralMoved().get("USDT"));
        assertThat(run.liquidatedAt()).isNull();
    }

    @Test
    void the_twin_without_sweep_keeps_the_same_top_ups_idle_in_margin() {
        AccountTrack sweeping = track(SWEEPING);
        AccountTrack twin = track(TWIN);
        assertThat(twin.sweeps()).isEmpty();
        assertThat(twin.collateralMoved().get("USDT")).as("the same top-ups: same position, same path, same settings")
                .isEqualByComparingTo(sweeping.collateralMoved().get("USDT"));
        BigDecimal idle = twin.money().marginBalanceAt(scenario.minutes()).orElseThrow()
                .subtract(sweeping.money().marginBalanceAt(scenario.minutes()).orElseThrow());
        assertThat(idle).as("margin the twin keeps idle at the end: what the sweeps gave back")
                .isEqualByComparingTo(sweeping.sweptBack().get("USDT"));
    }

    @Test
    void the_summary_and_the_report_show_the_sweeps_beside_the_top_ups() {
        String summary = SummaryTable.render(report);
        assertThat(summary).contains("Swept back").contains("Sweeps returned ")
                .contains("on 2 of 3 managed accounts");

        String html = HtmlReport.render(report, null);
        int legs = report.accounts().stream().mapToInt(a -> a.sweeps().size()).sum();
        assertThat(html.split("<g class=\"sweep\">", -1)).as("a marker per sweep leg").hasSize(legs + 1);
        assertThat(html).contains("swept back to a source").contains("<th class=\"num\">Swept back</th>");
        for (SweepMark leg : track(SWEEPING).sweeps()) {
            assertThat(html).contains("back to " + leg.toWallet() + ", requested minute " + leg.requestedMinute());
        }
    }

    private AccountTrack track(String accountId) {
        return report.accounts().stream().filter(a -> a.accountId().equals(accountId)).findFirst().orElseThrow();
    }
}
