package dev.margintopup.local.candles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.policy.Candle;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed sample export is the generator's output and tells the story the scenario relies on. */
class SampleCandlesTest {

    private static Path sample() {
        return ScenarioLoader.scenariosDirectory().getParent().getParent().resolve(SampleCandles.FILE);
    }

    @Test
    void committedSampleIsWhatTheSeededGeneratorWrites() throws IOException {
        Path file = sample();
        if (Boolean.getBoolean("margin-topup.regenerate-samples")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, SampleCandles.csv(), StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s was written by SampleCandles; regenerate it rather than editing it", SampleCandles.FILE)
                .isEqualTo(SampleCandles.csv());
    }

    @Test
    void sampleIsABinanceDumpWhoseOnlyDeepMoveIsTheWickAtMinute70() {
        CandleFile file = CandleFile.read(sample(), "auto");

        assertThat(file.format()).isEqualTo(CandleFormat.BINANCE_USDM);
        assertThat(file.symbol()).isEqualTo("BTCUSDT");
        assertThat(file.minutes()).hasSize(SampleCandles.MINUTES);
        assertThat(file.filledMinutes()).isZero();
        assertThat(file.minutes().getFirst().openTime()).isEqualTo(SampleCandles.START);
        assertThat(file.minutes()).allSatisfy(c -> assertThat(c.close()).isGreaterThan(new BigDecimal("55000")));
        Candle wick = file.minutes().get(SampleCandles.WICK_MINUTE);
        assertThat(wick.low()).isEqualByComparingTo(SampleCandles.WICK_LOW);
        // Everywhere else the wicks stay above 54900: the control's liquidation price (53994.97) is
        // reached only at minute 70.
        for (int m = 0; m < SampleCandles.MINUTES; m++) {
            if (m != SampleCandles.WICK_MINUTE) {
                assertThat(file.minutes().get(m).low()).as("minute %d", m).isGreaterThan(new BigDecimal("54900"));
            }
        }
    }
}
