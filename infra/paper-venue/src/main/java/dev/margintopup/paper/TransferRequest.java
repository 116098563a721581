package dev.margintopup.paper;

import java.math.BigDecimal;

/**
 * A parsed transfer request.
 *
 * @param toIsolated true to add margin to the isolated position {@code symbol}; false for cross
 */
record TransferRequest(
        String clientId, String asset, BigDecimal amount, Wallet from, boolean toIsolated, String symbol) {}
