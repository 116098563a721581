package dev.margintopup.dialect.binance;

/** API key options as {@code GET /sapi/v1/account/apiRestrictions} reports them. */
public enum Permission {
    READING("enableReading"),
    WITHDRAWALS("enableWithdrawals"),
    INTERNAL_TRANSFER("enableInternalTransfer"),
    UNIVERSAL_TRANSFER("permitsUniversalTransfer"),
    FUTURES("enableFutures"),
    SPOT_AND_MARGIN_TRADING("enableSpotAndMarginTrading");

    final String field;

    Permission(String field) {
        this.field = field;
    }
}
