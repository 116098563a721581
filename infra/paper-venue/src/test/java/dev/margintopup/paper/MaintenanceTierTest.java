package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maintenance brackets shaped like Binance's BTCUSDT leverage brackets. */
class MaintenanceTierTest {

    static final List<MaintenanceTier> BTC = List.of(
            MaintenanceTier.upTo("50000", "0.004", "0"),
            MaintenanceTier.upTo("500000", "0.005", "50"),
            MaintenanceTier.upTo("8000000", "0.01", "2550"),
            MaintenanceTier.unbounded(new BigDecimal("0.025"), new BigDecimal("122550")));

    @Test
    void notionalFallsInTheFirstBracketWhoseUpperBoundItDoesNotExceed() {
        assertThat(MaintenanceTier.at(BTC, new BigDecimal("50000")).rate()).isEqualByComparingTo("0.004");
        assertThat(MaintenanceTier.at(BTC, new BigDecimal("50000.01")).rate()).isEqualByComparingTo("0.005");
        assertThat(MaintenanceTier.at(BTC, new BigDecimal("9000000")).rate()).isEqualByComparingTo("0.025");
    }

    @Test
    void deductionsKeepMaintenanceContinuousAtEveryBound() {
        for (int i = 0; i < BTC.size() - 1; i++) {
            BigDecimal bound = BTC.get(i).upTo();
            assertThat(BTC.get(i + 1).maintenance(bound)).isEqualByComparingTo(BTC.get(i).maintenance(bound));
            assertThat(MaintenanceTier.continuousDeduction(BTC.get(i), BTC.get(i + 1).rate()))
                    .isEqualByComparingTo(BTC.get(i + 1).deduction());
        }
        assertThat(MaintenanceTier.continuousDeduction(null, new BigDecimal("0.004"))).isZero();
    }

    @Test
    void scheduleMustEndWithOneUnboundedTier() {
        assertThatThrownBy(() -> MaintenanceTier.schedule(List.of(MaintenanceTier.upTo("50000", "0.004", "0"))))
                .hasMessageContaining("last tier must have no upTo");
        assertThatThrownBy(() -> MaintenanceTier.schedule(List.of(
                MaintenanceTier.unbounded(new BigDecimal("0.004"), BigDecimal.ZERO),
                MaintenanceTier.unbounded(new BigDecimal("0.005"), BigDecimal.ZERO))))
                .hasMessageContaining("only the last tier may omit upTo");
        assertThatThrownBy(() -> MaintenanceTier.schedule(List.of())).hasMessageContaining("at least one tier");
    }

    @Test
    void upperBoundsMustIncrease() {
        assertThatThrownBy(() -> MaintenanceTier.schedule(List.of(
                MaintenanceTier.upTo("50000", "0.004", "0"),
                MaintenanceTier.upTo("50000", "0.005", "50"),
                MaintenanceTier.unbounded(new BigDecimal("0.01"), new BigDecimal("300")))))
                .hasMessageContaining("must increase");
    }

    @Test
    void aDeductionLargerThanTheMaintenanceAtTheLowerBoundIsRefused() {
        assertThatThrownBy(() -> MaintenanceTier.schedule(List.of(
                MaintenanceTier.upTo("50000", "0.004", "10"),
                MaintenanceTier.unbounded(new BigDecimal("0.005"), new BigDecimal("50")))))
                .hasMessageContaining("tier 1 deducts 10");
    }

    @Test
    void rateOutsideTheUnitIntervalIsRefused() {
        assertThatThrownBy(() -> MaintenanceTier.upTo("50000", "1", "0")).hasMessageContaining("[0, 1)");
    }
}
