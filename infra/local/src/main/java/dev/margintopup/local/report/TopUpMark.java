package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One top-up the pipeline asked for: when it was requested, when (if ever) the venue confirmed it, and how it
 * ended — {@code CONFIRMED}, {@code FAILED}, {@code UNKNOWN} or {@code PENDING}. The seconds count from the
 * run's start: a top-up decided at a fast poll is requested and confirmed within a minute.
 */
public record TopUpMark(int requestedMinute, Integer confirmedMinute, BigDecimal amount, String asset,
        String outcome, int requestedSecond, Integer confirmedSecond) {

    public static final String CONFIRMED = "CONFIRMED";
    public static final String FAILED = "FAILED";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String PENDING = "PENDING";

    public TopUpMark {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Requested and confirmed at the top of their minutes. */
    public TopUpMark(int requestedMinute, Integer confirmedMinute, BigDecimal amount, String asset, String outcome) {
        this(requestedMinute, confirmedMinute, amount, asset, outcome, requestedMinute * 60,
                confirmedMinute == null ? null : confirmedMinute * 60);
    }

    /** Collateral actually arrived: the venue confirmed the transfer at a known minute. */
    public boolean confirmed() {
        return CONFIRMED.equals(outcome) && confirmedMinute != null;
    }
}
