package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One leg of a sweep back to a source wallet (decisions 0027, 0030): when the pipeline asked for it, when (if ever)
 * the venue confirmed it, how much went back to which wallet, and how it ended — {@code CONFIRMED}, {@code FAILED},
 * {@code UNKNOWN} or {@code PENDING}, as for a top-up.
 */
public record SweepMark(int requestedMinute, Integer confirmedMinute, BigDecimal amount, String asset, String toWallet,
        String outcome) {

    public SweepMark {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(toWallet, "toWallet");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The money left margin: the venue confirmed the sweep at a known minute. */
    public boolean confirmed() {
        return TopUpMark.CONFIRMED.equals(outcome) && confirmedMinute != null;
    }
}
