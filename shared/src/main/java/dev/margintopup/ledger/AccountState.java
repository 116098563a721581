package dev.margintopup.ledger;

import dev.margintopup.alert.SentAlert;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The ledger's view of one account: which check last acted, which intent holds it, when the
 * next top-up may start, the last alert that reached people, and when a check last found it inside
 * the sweep band ({@code lastInBandAt}, decision 0027). Absent fields are {@code null}.
 */
public record AccountState(
        String accountId,
        Instant lastCheckAt,
        String openIntentId,
        Instant cooldownUntil,
        BigDecimal lastRatio,
        Instant lastSeenAt,
        SentAlert lastAlert,
        Instant lastInBandAt) {

    /** The state without the sweep's clock, as every account had before sweep-back. */
    public AccountState(String accountId, Instant lastCheckAt, String openIntentId, Instant cooldownUntil,
            BigDecimal lastRatio, Instant lastSeenAt, SentAlert lastAlert) {
        this(accountId, lastCheckAt, openIntentId, cooldownUntil, lastRatio, lastSeenAt, lastAlert, null);
    }

    public AccountState(String accountId, Instant lastCheckAt, String openIntentId, Instant cooldownUntil,
            BigDecimal lastRatio, Instant lastSeenAt) {
        this(accountId, lastCheckAt, openIntentId, cooldownUntil, lastRatio, lastSeenAt, null);
    }

    public static AccountState empty(String accountId) {
        return new AccountState(accountId, null, null, null, null, null, null, null);
    }

    /**
     * What a vanished position would be reported against, once: the open intent, or else the
     * margin alert still open; {@code null} when the account was neither topping up nor at risk.
     */
    public String atRiskEpisode(Instant now) {
        if (openIntentId != null) {
            return "INTENT#" + openIntentId;
        }
        if (lastAlert != null && lastAlert.openAt(now)) {
            return "ALERT#" + lastAlert.at().toEpochMilli();
        }
        return null;
    }
}
