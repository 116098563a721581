package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MarginMathTest {

    private static final PaperPosition LONG = PaperPosition.isolated("BTCUSDT", Side.LONG, "2", "100", "20", "0.05");
    private static final PaperPosition SHORT = PaperPosition.isolated("BTCUSDT", Side.SHORT, "2", "100", "20", "0.05");

    @Test
    void longGainsWhenTheMarkRisesAndShortLoses() {
        assertThat(MarginMath.unrealisedPnl(LONG, new BigDecimal("110"))).isEqualByComparingTo("20");
        assertThat(MarginMath.unrealisedPnl(SHORT, new BigDecimal("110"))).isEqualByComparingTo("-20");
    }

    @Test
    void maintenanceIsNotionalAtMarkTimesRate() {
        assertThat(MarginMath.maintenance(SHORT, new BigDecimal("110"))).isEqualByComparingTo("11");
    }

    @Test
    void liquidationPriceIsWhereMarginBalanceMeetsMaintenance() {
        BigDecimal longPrice = MarginMath.liquidationPrice(LONG, new BigDecimal("20"));
        BigDecimal shortPrice = MarginMath.liquidationPrice(SHORT, new BigDecimal("20"));

        // (200 − 20) / (2 × 0.95) and (200 + 20) / (2 × 1.05)
        assertThat(longPrice).isEqualByComparingTo("94.73684211");
        assertThat(shortPrice).isEqualByComparingTo("104.76190476");
        BigDecimal balanceAtLongPrice = new BigDecimal("20").add(MarginMath.unrealisedPnl(LONG, longPrice));
        assertThat(balanceAtLongPrice.subtract(MarginMath.maintenance(LONG, longPrice)).abs())
                .isLessThan(new BigDecimal("0.0000001"));
    }

    @Test
    void longBackedBeyondItsNotionalHasNoLiquidationPrice() {
        assertThat(MarginMath.liquidationPrice(LONG, new BigDecimal("250"))).isNull();
    }

    @Test
    void ratioOfOneIsLiquidation() {
        assertThat(MarginMath.atLiquidation(new BigDecimal("10"), new BigDecimal("10"))).isTrue();
        assertThat(MarginMath.atLiquidation(new BigDecimal("10.01"), new BigDecimal("10"))).isFalse();
    }

    // ---- tiers ----

    /** 2 BTC long from 60000 (notional 120000: the 0.5 % bracket), 20000 of isolated margin. */
    private static final PaperPosition TIERED = PaperPosition.isolated("BTCUSDT", Side.LONG, "2", "60000", "20000", "0.004")
            .withTiers(MaintenanceTierTest.BTC);

    @Test
    void tieredMaintenanceUsesTheBracketOfTheNotionalAtTheMark() {
        // 2 × 60000 = 120000 → 120000 × 0.005 − 50; 2 × 20000 = 40000 → 40000 × 0.004
        assertThat(MarginMath.maintenance(TIERED, new BigDecimal("60000"))).isEqualByComparingTo("550");
        assertThat(MarginMath.maintenance(TIERED, new BigDecimal("20000"))).isEqualByComparingTo("160");
        assertThat(TIERED.maintenanceRate()).isEqualByComparingTo("0.005");
    }

    @Test
    void tieredLiquidationPriceFallsInTheBracketThatProducesIt() {
        // (120000 − 20000 − 50) / (2 × 0.995): notional 100452.26, inside the 0.5 % bracket.
        BigDecimal price = MarginMath.liquidationPrice(TIERED, new BigDecimal("20000"));

        assertThat(price).isEqualByComparingTo("50226.13065327");
        assertBalanceMeetsMaintenance(TIERED, new BigDecimal("20000"), price);
    }

    @Test
    void tieredLiquidationPriceMovesToTheLowerBracketWhenTheNotionalShrinksIntoIt() {
        // Backed by 80000 the position lasts until the notional is below 50000: the 0.4 % bracket.
        BigDecimal price = MarginMath.liquidationPrice(TIERED, new BigDecimal("80000"));

        assertThat(price.multiply(TIERED.quantity())).isLessThan(new BigDecimal("50000"));
        assertThat(price).isEqualByComparingTo("20080.32128514");
        assertBalanceMeetsMaintenance(TIERED, new BigDecimal("80000"), price);
    }

    @Test
    void tieredShortLiquidatesInTheBracketItGrowsInto() {
        PaperPosition tieredShort = new PaperPosition("BTCUSDT", Side.SHORT, new BigDecimal("2"),
                new BigDecimal("20000"), MarginType.ISOLATED, new BigDecimal("20000"), MaintenanceTierTest.BTC, null);

        // Notional at entry 40000 (0.4 %); at the liquidation price it exceeds 50000 (0.5 %).
        BigDecimal price = MarginMath.liquidationPrice(tieredShort, new BigDecimal("20000"));

        assertThat(price.multiply(tieredShort.quantity())).isGreaterThan(new BigDecimal("50000"));
        assertBalanceMeetsMaintenance(tieredShort, new BigDecimal("20000"), price);
    }

    @Test
    void singleRatePositionIsOneUnboundedTier() {
        assertThat(LONG.tiers()).containsExactly(MaintenanceTier.unbounded(new BigDecimal("0.05"), BigDecimal.ZERO));
        assertThat(LONG.maintenanceRate()).isEqualByComparingTo("0.05");
    }

    private static void assertBalanceMeetsMaintenance(PaperPosition position, BigDecimal margin, BigDecimal price) {
        BigDecimal balance = margin.add(position.unrealisedPnl(price));
        assertThat(balance.subtract(position.maintenance(price)).abs()).isLessThan(new BigDecimal("0.000001"));
    }
}
