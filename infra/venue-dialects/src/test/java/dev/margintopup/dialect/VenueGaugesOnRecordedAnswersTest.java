package dev.margintopup.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import dev.margintopup.venue.bybit.BybitV5Venue;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each adapter's margin ratio, read from answers with the venues' real field sets (recorded
 * shapes, empty-string numbers, string-typed integers, size-0 rows; origins in
 * src/test/resources/recorded/README.md), equals the venue's own gauge: OKX's {@code mgnRatio},
 * Bybit's {@code accountMMRate}, Binance's maintenance over margin balance, and for an isolated
 * position without a reported ratio, 1 exactly at the venue's liquidation price.
 */
class VenueGaugesOnRecordedAnswersTest {

    private static final VenueCredentials KEY = new VenueCredentials("recorded-key", "recorded-secret", "Passphrase-1");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final BigDecimal EXACTLY = new BigDecimal("1E-12");

    @Test
    void okxIsolatedRatioIsOkxsOwnMgnRatioNotTheHealthierMarginOverMaintenance() {
        try (RecordedVenue okx = okx().answer("GET", "/api/v5/account/positions", "positions-isolated.json")) {
            OkxV5Venue venue = new OkxV5Venue(okx.baseUrl(), KEY, HTTP, Clock.systemUTC(), TIMEOUT);
            MarginSnapshot snapshot = venue.readMargin(
                    new MarginQuery(MarginMode.ISOLATED, "ETH-USDT-SWAP", "USDT", "FUNDING"));

            assertThat(snapshot.marginRatio()).isCloseTo(inverse("15.32567049808429"), within(EXACTLY));
            // mmr ÷ (margin + upl) = 11.6 ÷ 200 = 0.058 leaves out OKX's liquidation terms: a tenth healthier.
            assertThat(snapshot.marginRatio()).isGreaterThan(new BigDecimal("0.058").multiply(new BigDecimal("1.1")));
            assertThat(snapshot.positions()).as("the size-0 row is no position").singleElement()
                    .satisfies(p -> assertThat(p.size()).isEqualByComparingTo("1"));
            assertThat(venue.sourceFree(new SourceQuery(MarginMode.ISOLATED, "USDT", "FUNDING")))
                    .isEqualByComparingTo("1000");
        }
    }

