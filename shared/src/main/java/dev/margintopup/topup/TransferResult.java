package dev.margintopup.topup;

import java.math.BigDecimal;

/** What one delivery of {@code TopUpRequested} did. */
public record TransferResult(String accountId, String intentId, Outcome outcome, BigDecimal amount,
        BigDecimal marginRatioAfter, String detail) {

    public enum Outcome {
        /** The venue applied the transfer (now, or found by reconciling an earlier attempt). */
        CONFIRMED,
        /** Nothing moved and nothing will for this intent; the amount went back to the day's cap. */
        FAILED,
        /** The venue cannot say whether money moved; the account stays held and a person is alerted. */
        UNKNOWN,
        /** The intent is already settled, or another attempt holds its lease: nothing done. */
        DUPLICATE
    }
}
