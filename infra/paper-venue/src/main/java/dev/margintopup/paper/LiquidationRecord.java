package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Instant;

/** A position the liquidation engine closed, and the mark price that closed it. */
public record LiquidationRecord(String symbol, BigDecimal markPrice, Instant time) {}
