package dev.margintopup.dialect.hyperliquid;

import java.math.BigDecimal;

/** One applied isolated margin change, for inspection: an add, or with a negative amount a removal. */
public record IsolatedAdd(String coin, BigDecimal usdc, long nonce) {}
