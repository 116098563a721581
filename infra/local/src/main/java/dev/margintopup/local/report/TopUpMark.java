package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One top-up the pipeline asked for: when it was requested, when (if ever) the venue confirmed it, and how it
 * ended — {@code CONFIRMED}, {@code FAILED}, {@code UNKNOWN} or {@code PENDING}.
 */
public record TopUpMark(int requestedMinute, Integer confirmedMinute, BigDecimal amount, String asset,
        String outcome) {

    public static final String CONFIRMED = "CONFIRMED";
    public static final String FAILED = "FAILED";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String PENDING = "PENDING";

    public TopUpMark {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Collateral actually arrived: the venue confirmed the transfer at a known minute. */
    public boolean confirmed() {
        return CONFIRMED.equals(outcome) && confirmedMinute != null;
    }
}
