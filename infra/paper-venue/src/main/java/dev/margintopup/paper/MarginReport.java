package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The margin of a cross account (in one asset) or of one isolated position, with the source
 * wallet's balance, all read under one lock so the numbers belong to the same moment.
 *
 * @param markPrice the position's mark, or {@code null} when several cross positions share the margin
 * @param liquidationPrice {@code null} where no single price liquidates
 */
record MarginReport(
        Instant asOf,
        String asset,
        BigDecimal marginBalance,
        BigDecimal maintenanceMargin,
        BigDecimal sourceFree,
        BigDecimal transferStep,
        BigDecimal markPrice,
        BigDecimal liquidationPrice) {}
