package dev.margintopup.local.report;

import java.math.BigDecimal;

/**
 * An account's margin ratio at one simulated minute: maintenance margin over margin balance, so 1.0 is
 * liquidation and higher is worse. The ratio is null once the account has been liquidated.
 */
public record Sample(int minute, BigDecimal marginRatio) {

    public boolean liquidated() {
        return marginRatio == null;
    }
}
