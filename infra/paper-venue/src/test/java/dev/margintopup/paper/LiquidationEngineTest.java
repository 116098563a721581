package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.paper.PaperVenue;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiquidationEngineTest {

    private PaperVenueServer server;
    private PaperVenue venue;

    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
        server.seedAccount(Seeds.trader());
        venue = Seeds.client(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void isolatedPositionSurvivesJustAboveItsLiquidationPrice() {
        // Liquidation price (30000 − 3000) / 0.4975 = 54271.36
        List<LiquidationRecord> closed = server.setMarkPrice("BTCUSDT", "54272");

        assertThat(closed).isEmpty();
        assertThat(venue.readMargin(Seeds.ISOLATED_BTC).marginRatio()).isLessThan(java.math.BigDecimal.ONE);
    }

    @Test
    void isolatedPositionIsLiquidatedOnceTheMarginRatioReachesOne() {
        List<LiquidationRecord> closed = server.setMarkPrice("BTCUSDT", "54271");

        assertThat(closed).singleElement().satisfies(liquidation -> {
            assertThat(liquidation.symbol()).isEqualTo("BTCUSDT");
            assertThat(liquidation.markPrice()).isEqualByComparingTo("54271");
            assertThat(liquidation.time()).isEqualTo(Seeds.VENUE_CLOCK.instant());
        });
        assertThat(server.liquidations(Seeds.KEY)).isEqualTo(closed);
        assertThat(server.isolatedMargin(Seeds.KEY, "BTCUSDT")).isEqualByComparingTo("0");
        assertThat(server.positions(Seeds.KEY)).extracting(PaperPosition::symbol).containsExactly("ETHUSDT");
        // The cross account does not pay for an isolated loss.
        assertThat(server.walletBalance(Seeds.KEY, Wallet.FUTURES, "USDT")).isEqualByComparingTo("5000");
        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Seeds.ISOLATED_BTC));
        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
    }

    @Test
    void topUpInTimeMovesTheLiquidationPriceAway() {
        venue.transferToMargin(Seeds.isolatedTopUp("intent-1", "500"));

        assertThat(server.setMarkPrice("BTCUSDT", "54271")).isEmpty();
        // (30000 − 3500) / 0.4975 = 53266.33
        assertThat(venue.readMargin(Seeds.ISOLATED_BTC).liquidationPrice()).isEqualByComparingTo("53266.33165829");
    }

    @Test
    void crossAccountIsLiquidatedAndItsLossTakenFromFutures() {
        // 5000 + 10 × (2510 − 3000) = 100 against maintenance 251
        List<LiquidationRecord> closed = server.setMarkPrice("ETHUSDT", "2510");

        assertThat(closed).extracting(LiquidationRecord::symbol).containsExactly("ETHUSDT");
        assertThat(server.walletBalance(Seeds.KEY, Wallet.FUTURES, "USDT")).isEqualByComparingTo("100");
        assertThat(venue.readMargin(Seeds.CROSS_USDT).maintenanceMargin()).isEqualByComparingTo("0");
    }

    @Test
    void crossLossBeyondTheFuturesBalanceLeavesItAtZero() {
        server.setMarkPrice("ETHUSDT", "2000");

        assertThat(server.walletBalance(Seeds.KEY, Wallet.FUTURES, "USDT")).isEqualByComparingTo("0");
        assertThat(server.liquidations(Seeds.KEY)).hasSize(1);
    }

    @Test
    void priceMoveThatLeavesRoomLiquidatesNothing() {
        server.setMarkPrice("ETHUSDT", "2600");
        server.setMarkPrice("BTCUSDT", "58000");

        assertThat(server.liquidations(Seeds.KEY)).isEmpty();
        assertThat(server.positions(Seeds.KEY)).hasSize(2);
    }
}
