package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One applied transfer, as the venue's history shows it.
 *
 * @param from the owner's wallet the money left; {@code null} when it left the isolated position
 *     {@code symbol} (a sweep reducing that position's margin)
 * @param to {@code FUTURES} for cross margin or {@code ISOLATED} for a position's margin; for a sweep out
 *     of cross margin ({@code from} {@code FUTURES}) or out of an isolated position, the owner's wallet it
 *     went back to
 * @param symbol the isolated position topped up or reduced; {@code null} for cross
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
