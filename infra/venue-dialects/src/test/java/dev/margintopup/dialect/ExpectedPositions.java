package dev.margintopup.dialect;

import dev.margintopup.policy.Position;
import java.math.BigDecimal;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/** The positions a test expects in a snapshot, compared by value (62000.00 is 62000). */
public final class ExpectedPositions {

    public static final RecursiveComparisonConfiguration BY_VALUE = RecursiveComparisonConfiguration.builder()
            .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build();

    private ExpectedPositions() {}

    /** @param liquidation {@code null} where the venue gives no liquidation price */
    public static Position position(String symbol, Position.Side side, String size, String mark, String maintenance,
            String liquidation) {
        return new Position(symbol, side, new BigDecimal(size), new BigDecimal(mark), new BigDecimal(maintenance),
                liquidation == null ? null : new BigDecimal(liquidation));
    }
}
