package dev.margintopup.bus;

import java.util.Map;

/**
 * An event for the service's bus. {@code detailType} is one of {@link #TOP_UP_REQUESTED},
 * {@link #TOP_UP_COMPLETED}, {@link #TOP_UP_FAILED}, {@link #MARGIN_AT_RISK},
 * {@link #ACCOUNT_CONFIG_INVALID}, {@link #POSITION_LIQUIDATED}, {@link #POSITION_CLOSED}; {@code detail} holds ids, amounts as strings, ratios and
 * reasons, never a key or a secret. The schemas are documented in the README and in events/.
 */
public record DomainEvent(String detailType, Map<String, Object> detail) {

    public static final String SOURCE = "margin-topup";
    public static final String TOP_UP_REQUESTED = "TopUpRequested";
    public static final String TOP_UP_COMPLETED = "TopUpCompleted";
    public static final String TOP_UP_FAILED = "TopUpFailed";
    public static final String MARGIN_AT_RISK = "MarginAtRisk";
    public static final String ACCOUNT_CONFIG_INVALID = "AccountConfigInvalid";
    public static final String POSITION_LIQUIDATED = "PositionLiquidated";
    public static final String POSITION_CLOSED = "PositionClosed";
}
