package dev.margintopup.dialect.hyperliquid;

import java.math.BigDecimal;

/** One applied isolated margin add, for inspection. */
public record IsolatedAdd(String coin, BigDecimal usdc, long nonce) {}
