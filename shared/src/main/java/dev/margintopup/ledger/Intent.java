package dev.margintopup.ledger;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.Decision;
import dev.margintopup.venue.TransferInstruction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A decided top-up, persisted before any money moves. Its id is the client transfer id the
 * venue sees, so every retry of the same intent is recognisable at the venue.
 *
 * @param day the UTC day whose cap counter holds the amount
 * @param attempt how many times a transfer worker has claimed it; the fencing token of the lease
 * @param leaseUntil while {@code SENDING}, until when the current attempt owns it
 * @param sentAt when the first attempt started talking to the venue, or {@code null}
 */
public record Intent(
        String accountId,
        String intentId,
        String checkId,
        IntentState state,
        String venue,
        String asset,
        BigDecimal amount,
        String fromWallet,
        MarginMode mode,
        String symbol,
        LocalDate day,
        BigDecimal marginRatio,
        BigDecimal expectedRatio,
        Instant createdAt,
        int attempt,
        Instant leaseUntil,
        Instant sentAt,
        String venueTransferId,
        String reason) {

    /** What the venue adapter is asked to do; rebuilt identically on every attempt. */
    public TransferInstruction instruction() {
        return new TransferInstruction(intentId, asset, amount, fromWallet, mode, symbol, createdAt);
    }

    public boolean leaseExpired(Instant now) {
        return leaseUntil == null || !now.isBefore(leaseUntil);
    }

    /** The intent a check's top-up decision opens: {@code PENDING}, counted on the UTC day of {@code now}. */
    public static Intent opened(CheckId check, AccountConfig account, Decision.TopUp decision, Instant now) {
        return new Intent(account.accountId(), check.intentId(), check.value(), IntentState.PENDING, account.venue(),
                account.asset(), decision.amount(), account.sourceWallet(), account.marginMode(), account.symbol(),
                LocalDate.ofInstant(now, ZoneOffset.UTC), decision.marginRatio(), decision.expectedRatio(), now, 0,
                null, null, null, null);
    }

    /** Whether a new attempt may take it now: pending, or sending with its lease expired. */
    public boolean claimableAt(Instant now) {
        return state == IntentState.PENDING || (state == IntentState.SENDING && leaseExpired(now));
    }

    /** The intent as the next attempt holds it: {@code SENDING}, the attempt counted, a fresh lease. */
    public Intent claimedAt(Instant now, Duration lease) {
        return moved(IntentState.SENDING, attempt + 1, now.plus(lease), sentAt == null ? now : sentAt, null, null);
    }

    /** The same intent in another state; a {@code null} transfer id or reason keeps the stored one. */
    public Intent moved(IntentState to, int toAttempt, Instant toLeaseUntil, Instant toSentAt, String toVenueTransferId,
            String toReason) {
        return new Intent(accountId, intentId, checkId, to, venue, asset, amount, fromWallet, mode, symbol, day,
                marginRatio, expectedRatio, createdAt, toAttempt, toLeaseUntil, toSentAt,
                toVenueTransferId == null ? venueTransferId : toVenueTransferId, toReason == null ? reason : toReason);
    }
}
