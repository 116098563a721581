package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.util.Objects;

/** The mark price of the scenario's symbol at one simulated minute. */
public record PricePoint(int minute, BigDecimal price) {

    public PricePoint {
        Objects.requireNonNull(price, "price");
    }
}
