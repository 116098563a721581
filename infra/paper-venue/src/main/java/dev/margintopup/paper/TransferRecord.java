package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One applied transfer, as the venue's history shows it.
 *
 * @param to {@code FUTURES} for cross margin or {@code ISOLATED} for a position's margin
 * @param symbol the isolated position topped up; {@code null} for cross
 */
public record TransferRecord(
        String transferId,
        String clientId,
        String asset,
        BigDecimal amount,
        Wallet from,
        String to,
        String symbol,
        Instant time) {}
