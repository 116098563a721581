package dev.margintopup.bus;

/**
 * The {@code detail} of one event on the service's bus. Each kind is a record whose fields are
 * the public contract documented in the README's "Events" section; {@link EventCatalogue} names
 * them. Amounts and ratios go on the wire as plain decimal strings; no detail ever holds a key
 * or a secret.
 */
public sealed interface EventDetail
        permits TopUpRequested, TopUpCompleted, TopUpFailed, MarginAtRisk, AccountConfigInvalid, PositionLiquidated,
        PositionClosed, RescueCapacityLow, SweepRequested, SweepCompleted, SweepFailed {

    /** The account the event is about. */
    String accountId();
}
