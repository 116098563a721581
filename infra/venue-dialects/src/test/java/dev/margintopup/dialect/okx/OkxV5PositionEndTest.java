package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.okx.OkxSeeds.BTC;
import static dev.margintopup.dialect.okx.OkxSeeds.ETH;
import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.venue.PositionEnd;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a vanished position ended, read from OKX's positions history over HTTP: one request, and
 * "unknown" wherever the record does not say liquidated or closed by its owner.
 */
class OkxV5PositionEndTest {

    private OkxDialectServer server;
    private OkxV5Venue venue;
    private Instant since;

    @BeforeEach
    void start() {
        server = OkxSeeds.server(OkxSeeds.trader());
        venue = OkxSeeds.client(server);
        since = Instant.now().minusSeconds(60);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_liquidated_isolated_position_is_liquidated_at_its_close_price_in_one_request() {
        server.closePosition(KEY, ETH, "3", "2730.5");

        PositionEnd end = venue.positionEnd(OkxSeeds.ISOLATED, since);

        assertThat(end.how()).isEqualTo(PositionEnd.How.LIQUIDATED);
        assertThat(end.symbol()).isEqualTo(ETH);
        assertThat(end.price()).isEqualByComparingTo("2730.5");
        assertThat(end.at()).isAfterOrEqualTo(since);
        assertThat(server.requestCount(OkxDialectServer.POSITIONS_HISTORY)).isEqualTo(1);
    }

    @Test
    void a_partial_liquidation_of_a_cross_position_is_a_liquidation_too() {
        server.closePosition(KEY, BTC, "4", "59120");

        assertThat(venue.positionEnd(OkxSeeds.CROSS, since).how()).isEqualTo(PositionEnd.How.LIQUIDATED);
    }

    @Test
    void a_position_its_owner_closed_is_closed() {
        server.closePosition(KEY, ETH, "2", "2790");

        PositionEnd end = venue.positionEnd(OkxSeeds.ISOLATED, since);

        assertThat(end.how()).isEqualTo(PositionEnd.How.CLOSED);
        assertThat(end.symbol()).isEqualTo(ETH);
    }

    @Test
    void an_auto_deleveraging_is_not_called_a_liquidation_nor_a_close() {
        server.closePosition(KEY, BTC, "5", "60400");

        assertThat(venue.positionEnd(OkxSeeds.CROSS, since).how()).isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void no_record_yet_is_unknown_never_closed() {
        assertThat(venue.positionEnd(OkxSeeds.CROSS, since).how()).isEqualTo(PositionEnd.How.UNKNOWN);
    }

    @Test
    void a_close_before_the_episode_or_of_another_instrument_says_nothing_about_this_one() {
        server.closePosition(KEY, BTC, "3", "59000");

        assertThat(venue.positionEnd(OkxSeeds.ISOLATED, since).how())
                .as("the cross BTC liquidation is not the isolated ETH position's end").isEqualTo(PositionEnd.How.UNKNOWN);
        assertThat(venue.positionEnd(OkxSeeds.CROSS, Instant.now().plusSeconds(5)).how())
                .as("a close before the account was at risk").isEqualTo(PositionEnd.How.UNKNOWN);
    }
}
