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
}
