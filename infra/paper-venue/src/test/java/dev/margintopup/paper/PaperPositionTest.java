package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PaperPositionTest {

    @Test
    void isolatedPositionWithoutMarginStartsWithTheInitialMarginOfItsLeverage() {
        PaperPosition position = new PaperPosition("BTCUSDT", Side.LONG, new BigDecimal("0.5"),
                new BigDecimal("60000"), MarginType.ISOLATED, null, MaintenanceTierTest.BTC, 20);

        assertThat(position.isolatedMargin()).isEqualByComparingTo("1500");
        assertThat(position.leverage()).isEqualTo(20);
    }

    @Test
    void initialMarginIsRoundedUpNeverDown() {
        PaperPosition position = new PaperPosition("BTCUSDT", Side.LONG, new BigDecimal("1"),
                new BigDecimal("100"), MarginType.ISOLATED, null, MaintenanceTierTest.BTC, 3);

        assertThat(position.isolatedMargin()).isEqualByComparingTo("33.33333334");
    }

    @Test
    void givenIsolatedMarginWinsOverLeverage() {
        PaperPosition position = new PaperPosition("BTCUSDT", Side.LONG, new BigDecimal("0.5"),
                new BigDecimal("60000"), MarginType.ISOLATED, new BigDecimal("4000"), MaintenanceTierTest.BTC, 20);

        assertThat(position.isolatedMargin()).isEqualByComparingTo("4000");
    }

    @Test
    void leverageOutsideOneTo125IsRefused() {
        PaperPosition position = PaperPosition.cross("BTCUSDT", Side.LONG, "1", "60000", "0.004");

        assertThatThrownBy(() -> position.withLeverage(0)).hasMessageContaining("from 1 to 125");
        assertThatThrownBy(() -> position.withLeverage(126)).hasMessageContaining("from 1 to 125");
        assertThat(position.withLeverage(125).leverage()).isEqualTo(125);
    }

    @Test
    void isolatedPositionNeedsAMarginOrALeverage() {
        assertThatThrownBy(() -> new PaperPosition("BTCUSDT", Side.LONG, BigDecimal.ONE, new BigDecimal("60000"),
                MarginType.ISOLATED, null, MaintenanceTierTest.BTC, null))
                .hasMessageContaining("isolatedMargin");
    }
}