    @Test
    void okxCrossRatioInFuturesModeIsItsCurrencyRowsMgnRatio() {
        try (RecordedVenue okx = okx().answer("GET", "/api/v5/account/balance", "balance-futures-mode.json")) {
            MarginSnapshot snapshot = new OkxV5Venue(okx.baseUrl(), KEY, HTTP, Clock.systemUTC(), TIMEOUT)
                    .readMargin(new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING", false));

            assertThat(snapshot.marginRatio()).isCloseTo(inverse("33.06946601669388"), within(EXACTLY));
            assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("150.02");
        }
    }

    @Test
    void bybitCrossRatioIsItsAccountMmRateToTheFourDecimalsBybitPrints() {
        try (RecordedVenue bybit = bybit("account-info.json")
                .answer("GET", "/v5/account/wallet-balance", "wallet-balance-unified.json")) {
            BybitV5Venue venue = new BybitV5Venue(bybit.baseUrl(), KEY, HTTP, Clock.systemUTC(), TIMEOUT);
            MarginSnapshot snapshot = venue.readMargin(new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING", false));

            assertThat(snapshot.marginRatio()).isCloseTo(new BigDecimal("0.0532"), within(new BigDecimal("0.00005")));
            assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("541.6");
            assertThat(snapshot.marginBalance()).isEqualByComparingTo("10180.02");
            assertThat(venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING")))
                    .isEqualByComparingTo("1000");
        }
    }

    @Test
    void bybitIsolatedRatioReachesOneAtBybitsLiquidationPrice() {
        try (RecordedVenue bybit = bybit("account-info-isolated.json")
                .answer("GET", "/v5/position/list", "position-list-isolated.json")) {
            MarginSnapshot snapshot = new BybitV5Venue(bybit.baseUrl(), KEY, HTTP, Clock.systemUTC(), TIMEOUT)
                    .readMargin(new MarginQuery(MarginMode.ISOLATED, "BTCUSDT", "USDT", "FUNDING"));

            assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0725");
            assertThat(ratioAtLiquidationPrice(snapshot)).isCloseTo(BigDecimal.ONE, within(new BigDecimal("0.0001")));
        }
    }

    @Test
    void binanceCrossRatioIsMaintenanceOverMarginBalanceWithoutItsEmptyRows() {
        try (RecordedVenue binance = binance()) {
            BinanceUsdmVenue venue = new BinanceUsdmVenue(binance.baseUrl(), KEY, HTTP, Clock.systemUTC(), TIMEOUT);
            MarginSnapshot snapshot = venue.readMargin(new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING"));

            assertThat(snapshot.marginRatio()).isCloseTo(new BigDecimal("41.5687")
                    .divide(new BigDecimal("2303.235621"), MarginSnapshot.RATIO_MATH), within(EXACTLY));
            assertThat(snapshot.positions()).extracting(Position::symbol).containsExactly("BTCUSDT", "SOLUSDT");
            assertThat(venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING")))
                    .isEqualByComparingTo("750");
        }
    }

    @Test
    void binanceIsolatedRatioReachesOneAtBinancesLiquidationPrice() {
        try (RecordedVenue binance = binance()) {
            MarginSnapshot snapshot = new BinanceUsdmVenue(binance.baseUrl(), KEY, HTTP, Clock.systemUTC(), TIMEOUT)
                    .readMargin(new MarginQuery(MarginMode.ISOLATED, "ETHUSDT", "USDT", "SPOT"));

            assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.29");
            assertThat(ratioAtLiquidationPrice(snapshot)).isCloseTo(BigDecimal.ONE, within(new BigDecimal("0.0001")));
        }
    }

    /** OKX's account config, which every read asks for, and the funding balance a top-up draws on. */
    private static RecordedVenue okx() {
        return RecordedVenue.of("okx")
                .answer("GET", "/api/v5/account/config", "account-config.json")
                .answer("GET", "/api/v5/asset/balances", "funding-balances.json");
    }

    /** Bybit's account mode (from {@code accountInfo}) and the key's permissions, and the Funding balance. */
    private static RecordedVenue bybit(String accountInfo) {
        return RecordedVenue.of("bybit")
                .answer("GET", "/v5/account/info", accountInfo)
                .answer("GET", "/v5/user/query-api", "query-api-read-only.json")
                .answer("GET", "/v5/asset/transfer/query-account-coins-balance", "fund-balance.json");
    }

    private static RecordedVenue binance() {
        return RecordedVenue.of("binance")
                .answer("GET", "/sapi/v1/account/apiRestrictions", "api-restrictions-read-only.json")
                .answer("GET", "/fapi/v1/positionSide/dual", "position-side-dual.json")
                .answer("GET", "/fapi/v1/multiAssetsMargin", "multi-assets-margin.json")
                .answer("GET", "/fapi/v3/account", "account-v3.json")
                .answer("GET", "/fapi/v3/positionRisk", "position-risk-v3-isolated.json")
                .answer("POST", "/sapi/v1/asset/get-funding-asset", "funding-asset.json")
                .answer("POST", "/sapi/v3/asset/getUserAsset", "user-asset-spot.json");
    }

    private static BigDecimal inverse(String venueRatio) {
        return BigDecimal.ONE.divide(new BigDecimal(venueRatio), MathContext.DECIMAL64);
    }

    /**
     * The snapshot's ratio moved to the venue's liquidation price: maintenance scales with the
     * mark, the balance moves by the position's PnL. 1 there means our ratio is the venue's gauge.
     */
    private static BigDecimal ratioAtLiquidationPrice(MarginSnapshot snapshot) {
        Position position = snapshot.positions().getFirst();
        BigDecimal liquidation = snapshot.liquidationPrice();
        BigDecimal direction = BigDecimal.valueOf(position.side() == Position.Side.LONG ? 1 : -1);
        BigDecimal maintenance = snapshot.maintenanceMargin().multiply(liquidation)
                .divide(snapshot.markPrice(), MathContext.DECIMAL64);
        BigDecimal balance = snapshot.marginBalance()
                .add(direction.multiply(position.size()).multiply(liquidation.subtract(snapshot.markPrice())));
        return maintenance.divide(balance, MathContext.DECIMAL64);
    }
}
