package dev.margintopup.dialect.binance;

import java.math.BigDecimal;

/** One User Universal Transfer as {@code GET /sapi/v1/asset/transfer} lists it. */
public record TransferRow(long tranId, String type, String asset, BigDecimal amount, String status, long timestamp) {}
