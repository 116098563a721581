package dev.margintopup.venue;

import dev.margintopup.account.MarginMode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One transfer into margin, built from a persisted intent. The client id is the intent id,
 * created and stored before the venue is called, so every retry reuses it.
 *
 * @param fromWallet the source wallet as the account item names it: {@code FUNDING}, {@code SPOT} or
 *     {@code SUBACCOUNT}
 * @param symbol the isolated position to add margin to; {@code null} in cross mode
 * @param subAccount for a {@code SUBACCOUNT} source, the owner's sub-account the money comes from (its
 *     funding wallet, moved with the managed account's key); {@code null} otherwise
 */
public record TransferInstruction(
        String clientId,
        String asset,
        BigDecimal amount,
        String fromWallet,
        MarginMode mode,
        String symbol,
        Instant createdAt,
        String subAccount) {

    /** A transfer from one of the managed account's own wallets. */
    public TransferInstruction(String clientId, String asset, BigDecimal amount, String fromWallet, MarginMode mode,
            String symbol, Instant createdAt) {
        this(clientId, asset, amount, fromWallet, mode, symbol, createdAt, null);
    }

    /** Whether the money comes from one of the owner's sub-accounts rather than the account's own wallets. */
    public boolean fromSubAccount() {
        return subAccount != null;
    }
}
