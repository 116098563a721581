package dev.margintopup.policy;

import java.math.BigDecimal;

/** What the policy decided for one check. */
public sealed interface Decision {

    /** The margin ratio the decision was taken at. */
    BigDecimal marginRatio();

    /** Nothing to do; {@code reason} says why (below trigger, below minimum, already in flight). */
    record NoAction(BigDecimal marginRatio, String reason) implements Decision {}

    /**
     * Move {@code amount} into margin.
     *
     * @param expectedRatio the margin ratio once the amount arrives, if nothing else moves
     * @param limitedBy {@code null} when the amount reaches the target; otherwise what held it
     *     back, and the checker raises {@code MarginAtRisk} beside the top-up
     */
    record TopUp(BigDecimal marginRatio, BigDecimal amount, BigDecimal expectedRatio, Limit limitedBy)
            implements Decision {}

    /** The account is past its trigger and nothing can be moved, or it cannot be measured: a person must act. */
    record Alert(BigDecimal marginRatio, Limit cause, String reason) implements Decision {}

    /** What held a top-up back. */
    enum Limit {
        PER_TRANSFER_CAP,
        DAILY_CAP,
        SOURCE_BALANCE,
        /**
         * An account protected by moves alone whose venue reported no positions: the move it
         * survives cannot be measured, so nothing is sized. Only ever an {@link Alert}'s cause.
         */
        POSITIONS_UNREPORTED
    }
}
