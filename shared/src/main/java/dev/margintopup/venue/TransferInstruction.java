package dev.margintopup.venue;

import dev.margintopup.account.MarginMode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One transfer into margin, built from a persisted intent. The client id is the intent id,
 * created and stored before the venue is called, so every retry reuses it.
 *
 * @param symbol the isolated position to add margin to; {@code null} in cross mode
 */
public record TransferInstruction(
        String clientId,
        String asset,
        BigDecimal amount,
        String fromWallet,
        MarginMode mode,
        String symbol,
        Instant createdAt) {}
