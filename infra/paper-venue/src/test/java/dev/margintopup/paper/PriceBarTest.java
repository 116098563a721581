package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PriceBarTest {

    private static final Instant MINUTE = Instant.parse("2025-03-01T12:00:00Z");

    private static PriceBar bar(String open, String high, String low, String close) {
        return new PriceBar(MINUTE, new BigDecimal(open), new BigDecimal(high), new BigDecimal(low), new BigDecimal(close));
    }

    @Test
    void theMarkPassesTheExtremeNearerTheOpenFirst() {
        assertThat(bar("100", "101", "90", "95").markPath()).extracting(BigDecimal::toPlainString)
                .containsExactly("100", "101", "90", "95");
        assertThat(bar("100", "120", "98", "110").markPath()).extracting(BigDecimal::toPlainString)
                .containsExactly("100", "98", "120", "110");
        // Equally far: the low first.
        assertThat(bar("100", "105", "95", "100").markPath()).extracting(BigDecimal::toPlainString)
                .containsExactly("100", "95", "105", "100");
        // A flat minute is one mark.
        assertThat(PriceBar.flat(MINUTE, new BigDecimal("100")).markPath()).hasSize(1);
    }

    @Test
    void candleWhoseHighOrLowDoesNotContainItsOpenAndCloseIsRefusedNamingTheField() {
        assertThatThrownBy(() -> bar("100", "99", "90", "95")).hasMessageContaining("high 99");
        assertThatThrownBy(() -> bar("100", "101", "96", "95")).hasMessageContaining("low 96");
        assertThatThrownBy(() -> bar("100", "101", "0", "95")).hasMessageContaining("low must be positive");
        assertThatThrownBy(() -> new PriceBar(MINUTE.plusSeconds(1), BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE)).hasMessageContaining("openTime must be the start of a minute");
    }
}
