package dev.margintopup.policy;

import java.math.BigDecimal;

/**
 * What the sweep policy decided for one calm check: move {@code amount} of excess margin back to
 * {@code toWallet}, or, with a zero amount, nothing, for {@code reason}.
 *
 * @param expectedRatio the margin ratio once the amount has left, if nothing else moves
 */
public record SweepDecision(BigDecimal marginRatio, BigDecimal amount, BigDecimal expectedRatio, String toWallet,
        String reason) {

    /** Whether anything moves. */
    public boolean sweeps() {
        return amount.signum() > 0;
    }
}
