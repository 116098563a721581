package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.dialect.binance.BinanceDialectServer;
import dev.margintopup.dialect.binance.Wallet;
import dev.margintopup.dialect.bybit.BybitAccount;
import dev.margintopup.dialect.bybit.BybitDialectServer;
import dev.margintopup.dialect.bybit.BybitPosition;
import dev.margintopup.dialect.hyperliquid.HyperliquidAccount;
import dev.margintopup.dialect.hyperliquid.HyperliquidDialectServer;
import dev.margintopup.dialect.okx.OkxAccount;
import dev.margintopup.dialect.okx.OkxDialectServer;
import dev.margintopup.dialect.okx.OkxPosition;
import dev.margintopup.json.Json;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real-venue example items of infra/accounts, as a user adds them, checked by the real checker
 * against the local server that speaks their venue's dialect over HTTP: each venue's adapter
 * accepts the example's venue, margin mode, symbol and collateral and reads the account; past its
 * trigger it reads the example's source wallet too, and in dry run moves nothing. The only change
 * to each item is {@code venueEndpoint}, pointing at the local server instead of production.
 *
 * <p>Each cross or isolated BTC position below is one long of 1 at 60 000 on 10 000 of margin with a
 * 0.5 % maintenance rate: at a mark of 51 500 it survives a fall of 2.4 %, inside the examples' 3 %.
 */
class ExampleAccountsOnTheirVenuesIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    private static BinanceDialectServer binance;
    private static BybitDialectServer bybit;
    private static OkxDialectServer okx;
    private static HyperliquidDialectServer hyperliquid;

    @BeforeAll
    static void startTheVenues() {
        binance = BinanceDialectServer.start(0);
        bybit = BybitDialectServer.start(0);
        okx = OkxDialectServer.start(0);
        hyperliquid = HyperliquidDialectServer.start(0);
        hyperliquid.list("BTC", 40);
        hyperliquid.list("ETH", 25);
    }

    @AfterAll
    static void stopTheVenues() {
        binance.close();
        bybit.close();
        okx.close();
        hyperliquid.close();
    }

    @Test
    void the_binance_cross_example_reads_its_account_and_in_dry_run_moves_nothing_past_its_trigger() throws Exception {
        String key = key();
        binance.seedAccount(key, key).wallet(Wallet.UMFUTURE, "USDT", "10000").wallet(Wallet.FUNDING, "USDT", "5000")
                .crossPosition("BTCUSDT", "1", "60000", "0.005");
        binance.setMarkPrice("BTCUSDT", "60000");

        JsonNode check = checkExample("binance-cross.json", binance.baseUrl(), key, null);

        assertOutcome(check, "NO_ACTION");
        assertThat(check.path("marginRatio").decimalValue()).as("300 of maintenance on 10 000").isEqualByComparingTo("0.03");

        binance.setMarkPrice("BTCUSDT", "51500");
        assertDryRunMovesNothing("binance-cross", () -> binance.transfers(key).size());
    }

    @Test
    void the_binance_isolated_example_reads_its_position_and_in_dry_run_moves_nothing_past_its_trigger()
            throws Exception {
        String key = key();
        binance.seedAccount(key, key).wallet(Wallet.SPOT, "USDT", "5000")
                .isolatedPosition("ETHUSDT", "10", "3000", "6000", "0.01");
        binance.setMarkPrice("ETHUSDT", "3000");

        JsonNode healthy = checkExample("binance-isolated.json", binance.baseUrl(), key, null);
        assertOutcome(healthy, "NO_ACTION");
        assertThat(healthy.path("marginRatio").decimalValue()).as("300 of maintenance on 6 000").isEqualByComparingTo("0.05");

        // 248 of maintenance on 6 000 − 5 200 = 800 of margin: 0.31, past the example's 0.25.
        binance.setMarkPrice("ETHUSDT", "2480");
        assertDryRunMovesNothing("binance-ethusdt-isolated", () -> binance.transfers(key).size());
        assertThat(binance.isolatedWallet(key, "ETHUSDT")).isEqualByComparingTo("6000");
    }

    @Test
    void the_bybit_example_reads_its_unified_account_and_its_funding_wallet_past_its_trigger() throws Exception {
        String key = key();
        bybit.seedAccount(BybitAccount.builder(key, key).fund("USDT", "5000").unified("USDT", "10000")
                .position(BybitPosition.cross("BTCUSDT", "Buy", "1", "60000", "10", "0.005")).build());
        bybit.setMarkPrice("BTCUSDT", "60000");

        assertOutcome(checkExample("bybit-cross.json", bybit.baseUrl(), key, null), "NO_ACTION");

        bybit.setMarkPrice("BTCUSDT", "51500");
        assertDryRunMovesNothing("bybit-cross", () -> bybit.transfers(key).size());
    }

    @Test
    void the_okx_example_reads_its_isolated_swap_position_and_its_funding_account_past_its_trigger() throws Exception {
        String key = key();
        okx.seedAccount(new OkxAccount(key, key, "Pass-" + key.substring(0, 6)).funding("USDT", "5000")
                .trading("USDT", "1000").position(OkxPosition.isolated("BTC-USDT-SWAP", "net", "100", "60000", "10000", "0.005")));
        okx.setMarkPrice("BTC-USDT-SWAP", "60000");

        assertOutcome(checkExample("okx-isolated.json", okx.baseUrl(), key, "Pass-" + key.substring(0, 6)), "NO_ACTION");

        okx.setMarkPrice("BTC-USDT-SWAP", "51500");
        assertDryRunMovesNothing("okx-btc-swap-isolated", () -> okx.transfers(key).size());
        assertThat(okx.isolatedMargin(key, "BTC-USDT-SWAP")).isEqualByComparingTo("10000");
    }

    /** 1 BTC long from 60 000 at 40× on 10 000 of perp USDC: liquidated near 50 633, 15.6 % away. */
    @Test
    void the_hyperliquid_cross_example_reads_its_positions_and_its_spot_usdc_past_its_trigger() throws Exception {
        String signingKey = HyperliquidDialectServer.freshKey();
        String address = HyperliquidDialectServer.addressOf(signingKey);
        hyperliquid.seedAccount(new HyperliquidAccount(address).spot("5000").perp("10000")
                .position(HyperliquidAccount.Position.cross("BTC", "1", "60000", 40)));
        hyperliquid.setMarkPrice("BTC", "60000");

        JsonNode check = checkExample("hyperliquid-cross.json", hyperliquid.baseUrl(), address, signingKey, null);
        assertOutcome(check, "NO_ACTION");
        assertThat(check.path("marginRatio").decimalValue()).as("750 of maintenance on 10 000").isEqualByComparingTo("0.075");

        // 51 500 is 1.7 % above the liquidation price, inside the example's 3 %.
        hyperliquid.setMarkPrice("BTC", "51500");
        assertDryRunMovesNothing("hyperliquid-cross", () -> hyperliquid.transfers(address).size());
        assertThat(hyperliquid.spotBalance(address)).isEqualByComparingTo("5000");
    }

    @Test
    void the_hyperliquid_isolated_example_reads_its_position_and_in_dry_run_moves_nothing_past_its_trigger()
            throws Exception {
        String signingKey = HyperliquidDialectServer.freshKey();
        String address = HyperliquidDialectServer.addressOf(signingKey);
        hyperliquid.seedAccount(new HyperliquidAccount(address).spot("5000").perp("1000")
                .position(HyperliquidAccount.Position.isolated("ETH", "10", "3000", 25, "6000")));
        hyperliquid.setMarkPrice("ETH", "3000");

        JsonNode healthy = checkExample("hyperliquid-isolated.json", hyperliquid.baseUrl(), address, signingKey, null);
        assertOutcome(healthy, "NO_ACTION");
        assertThat(healthy.path("marginRatio").decimalValue()).as("600 of maintenance on 6 000").isEqualByComparingTo("0.1");

        // 496 of maintenance on 6 000 − 5 200 = 800 of margin: 0.62, past the example's 0.3.
        hyperliquid.setMarkPrice("ETH", "2480");
        assertDryRunMovesNothing("hyperliquid-eth-isolated", () -> hyperliquid.isolatedAdds(address).size());
        assertThat(hyperliquid.isolatedMargin(address, "ETH")).isEqualByComparingTo("6000");
    }

    /** Past its trigger, a dry-run example decides what it would move, and nothing moves. */
    private static void assertDryRunMovesNothing(String accountId, java.util.function.IntSupplier transfers) {
        JsonNode breached = fx.pipeline.invokeChecker(fx.nextCheckInput(accountId));

        assertOutcome(breached, "DRY_RUN");
        assertThat(breached.path("amount").decimalValue()).as("what it would have moved").isPositive();
        assertThat(transfers.getAsInt()).as("transfers on the venue").isZero();
    }

    /**
     * Adds the example as it is, but for {@code venueEndpoint}, with its keys under the secret ids
     * it names, and runs the check its schedule delivers.
     */
    private static JsonNode checkExample(String file, String venueEndpoint, String key, String passphrase)
            throws Exception {
        return checkExample(file, venueEndpoint, key, key, passphrase);
    }

    private static JsonNode checkExample(String file, String venueEndpoint, String key, String secret,
            String passphrase) throws Exception {
        JsonNode example = Json.read(Files.readString(Repository.root().resolve("infra/accounts").resolve(file)));
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(ItemFile.attributes(example));
        assertThat(item).doesNotContainKey("venueEndpoint");
        item.put("venueEndpoint", AttributeValue.fromS(venueEndpoint));
        String keys = Json.write(passphrase == null
                ? Map.of("apiKey", key, "apiSecret", secret)
                : Map.of("apiKey", key, "apiSecret", secret, "passphrase", passphrase));
        fx.pipeline.putSecret(item.get("readSecretId").s(), keys);
        fx.pipeline.putSecret(item.get("transferSecretId").s(), keys);
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        return fx.pipeline.invokeChecker(fx.nextCheckInput(item.get("accountId").s()));
    }

    private static String key() {
        return "example-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
