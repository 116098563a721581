package dev.margintopup.paper;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The margin of a cross account (in one asset) or of one isolated position, with the source
 * wallet's balance, all read under one lock so the numbers belong to the same moment.
 *
 * @param markPrice the position's mark, or {@code null} when several cross positions share the margin
 * @param liquidationPrice {@code null} where no single price liquidates
 * @param positions the open positions behind this margin: the isolated one, or every cross one in the asset
 * @param marginToKeep the least margin balance an isolated position keeps when margin is taken out of it;
 *     {@code null} for cross margin
 */
record MarginReport(
        Instant asOf,
        String asset,
        BigDecimal marginBalance,
        BigDecimal maintenanceMargin,
        BigDecimal sourceFree,
        BigDecimal transferStep,
        BigDecimal markPrice,
        BigDecimal liquidationPrice,
        List<Held> positions,
        BigDecimal marginToKeep) {

    MarginReport withMarginToKeep(BigDecimal keep) {
        return new MarginReport(asOf, asset, marginBalance, maintenanceMargin, sourceFree, transferStep, markPrice,
                liquidationPrice, positions, keep);
    }

    /**
     * One open position as the venue reports it.
     *
     * @param liquidationPrice {@code null} for a cross position that shares its margin with others
     */
    record Held(String symbol, Side side, BigDecimal quantity, BigDecimal markPrice, BigDecimal maintenanceMargin,
            BigDecimal liquidationPrice) {}
}
