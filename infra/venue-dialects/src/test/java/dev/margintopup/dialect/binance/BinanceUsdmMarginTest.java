package dev.margintopup.dialect.binance;

import static dev.margintopup.dialect.ExpectedPositions.BY_VALUE;
import static dev.margintopup.dialect.ExpectedPositions.position;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Margin snapshots read by the real adapter from the dialect server, number for number. */
class BinanceUsdmMarginTest {

    private BinanceDialectServer server;
    private BinanceUsdmVenue venue;

    @BeforeEach
    void start() {
        server = BinanceDialectServer.start(0);
        Binance.seedTrader(server);
        venue = Binance.venue(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void crossSnapshotIsTotalMaintenanceOverTotalMarginBalance() {
        // wallet 2000 + isolated 300 = 2300; PnL +100 (BTC) - 200 (ETH) = -100; balance 2200.
        // maintenance 0.05 x 62000 x 0.004 = 12.4 plus 2 x 2900 x 0.005 = 29: 41.4.
        MarginSnapshot snapshot = venue.readMargin(Binance.CROSS_USDT);

        assertThat(snapshot.venue()).isEqualTo("binance-usdm");
        assertThat(snapshot.asset()).isEqualTo("USDT");
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("2200");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("41.4");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0188181818182");
        assertThat(snapshot.sourceFree()).as("the margin read leaves the source unread").isNull();
        assertThat(venue.sourceFree(Binance.FUNDING_USDT)).isEqualByComparingTo("750");
        assertThat(snapshot.transferStep()).isEqualByComparingTo("0.01");
        assertThat(snapshot.markPrice()).isNull();
        assertThat(snapshot.liquidationPrice()).isNull();
    }

    @Test
    void isolatedSnapshotIsPositionMaintenanceOverIsolatedWalletPlusPnl() {
        // 300 isolated - 200 PnL = 100; maintenance 29; liquidation (6000 - 300) / (2 - 0.01).
        MarginSnapshot snapshot = venue.readMargin(Binance.ISOLATED_ETH);

        assertThat(snapshot.marginBalance()).isEqualByComparingTo("100");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("29");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.29");
        assertThat(snapshot.markPrice()).isEqualByComparingTo("2900");
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("2864.32160804");
        assertThat(snapshot.distanceToLiquidation()).isEqualByComparingTo("0.0123028937793");
        assertThat(venue.sourceFree(Binance.SPOT_USDT)).isEqualByComparingTo("1000");
    }

    @Test
    void markPriceMovesTheIsolatedRatio() {
        server.setMarkPrice("ETHUSDT", "2880");

        // 300 - 240 = 60; 2 x 2880 x 0.005 = 28.8.
        MarginSnapshot snapshot = venue.readMargin(Binance.ISOLATED_ETH);

        assertThat(snapshot.marginBalance()).isEqualByComparingTo("60");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("28.8");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.48");
    }

    @Test
    void isolatedSymbolWithoutPositionIsNothingAtRisk() {
        MarginSnapshot snapshot = venue.readMargin(new dev.margintopup.venue.MarginQuery(
                dev.margintopup.account.MarginMode.ISOLATED, "SOLUSDT", "USDT", "SPOT"));

        assertThat(snapshot.maintenanceMargin()).isZero();
        assertThat(snapshot.marginRatio()).isZero();
    }

    @Test
    void emptySourceWalletReadsAsZeroBecauseBinanceLeavesEmptyAssetsOut() {
        server.seedAccount("emptyFundingKey", "emptyFundingSecret").wallet(Wallet.UMFUTURE, "USDT", "10");

        var empty = Binance.venue(server, "emptyFundingKey", "emptyFundingSecret");
        MarginSnapshot snapshot = empty.readMargin(Binance.CROSS_USDT);

        assertThat(empty.sourceFree(Binance.FUNDING_USDT)).isZero();
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("10");
    }

    @Test
    void keyAndModeChecksRunOncePerAdapter() {
        venue.readMargin(Binance.CROSS_USDT);
        venue.readMargin(Binance.CROSS_USDT);
        venue.readMargin(Binance.ISOLATED_ETH);
        venue.readMargin(Binance.ISOLATED_ETH);

        assertThat(server.requestCount("GET", "/sapi/v1/account/apiRestrictions")).isEqualTo(1);
        assertThat(server.requestCount("GET", "/fapi/v1/multiAssetsMargin")).isEqualTo(1);
        assertThat(server.requestCount("GET", "/fapi/v1/positionSide/dual")).isEqualTo(1);
    }

    @Test
    void crossSnapshotCarriesEveryOpenCrossPositionButNotTheIsolatedOne() {
        MarginSnapshot snapshot = venue.readMargin(Binance.CROSS_USDT);

        // The account answer has no mark: 0.05 x 62000 = 3100 of notional over 0.05 gives it back.
        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("BTCUSDT", Position.Side.LONG, "0.05", "62000", "12.4", null));
    }

    @Test
    void isolatedSnapshotCarriesItsPositionWithTheLiquidationPrice() {
        MarginSnapshot snapshot = venue.readMargin(Binance.ISOLATED_ETH);

        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("ETHUSDT", Position.Side.LONG, "2", "2900", "29", "2864.32160804"));
    }

    @Test
    void hedgeModeGivesOnePositionPerSideAndEmptyRowsAreNoPositions() {
        server.setMarkPrice("SOLUSDT", "150");
        server.seedAccount("hedgeKey", "hedgeSecret")
                .hedgeMode(true)
                .wallet(Wallet.UMFUTURE, "USDT", "5000")
                .hedgePosition("BTCUSDT", "LONG", "0.1", "60000", "0.004")
                .hedgePosition("BTCUSDT", "SHORT", "-0.04", "63000", "0.004")
                .crossPosition("SOLUSDT", "0", "140", "0.01");

        MarginSnapshot snapshot = Binance.venue(server, "hedgeKey", "hedgeSecret").readMargin(Binance.CROSS_USDT);

        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("BTCUSDT", Position.Side.LONG, "0.1", "62000", "24.8", null),
                position("BTCUSDT", Position.Side.SHORT, "0.04", "62000", "9.92", null));
    }
}
