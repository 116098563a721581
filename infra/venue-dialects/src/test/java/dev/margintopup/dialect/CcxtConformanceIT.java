package dev.margintopup.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.binance.BinanceDialectServer;
import dev.margintopup.dialect.binance.Wallet;
import dev.margintopup.dialect.bybit.BybitAccount;
import dev.margintopup.dialect.bybit.BybitDialectServer;
import dev.margintopup.dialect.bybit.BybitPosition;
import dev.margintopup.dialect.hyperliquid.HyperliquidAccount;
import dev.margintopup.dialect.hyperliquid.HyperliquidDialectServer;
import dev.margintopup.dialect.hyperliquid.LedgerEntry;
import dev.margintopup.dialect.okx.OkxAccount;
import dev.margintopup.dialect.okx.OkxDialectServer;
import dev.margintopup.dialect.okx.OkxPosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each dialect server, driven by ccxt (pinned in infra/requirements.txt, installed into .venv by
 * the test command): an exchange client written apart from this project, with its own request
 * building, signing and parsing. Every call the product relies on must be accepted and parsed;
 * a failure names the call and what ccxt could not read. The accounts hold a cross and an
 * isolated position each, so positions, balances, transfers, margin adds, their history and the
 * candles all have something to answer with.
 */
class CcxtConformanceIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path PYTHON = ROOT.resolve(".venv/bin/python");
    private static final Path SCRIPT = ROOT.resolve("infra/venue-dialects/conformance/ccxt_conformance.py");
    private static final String SECRET = "conformance-secret-5c81d0";

    @Test
    void binanceDialectAnswersEveryCallCcxtMakes() throws Exception {
        try (BinanceDialectServer server = BinanceDialectServer.start(0)) {
            server.setMarkPrice("BTCUSDT", "62000");
            server.setMarkPrice("ETHUSDT", "2900");
            server.seedAccount("conformance-binance-key", SECRET)
                    .wallet(Wallet.UMFUTURE, "USDT", "2000")
                    .wallet(Wallet.FUNDING, "USDT", "750")
                    .wallet(Wallet.SPOT, "USDT", "1000")
                    .crossPosition("BTCUSDT", "0.05", "60000", "0.004")
                    .isolatedPosition("ETHUSDT", "2", "3000", "300", "0.005");
            assertAcceptedAndParsed(conformance("binance-usdm", server.baseUrl(), "conformance-binance-key", null,
                    "--positions", "BTC/USDT:USDT", "ETH/USDT:USDT",
                    "--liquidation-priced", "BTC/USDT:USDT", "ETH/USDT:USDT",
                    "--isolated-symbol", "ETH/USDT:USDT", "--cross-margin-in-use"));
        }
    }

    @Test
    void bybitDialectAnswersEveryCallCcxtMakesForCrossAndIsolatedAccounts() throws Exception {
        try (BybitDialectServer server = BybitDialectServer.start(0)) {
            server.seedAccount(BybitAccount.builder("conformance-bybit-cross", SECRET)
                    .fund("USDT", "1000")
                    .unified("USDT", "10000")
                    .position(BybitPosition.cross("ETHUSDT", "Buy", "10", "3000", "10", "0.05"))
                    .build());
            server.seedAccount(BybitAccount.builder("conformance-bybit-isolated", SECRET)
                    .marginMode("ISOLATED_MARGIN")
                    .fund("USDT", "1000")
                    .unified("USDT", "200")
                    .position(BybitPosition.isolated("BTCUSDT", "Buy", "0.5", "60000", "10", "0.005", "3000"))
                    .build());
            server.setMarkPrice("ETHUSDT", "2900");
            server.setMarkPrice("BTCUSDT", "58000");
            // In a Unified account a cross position's liquidation price is an estimate Bybit may leave out.
            assertAcceptedAndParsed(conformance("bybit-v5", server.baseUrl(), "conformance-bybit-cross", null,
                    "--positions", "ETH/USDT:USDT", "--cross-margin-in-use"));
            assertAcceptedAndParsed(conformance("bybit-v5", server.baseUrl(), "conformance-bybit-isolated", null,
                    "--positions", "BTC/USDT:USDT", "--liquidation-priced", "BTC/USDT:USDT",
                    "--isolated-symbol", "BTC/USDT:USDT"));
        }
    }

    @Test
    void okxDialectAnswersEveryCallCcxtMakes() throws Exception {
        try (OkxDialectServer server = OkxDialectServer.start(0)) {
            server.seedAccount(new OkxAccount("conformance-okx-key", SECRET, "Conformance-Pass-1")
                    .funding("USDT", "1000")
                    // Above the cross position's 6 000 of initial margin and 1 000 of loss: a transfer back may leave.
                    .trading("USDT", "12000")
                    .position(OkxPosition.cross("BTC-USDT-SWAP", "net", "100", "61000", "0.005"))
                    .position(OkxPosition.isolated("ETH-USDT-SWAP", "net", "1000", "3000", "3000", "0.01")));
            server.setMarkPrice("BTC-USDT-SWAP", "60000");
            // In profit, so that the isolated position may release margin: the reduce a sweep makes.
            server.setMarkPrice("ETH-USDT-SWAP", "3300");
            assertAcceptedAndParsed(conformance("okx-v5", server.baseUrl(), "conformance-okx-key", "Conformance-Pass-1",
                    "--positions", "BTC/USDT:USDT", "ETH/USDT:USDT", "--liquidation-priced", "ETH/USDT:USDT",
                    "--isolated-symbol", "ETH/USDT:USDT", "--cross-margin-in-use"));
        }
    }

    /**
     * ccxt signs Hyperliquid's user-signed transfer apart from our signer: the dialect must recover the
     * account. Its candle request and reading of the answer are its own too.
     */
    @Test
    void hyperliquidDialectTakesTheClassTransfersCcxtSignsEachWayAndServesItsCandles() throws Exception {
        try (HyperliquidDialectServer server = HyperliquidDialectServer.start(0)) {
            String key = HyperliquidDialectServer.freshKey();
            String address = HyperliquidDialectServer.addressOf(key);
            server.seedAccount(new HyperliquidAccount(address).spot("1000").perp("1000"));
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            for (int back = 3; back >= 0; back--) {
                server.setMarkPrice("BTC", Integer.toString(60000 + 100 * back), minute.minusSeconds(60L * back));
                server.setMarkPrice("BTC", Integer.toString(60050 + 100 * back), minute.minusSeconds(60L * back - 1));
            }

            assertAcceptedAndParsed(conformance("hyperliquid", server.baseUrl(), address, key, null,
                    List.of("--candles", "BTC/USDC:USDC")));
            assertThat(server.requestCount(HyperliquidDialectServer.CANDLE_SNAPSHOT)).as("ccxt's candle requests")
                    .isEqualTo(1);

            assertThat(server.transfers(address)).extracting(LedgerEntry::toPerp).containsExactly(true, false);
            assertThat(server.transfers(address)).allSatisfy(t -> assertThat(t.usdc()).isEqualByComparingTo("5"));
            assertThat(server.spotBalance(address)).isEqualByComparingTo("1000");
        }
    }

    private record Run(int exitCode, String output) {}

    private static Run conformance(String venue, String baseUrl, String apiKey, String passphrase, String... args)
            throws IOException, InterruptedException {
        return conformance(venue, baseUrl, apiKey, SECRET, passphrase, List.of(args));
    }

    private static Run conformance(String venue, String baseUrl, String apiKey, String secret, String passphrase,
            List<String> args) throws IOException, InterruptedException {
        assertThat(PYTHON).as("ccxt runs from the project's .venv, which infra/bin/test creates from"
                + " infra/requirements.txt (or: python3 -m venv .venv && .venv/bin/pip install -r"
                + " infra/requirements.txt)").isExecutable();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), "--venue", venue,
                "--base-url", baseUrl));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Keys through the environment, as the script reads them: never on a command line a process list shows.
        Map<String, String> environment = builder.environment();
        environment.put("CONFORMANCE_API_KEY", apiKey);
        environment.put("CONFORMANCE_SECRET", secret);
        if (passphrase != null) {
            environment.put("CONFORMANCE_PASSPHRASE", passphrase);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("ccxt did not finish against the " + venue + " dialect:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static void assertAcceptedAndParsed(Run run) {
        assertThat(run.exitCode()).as("ccxt's verdict, call by call:%n%s", run.output()).isZero();
        assertThat(run.output()).as("ccxt's verdict").contains("every call was accepted and parsed")
                .doesNotContain("FAIL");
    }
}
