package dev.margintopup.dialect.binance;

import java.math.BigDecimal;

/**
 * One of the user's force orders, as {@code /fapi/v1/forceOrders} lists it.
 *
 * @param clientOrderId {@code autoclose-…} for a liquidation, {@code adl_autoclose} for an auto-deleveraging
 */
public record ForceOrder(long orderId, String symbol, String clientOrderId, String side, BigDecimal avgPrice,
        BigDecimal executedQty, long time) {}
