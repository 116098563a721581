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

    @Test
    void tieredCrossAccountIsLiquidatedAtThePriceItsBracketGives() {
        // 2 BTC long from 60000 on 20000 of FUTURES: in the 0.5 % bracket the liquidation price is
        // (120000 − 20000 − 50) / (2 × 0.995) = 50226.13; a lone 0.4 % rate would say 50200.80.
        server.seedAccount(PaperAccount.builder("tiered-key", "tiered-secret")
                .balance(Wallet.FUTURES, "USDT", "20000")
                .position(new PaperPosition("BTCUSDT", Side.LONG, new java.math.BigDecimal("2"),
                        new java.math.BigDecimal("60000"), MarginType.CROSS, null, MaintenanceTierTest.BTC, 5))
                .build());
        server.setMarkPrice("BTCUSDT", "60000");
        PaperVenue tiered = new PaperVenue(server.baseUrl(),
                new dev.margintopup.venue.VenueCredentials("tiered-key", "tiered-secret", null), Seeds.HTTP,
                Seeds.VENUE_CLOCK);

        assertThat(tiered.readMargin(Seeds.CROSS_USDT).liquidationPrice()).isEqualByComparingTo("50226.13065327");
        server.setMarkPrice("BTCUSDT", "50226.2");
        assertThat(server.liquidations("tiered-key")).isEmpty();
        server.setMarkPrice("BTCUSDT", "50226.1");
        assertThat(server.liquidations("tiered-key")).singleElement()
                .satisfies(l -> assertThat(l.markPrice()).isEqualByComparingTo("50226.1"));
    }
}
