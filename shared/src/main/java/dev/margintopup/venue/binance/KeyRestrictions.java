package dev.margintopup.venue.binance;

/**
 * What one API key may do, from {@code GET /sapi/v1/account/apiRestrictions}.
 *
 * @param futures "Enable Futures": needed by {@code POST /fapi/v1/positionMargin} (a TRADE endpoint)
 * @param universalTransfer "Permits Universal Transfer": needed by {@code POST /sapi/v1/asset/transfer}
 */
record KeyRestrictions(
        boolean reading, boolean withdrawals, boolean internalTransfer, boolean universalTransfer, boolean futures) {

    /** True when the key could move money at all, which a read-only key for the checker never should. */
    boolean canTransfer() {
        return universalTransfer || internalTransfer;
    }
}
