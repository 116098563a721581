package dev.margintopup.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Sweep-back of excess margin (decision 0027): once the account has stayed below {@code toRatio}
 * for {@code after}, the margin above what {@code toRatio} needs goes back to the wallet top-ups
 * came from — never more than was topped up within {@code lookbackDays} and not yet swept, never
 * more than {@code dailyCap} a day. Absent from an account: nothing is ever swept.
 *
 * @param toRatio the margin ratio a sweep leaves the account at; at most the target ratio, so a
 *     sweep never takes the account back towards its trigger. {@code null} for an account protected by
 *     moves alone: its sweep leaves it surviving its target move (decision 0030)
 */
public record SweepSettings(Duration after, int lookbackDays, BigDecimal dailyCap, BigDecimal toRatio) {

    public SweepSettings {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(dailyCap, "dailyCap");
        if (after.isNegative() || after.isZero() || lookbackDays < 1 || dailyCap.signum() <= 0
                || (toRatio != null && toRatio.signum() <= 0)) {
            throw new IllegalArgumentException("sweep settings out of range: " + this);
        }
    }
}
