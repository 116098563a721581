package dev.margintopup.ledger;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.TransferInstruction;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

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
}
