package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.paper.PaperVenue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiquidationEngineTest {

    private static final Instant MINUTE = Instant.parse("2025-03-01T12:00:00Z");

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

    // ---- a minute with a wick: the engine watches the whole minute, not only its close. The
    // isolated 0.5 BTC long goes at 54271.36, the cross 10 ETH long at 25000 / 9.9 = 2525.25. ----

    private static PriceBar bar(String open, String high, String low, String close) {
        return new PriceBar(MINUTE, new BigDecimal(open), new BigDecimal(high), new BigDecimal(low), new BigDecimal(close));
    }

    @Test
    void wickBelowTheLiquidationPriceLiquidatesAtTheWickThoughTheMinuteClosesAboveIt() {
        List<LiquidationRecord> closed = server.playBar("BTCUSDT", bar("56000", "56100", "54000", "55800"));

        assertThat(closed).singleElement().satisfies(liquidation -> {
            assertThat(liquidation.symbol()).isEqualTo("BTCUSDT");
            assertThat(liquidation.markPrice()).isEqualByComparingTo("54000");
        });
        assertThat(server.isolatedMargin(Seeds.KEY, "BTCUSDT")).isEqualByComparingTo("0");
    }

    @Test
    void theSameMinuteGivenOnlyItsCloseLiquidatesNothing() {
        assertThat(server.setMarkPrice("BTCUSDT", "55800")).isEmpty();
        assertThat(server.positions(Seeds.KEY)).hasSize(2);
    }

    @Test
    void wickThatStaysAboveTheLiquidationPriceLiquidatesNothingAndTheMarkEndsAtTheClose() {
        assertThat(server.playBar("BTCUSDT", bar("56000", "56100", "54272", "55800"))).isEmpty();

        assertThat(server.positions(Seeds.KEY)).hasSize(2);
        assertThat(server.candles("BTCUSDT", 1)).singleElement()
                .satisfies(c -> assertThat(c.close()).isEqualByComparingTo("55800"));
    }

    @Test
    void wickOfOneSymbolLeavesTheOtherSymbolsPositionsAlone() {
        // ETH's low of 2525 is past its cross liquidation at 2525.25; BTC never moved.
        List<LiquidationRecord> closed = server.playBar("ETHUSDT", bar("2600", "2610", "2525", "2590"));

        assertThat(closed).extracting(LiquidationRecord::symbol).containsExactly("ETHUSDT");
        assertThat(closed.getFirst().markPrice()).isEqualByComparingTo("2525");
        assertThat(server.positions(Seeds.KEY)).extracting(PaperPosition::symbol).containsExactly("BTCUSDT");
        // The loss is realised at the wick: 5000 + 10 × (2525 − 3000).
        assertThat(server.walletBalance(Seeds.KEY, Wallet.FUTURES, "USDT")).isEqualByComparingTo("250");
    }

    @Test
    void everyPriceOfAMinuteJoinsThatMinutesCandle() {
        server.setMarkPrice("BTCUSDT", "58000");
        server.playBar("BTCUSDT", bar("58000", "58500", "57900", "58200"));
        server.setMarkPrice("BTCUSDT", "57500");
        server.playBar("BTCUSDT", new PriceBar(MINUTE.plusSeconds(60), new BigDecimal("57500"),
                new BigDecimal("57600"), new BigDecimal("57000"), new BigDecimal("57100")));

        List<PriceBar> candles = server.candles("BTCUSDT", 10);

        assertThat(candles).containsExactly(
                bar("58000", "58500", "57500", "57500"),
                new PriceBar(MINUTE.plusSeconds(60), new BigDecimal("57500"), new BigDecimal("57600"),
                        new BigDecimal("57000"), new BigDecimal("57100")));
        assertThat(server.candles("BTCUSDT", 1)).containsExactly(candles.getLast());
        assertThat(server.candles("SOLUSDT", 5)).isEmpty();
    }

    @Test
    void historyKeepsTheLastWeekOfMinutes() {
        for (int m = 0; m < PaperExchange.MAX_HISTORY + 5; m++) {
            server.playBar("XRPUSDT", PriceBar.flat(MINUTE.plusSeconds(60L * m), BigDecimal.valueOf(1 + m % 7)));
        }

        List<PriceBar> candles = server.candles("XRPUSDT", ApiRoutes.MAX_KLINE_LIMIT);
        assertThat(candles).hasSize(ApiRoutes.MAX_KLINE_LIMIT);
        assertThat(candles.getLast().openTime()).isEqualTo(MINUTE.plusSeconds(60L * (PaperExchange.MAX_HISTORY + 4)));
        assertThat(server.candles("XRPUSDT", Integer.MAX_VALUE).getFirst().openTime())
                .isEqualTo(MINUTE.plusSeconds(60L * 5));
    }
}
