package dev.margintopup.dialect.hyperliquid;

import java.math.BigDecimal;

/** One applied transfer between spot and perp: what the venue's non-funding ledger shows. */
public record LedgerEntry(long time, String hash, BigDecimal usdc, boolean toPerp) {}
