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
 * How a vanished position ended, read from Bybit's execution list over HTTP: one request, a
 * {@code BustTrade} is a liquidation, and everything else "unknown".
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
    void a_cross_account_hears_of_a_bust_trade_in_any_symbol() {
        server.closePosition(CROSS_KEY, "ETHUSDT", "BustTrade", "2630");

        PositionEnd end = BybitSeeds.client(server, CROSS_KEY).positionEnd(BybitSeeds.CROSS_USDT, since);

        assertThat(end.how()).isEqualTo(PositionEnd.How.LIQUIDATED);
        assertThat(end.symbol()).isEqualTo("ETHUSDT");
    }

    @Test
    void closing_trades_are_unknown_never_closed_since_a_laddered_liquidation_trades_too() {
        server.closePosition(CROSS_KEY, "ETHUSDT", "Trade", "2905");

        assertThat(BybitSeeds.client(server, CROSS_KEY).positionEnd(BybitSeeds.CROSS_USDT, since).how())
                .isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void an_auto_deleveraging_is_not_called_a_liquidation() {
        server.closePosition(CROSS_KEY, "ETHUSDT", "AdlTrade", "2950");

        assertThat(BybitSeeds.client(server, CROSS_KEY).positionEnd(BybitSeeds.CROSS_USDT, since).how())
                .isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void no_execution_at_all_is_unknown() {
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
