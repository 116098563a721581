package dev.margintopup.local.report;

import java.math.BigDecimal;

/**
 * An account's margin ratio at one simulated moment: maintenance margin over margin balance, so 1.0 is
 * liquidation and higher is worse. The ratio is null once the account has been liquidated.
 *
 * @param minute the simulated minute the moment falls in
 * @param second the moment in seconds from the run's start: {@code minute × 60} for the runner's reading at
 *     the top of a minute, later within the minute for a reading at one of the checker's fast polls
 * @param survivableMove the adverse move the account survived then (a fraction of the mark), or {@code null}
 *     where the venue reported no positions to measure it on
 */
public record Sample(int minute, BigDecimal marginRatio, int second, BigDecimal survivableMove) {

    /** A reading without the move it survived. */
    public Sample(int minute, BigDecimal marginRatio, int second) {
        this(minute, marginRatio, second, null);
    }

    /** A reading at the top of {@code minute}. */
    public Sample(int minute, BigDecimal marginRatio) {
        this(minute, marginRatio, minute * 60);
    }

    public boolean liquidated() {
        return marginRatio == null;
    }
}
