package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.binance.BinanceDialectServer.PositionClose;
import dev.margintopup.venue.PositionEnd;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a vanished position ended, read from the user's force orders over HTTP: one request, and
 * "unknown" wherever the orders do not say liquidated or leave no doubt that the owner closed it.
 */
class BinanceUsdmPositionEndTest {

    private BinanceDialectServer server;
    private BinanceUsdmVenue venue;
    private Instant since;

    @BeforeEach
    void start() {
        server = BinanceDialectServer.start(0);
        Binance.seedTrader(server);
        venue = Binance.venue(server);
        since = Instant.ofEpochMilli(server.serverTime()).minusSeconds(60);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_liquidation_order_says_liquidated_at_its_average_price_in_one_request() {
        server.closePosition(Binance.KEY, "ETHUSDT", PositionClose.LIQUIDATED, "2866.5");

        PositionEnd end = venue.positionEnd(Binance.ISOLATED_ETH, since);

        assertThat(end.how()).isEqualTo(PositionEnd.How.LIQUIDATED);
        assertThat(end.symbol()).isEqualTo("ETHUSDT");
        assertThat(end.price()).isEqualByComparingTo("2866.5");
        assertThat(end.at()).isAfterOrEqualTo(since);
        assertThat(server.requestCount("GET", BinanceRoutes.FORCE_ORDERS)).isEqualTo(1);
    }

    @Test
    void a_cross_account_hears_of_a_liquidation_in_any_symbol() {
        server.closePosition(Binance.KEY, "BTCUSDT", PositionClose.LIQUIDATED, "59000");

        PositionEnd end = venue.positionEnd(Binance.CROSS_USDT, since);

        assertThat(end.how()).isEqualTo(PositionEnd.How.LIQUIDATED);
        assertThat(end.symbol()).isEqualTo("BTCUSDT");
    }

    @Test
    void no_force_order_since_the_episode_began_means_its_owner_closed_it() {
        server.closePosition(Binance.KEY, "ETHUSDT", PositionClose.BY_OWNER, "2900");

        assertThat(venue.positionEnd(Binance.ISOLATED_ETH, since).how()).isEqualTo(PositionEnd.How.CLOSED);
    }

    @Test
    void an_auto_deleveraging_is_not_called_a_liquidation_nor_a_close() {
        server.closePosition(Binance.KEY, "ETHUSDT", PositionClose.AUTO_DELEVERAGED, "2950");

        assertThat(venue.positionEnd(Binance.ISOLATED_ETH, since).how()).isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void a_liquidation_of_another_symbol_is_not_the_isolated_positions_end() {
        server.closePosition(Binance.KEY, "BTCUSDT", PositionClose.LIQUIDATED, "59000");
        server.closePosition(Binance.KEY, "ETHUSDT", PositionClose.BY_OWNER, "2900");

        assertThat(venue.positionEnd(Binance.ISOLATED_ETH, since).how()).isEqualTo(PositionEnd.How.CLOSED);
    }
}
