package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.venue.PositionEnd;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a vanished position ended, read from Bybit's execution list over HTTP: one request, and
 * "unknown" wherever the executions do not say liquidated or closed by its owner.
 */
class BybitV5PositionEndTest {

    private final Instant since = BybitSeeds.CLOCK.instant().minusSeconds(60);
    private BybitDialectServer server;

    @BeforeEach
    void start() {
        server = BybitSeeds.server();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_bust_trade_says_liquidated_at_its_price_in_one_request() {
        server.closePosition(ISOLATED_KEY, "BTCUSDT", "BustTrade", "54271.4");

        PositionEnd end = BybitSeeds.client(server, ISOLATED_KEY).positionEnd(BybitSeeds.ISOLATED_BTC, since);

        assertThat(end.how()).isEqualTo(PositionEnd.How.LIQUIDATED);
        assertThat(end.symbol()).isEqualTo("BTCUSDT");
        assertThat(end.price()).isEqualByComparingTo("54271.4");
        assertThat(end.at()).isEqualTo(BybitSeeds.CLOCK.instant());
        assertThat(server.requestCount(BybitDialectServer.EXECUTION_LIST)).isEqualTo(1);
    }

    @Test
    void a_cross_position_its_owner_closed_is_closed() {
        server.closePosition(CROSS_KEY, "ETHUSDT", "Trade", "2905");

        assertThat(BybitSeeds.client(server, CROSS_KEY).positionEnd(BybitSeeds.CROSS_USDT, since).how())
                .isEqualTo(PositionEnd.How.CLOSED);
    }

    @Test
    void an_auto_deleveraging_is_not_called_a_liquidation_nor_a_close() {
        server.closePosition(CROSS_KEY, "ETHUSDT", "AdlTrade", "2950");

        assertThat(BybitSeeds.client(server, CROSS_KEY).positionEnd(BybitSeeds.CROSS_USDT, since).how())
                .isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void no_closing_execution_at_all_is_unknown_never_closed() {
        assertThat(BybitSeeds.client(server, ISOLATED_KEY).positionEnd(BybitSeeds.ISOLATED_BTC, since).how())
                .isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void an_execution_before_the_episode_began_says_nothing_about_it() {
        server.closePosition(ISOLATED_KEY, "BTCUSDT", "BustTrade", "54271.4");

        assertThat(BybitSeeds.client(server, ISOLATED_KEY)
                .positionEnd(BybitSeeds.ISOLATED_BTC, BybitSeeds.CLOCK.instant().plusSeconds(1)).how())
                .isEqualTo(PositionEnd.How.UNKNOWN);
    }
}
