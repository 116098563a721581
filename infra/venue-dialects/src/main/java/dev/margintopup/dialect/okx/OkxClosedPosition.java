package dev.margintopup.dialect.okx;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One closed position, as {@code /api/v5/account/positions-history} lists it.
 *
 * @param type how it was last closed: 1 partly by its owner, 2 in full by its owner, 3 liquidated,
 *     4 partly liquidated, 5 auto-deleveraged
 */
public record OkxClosedPosition(String instId, String mgnMode, String type, BigDecimal closeAvgPx, Instant uTime) {}
