package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.paper.PaperVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MarginSnapshotOverHttpTest {

    private PaperVenueServer server;
    private PaperVenue venue;

    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
        server.seedAccount(Seeds.trader());
        server.setMarkPrice("ETHUSDT", "2800");
        server.setMarkPrice("BTCUSDT", "58000");
        venue = Seeds.client(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void crossSnapshotCountsFuturesBalanceAndUnrealisedLoss() {
        MarginSnapshot snapshot = venue.readMargin(Seeds.CROSS_USDT);

        // 5000 + 10 × (2800 − 3000) = 3000; maintenance 10 × 2800 × 0.01 = 280
        assertThat(snapshot.venue()).isEqualTo("paper");
        assertThat(snapshot.asOf()).isEqualTo(Seeds.VENUE_CLOCK.instant());
        assertThat(snapshot.asset()).isEqualTo("USDT");
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("3000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("280");
        assertThat(snapshot.sourceFree()).as("the margin read leaves the source unread").isNull();
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING"))).isEqualByComparingTo("1000");
        assertThat(snapshot.transferStep()).isEqualByComparingTo("0.01");
        assertThat(snapshot.markPrice()).isEqualByComparingTo("2800");
        // (3000 × 10 − 5000) / (10 × 0.99) = 2525.2525…
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("2525.25252525");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0933333333333");
    }

    @Test
    void isolatedSnapshotCountsOnlyThePositionsOwnMargin() {
        MarginSnapshot snapshot = venue.readMargin(Seeds.ISOLATED_BTC);

        // 3000 + 0.5 × (58000 − 60000) = 2000; maintenance 0.5 × 58000 × 0.005 = 145
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("2000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("145");
        assertThat(snapshot.sourceFree()).isNull();
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.ISOLATED, "USDT", "FUNDING"))).isEqualByComparingTo("1000");
        assertThat(snapshot.markPrice()).isEqualByComparingTo("58000");
        // (60000 × 0.5 − 3000) / (0.5 × 0.995) = 54271.3567839…
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("54271.35678392");
    }

    @Test
    void crossSnapshotCarriesEveryCrossPositionButNotTheIsolatedOne() {
        MarginSnapshot snapshot = venue.readMargin(Seeds.CROSS_USDT);

        assertThat(snapshot.positions()).singleElement().satisfies(position ->
                assertPosition(position, "ETHUSDT", Position.Side.LONG, "10", "2800", "280", "2525.25252525"));
    }

    @Test
    void isolatedSnapshotCarriesItsOnePosition() {
        MarginSnapshot snapshot = venue.readMargin(Seeds.ISOLATED_BTC);

        assertThat(snapshot.positions()).singleElement().satisfies(position ->
                assertPosition(position, "BTCUSDT", Position.Side.LONG, "0.5", "58000", "145", "54271.35678392"));
    }

    @Test
    void sourceFreeIsTheRequestedWallet() {
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SPOT"))).isEqualByComparingTo("50");
    }

    @Test
    void severalCrossPositionsShareMarginAndGiveNoSingleLiquidationPrice() {
        server.seedAccount(PaperAccount.builder(Seeds.KEY, Seeds.SECRET)
                .balance(Wallet.FUTURES, "USDT", "5000")
                .position(PaperPosition.cross("ETHUSDT", Side.LONG, "10", "3000", "0.01"))
                .position(PaperPosition.cross("SOLUSDT", Side.SHORT, "100", "150", "0.02"))
                .build());
        server.setMarkPrice("SOLUSDT", "160");

        MarginSnapshot snapshot = venue.readMargin(Seeds.CROSS_USDT);

        // 5000 − 2000 (ETH long) − 1000 (SOL short); maintenance 280 + 100 × 160 × 0.02
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("2000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("600");
        assertThat(snapshot.markPrice()).isNull();
        assertThat(snapshot.liquidationPrice()).isNull();
        assertThat(snapshot.positions()).satisfiesExactly(
                eth -> assertPosition(eth, "ETHUSDT", Position.Side.LONG, "10", "2800", "280", null),
                sol -> assertPosition(sol, "SOLUSDT", Position.Side.SHORT, "100", "160", "320", null));
    }

    @Test
    void isolatedShortLiquidatesAboveEntry() {
        server.seedAccount(PaperAccount.builder(Seeds.KEY, Seeds.SECRET)
                .position(PaperPosition.isolated("SOLUSDT", Side.SHORT, "100", "150", "1500", "0.02"))
                .build());
        server.setMarkPrice("SOLUSDT", "150");

        MarginSnapshot snapshot = venue.readMargin(new MarginQuery(MarginMode.ISOLATED, "SOLUSDT", "USDT", "FUNDING"));

        // (150 × 100 + 1500) / (100 × 1.02) = 161.7647058823…
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("161.76470588");
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.ISOLATED, "USDT", "FUNDING"))).isEqualByComparingTo("0");
    }

    @Test
    void unknownIsolatedPositionIsRejectedWithTheVenueCode() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.readMargin(new MarginQuery(MarginMode.ISOLATED, "DOGEUSDT", "USDT", "FUNDING")));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.venueCode()).isEqualTo("3001");
        assertThat(error.getMessage()).contains("paper", "/api/v1/margin");
    }

    @Test
    void futuresIsNotASourceWallet() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "FUTURES")));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        assertThat(error.venueCode()).isEqualTo("3002");
    }

    static void assertPosition(Position position, String symbol, Position.Side side, String size, String mark,
            String maintenance, String liquidation) {
        assertThat(position.symbol()).isEqualTo(symbol);
        assertThat(position.side()).isEqualTo(side);
        assertThat(position.size()).isEqualByComparingTo(size);
        assertThat(position.markPrice()).isEqualByComparingTo(mark);
        assertThat(position.maintenanceMargin()).isEqualByComparingTo(maintenance);
        if (liquidation == null) {
            assertThat(position.liquidationPrice()).isNull();
        } else {
            assertThat(position.liquidationPrice()).isEqualByComparingTo(liquidation);
        }
    }
}
