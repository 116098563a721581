package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.util.Objects;

/** The minute the venue liquidated an account, and the mark price that did it. */
public record Liquidation(int minute, BigDecimal markPrice) {

    public Liquidation {
        Objects.requireNonNull(markPrice, "markPrice");
    }
}
