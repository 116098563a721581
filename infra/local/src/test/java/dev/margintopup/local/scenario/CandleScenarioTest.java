package dev.margintopup.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.candles.SampleCandles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code infra/bin/run --candles FILE} plays, checked on the committed sample export. */
class CandleScenarioTest {

    private static Path sample() {
        return ScenarioLoader.scenariosDirectory().resolve("candles/BTCUSDT-1m-2025-03-03.csv");
    }

    @Test
    void replayHasAManagedAndAControlAccountSizedFromTheFirstOpen() {
        Scenario scenario = CandleScenario.forFile(sample(), null);

        assertThat(scenario.name()).isEqualTo("candles-btcusdt-1m-2025-03-03");
        assertThat(scenario.symbol()).isEqualTo("BTCUSDT");
        assertThat(scenario.minutes()).isEqualTo(90);
        assertThat(scenario.start()).isEqualTo(java.time.Instant.parse("2025-03-03T00:00:00Z"));
        assertThat(scenario.managedAccounts()).extracting(ScenarioAccount::id).containsExactly("replay-managed");
        assertThat(scenario.controlAccounts()).extracting(ScenarioAccount::id).containsExactly("replay-control");
        ScenarioAccount managed = scenario.account("replay-managed");
        // 100000 ÷ 60000 to four significant digits, from the first open, on a tenth of the notional.
        assertThat(managed.position().quantity()).isEqualByComparingTo("1.667");
        assertThat(managed.position().entryPrice()).isEqualByComparingTo("60000");
        assertThat(managed.wallet("FUTURES")).isEqualByComparingTo("10002");
        assertThat(managed.settings().triggerRatio()).isEqualByComparingTo("0.15");
        ScenarioAccount control = scenario.account("replay-control");
        assertThat(control.dryRun()).isTrue();
        assertThat(control.position()).isEqualTo(managed.position());
        assertThat(control.wallets()).isEqualTo(managed.wallets());
    }

    @Test
    void onTheSampleTheWickLiquidatesTheControlWhileTheManagedAccountIsToppedUpInTime() {
        Scenario scenario = CandleScenario.forFile(sample(), "XBTUSDT");

        MarginPreview.Replay control = MarginPreview.replay(scenario, scenario.account("replay-control"));
        MarginPreview.Protected managed = MarginPreview.withTopUps(scenario, scenario.account("replay-managed"));

        assertThat(scenario.symbol()).isEqualTo("XBTUSDT");
        assertThat(control.liquidationMinute()).hasValue(70);
        assertThat(control.minutes().get(70).worstPrice()).isEqualByComparingTo("52800");
        assertThat(control.minutes().get(70).marginRatio()).isLessThan(BigDecimal.ONE);
        assertThat(managed.survives()).as("%s", managed).isTrue();
        assertThat(managed.topUps()).isNotEmpty().allSatisfy(t -> assertThat(t.minute()).isLessThan(70));
    }

    @Test
    void theSameMinutesDownloadedFromOkxReplayAsTheBinanceSampleDoes(@TempDir Path dir) throws IOException {
        Path download = Files.writeString(dir.resolve(SampleCandles.OKX_DOWNLOAD_NAME), SampleCandles.okxDownload());

        Scenario fromOkx = CandleScenario.forFile(download, null);
        Scenario fromBinance = CandleScenario.forFile(sample(), null);

        assertThat(fromOkx.description()).startsWith("Replay of BTC-USDT-SWAP-candlesticks-2025-03-03.csv (okx-v5, 91 minutes"
                + " from 2025-03-03T00:00:00Z");
        assertThat(fromOkx.symbol()).isEqualTo("BTCUSDT");
        assertThat(fromOkx.start()).isEqualTo(fromBinance.start());
        assertThat(fromOkx.minutes()).isEqualTo(fromBinance.minutes());
        assertThat(MarginPreview.replay(fromOkx, fromOkx.account("replay-control")))
                .isEqualTo(MarginPreview.replay(fromBinance, fromBinance.account("replay-control")))
                .satisfies(control -> assertThat(control.liquidationMinute()).hasValue(70));
        MarginPreview.Protected managed = MarginPreview.withTopUps(fromOkx, fromOkx.account("replay-managed"));
        assertThat(managed.survives()).as("%s", managed).isTrue();
        assertThat(managed).isEqualTo(MarginPreview.withTopUps(fromBinance, fromBinance.account("replay-managed")));
    }
}
