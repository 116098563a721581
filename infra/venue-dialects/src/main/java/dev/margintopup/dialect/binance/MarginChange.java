package dev.margintopup.dialect.binance;

import java.math.BigDecimal;

/** One isolated margin change as {@code GET /fapi/v1/positionMargin/history} lists it; type 1 adds, 2 reduces. */
public record MarginChange(String symbol, int type, String deltaType, BigDecimal amount, String asset, long time,
        String positionSide) {}
