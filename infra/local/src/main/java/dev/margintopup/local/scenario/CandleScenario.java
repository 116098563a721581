package dev.margintopup.local.scenario;

import dev.margintopup.local.candles.CandleFile;
import dev.margintopup.local.candles.CandleFormat;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The scenario {@code infra/bin/run --candles FILE} plays: the file's minutes, and two accounts
 * holding the same long position, one managed and one control (dry run), so the replay shows
 * what top-ups would have done in that market. The defaults, sized from the file's first open P:
 *
 * <ul>
 *   <li>position: long, 100,000 USDT of notional (quantity 100000 ÷ P to 4 significant digits)
 *       from P, cross margin, 10x: FUTURES = notional ÷ 10; maintenance a flat 0.5 % of notional;
 *   <li>FUNDING 30,000 USDT, the source of top-ups;
 *   <li>checked every minute; trigger 0.15, target 0.05 (a one-minute checker needs a low trigger,
 *       see {@code infra/scenarios/README.md}); per-transfer cap 10,000, daily cap 30,000,
 *       minimum 10, cooldown 60 s.
 * </ul>
 *
 * For other accounts, write a scenario file with a {@code candles} price path.
 */
public final class CandleScenario {

    static final BigDecimal NOTIONAL = new BigDecimal("100000");
    static final int LEVERAGE = 10;

    private CandleScenario() {}

    /**
     * @param symbol the symbol to replay it as, or {@code null} for the one the file names
     * @throws dev.margintopup.local.candles.CandleFileException when the file cannot be read
     * @throws ScenarioException when the file names no symbol and none is given, or the symbol is not one
     */
    public static Scenario forFile(Path file, String symbol) {
        Path absolute = file.toAbsolutePath().normalize();
        CandleFile candles = CandleFile.read(absolute, CandleFormat.AUTO);
        String replayed = symbol != null ? symbol : candles.symbol();
        if (replayed == null) {
            throw new ScenarioException(file.toString(), "", "the file does not say which symbol it is; pass it with"
                    + " --symbol, e.g. --symbol BTCUSDT");
        }
        BigDecimal entry = CandleReplay.of(candles).candleAt(0, candles.minutes().getFirst().openTime()).open();
        BigDecimal quantity = NOTIONAL.divide(entry, new MathContext(4, RoundingMode.HALF_UP));
        BigDecimal futures = quantity.multiply(entry).divide(BigDecimal.valueOf(LEVERAGE), 2, RoundingMode.UP);
        String position = """
                {"side": "long", "quantity": "%s", "entryPrice": "%s", "leverage": %d}"""
                .formatted(quantity.toPlainString(), entry.toPlainString(), LEVERAGE);
        String config = """
                {"triggerRatio": "0.15", "targetRatio": "0.05", "maxTransfer": "10000", "dailyCap": "30000",
                 "minTransfer": "10", "cooldownSeconds": 60, "checkRateMinutes": 1, "sourceWallet": "FUNDING"}""";
        String wallets = "{\"FUTURES\": \"" + futures.toPlainString() + "\", \"FUNDING\": \"30000\"}";
        String json = """
                {
                  "name": "%s",
                  "description": %s,
                  "symbol": "%s",
                  "tiers": [{"rate": "0.005"}],
                  "pricePath": {"type": "candles", "file": %s, "format": "%s"},
                  "accounts": [
                    {"id": "replay-managed", "managed": true, "marginMode": "cross", "wallets": %s,
                     "position": %s, "config": %s},
                    {"id": "replay-control", "managed": false, "marginMode": "cross", "wallets": %s,
                     "position": %s, "config": %s}
                  ]
                }
                """.formatted(name(absolute), quoted(description(absolute, candles)), replayed,
                        quoted(absolute.toString()), candles.format().id(), wallets, position, config, wallets, position,
                        config);
        return ScenarioLoader.parse(file.toString(), json, null, absolute.getParent());
    }

    private static String name(Path file) {
        String base = file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.[a-z]+$", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String name = "candles-" + base;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static String description(Path file, CandleFile candles) {
        return "Replay of " + file.getFileName() + " (" + candles.format().id() + ", " + candles.minutes().size()
                + " minutes from " + candles.minutes().getFirst().openTime()
                + (candles.filledMinutes() == 0 ? "" : ", " + candles.filledMinutes() + " missing minutes held flat")
                + "): a 10x long, managed and control";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
