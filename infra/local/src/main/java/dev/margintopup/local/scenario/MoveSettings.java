package dev.margintopup.local.scenario;

import dev.margintopup.account.AccountValidator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's protection in moves, the form a trader reasons in: act when the mark is within
 * {@code triggerMovePercent} of liquidation, top up until the position survives an adverse move
 * of {@code targetMovePercent}. Names are those of the Accounts table item; what is left out is
 * left to the product's defaults.
 *
 * @param watchBandMovePercent inside this distance the checker reads recent candles; {@code null}
 *     for the product's default
 * @param pollIntervalSeconds fast-poll interval inside the band; {@code null} for the default
 * @param volatilityLookbackMinutes how many recent one-minute candles size the volatility buffer;
 *     {@code null} for the default
 * @param volatilityMultiple how many standard deviations the buffer covers; {@code null} for the default
 */
public record MoveSettings(
        BigDecimal triggerMovePercent,
        BigDecimal targetMovePercent,
        BigDecimal watchBandMovePercent,
        Integer pollIntervalSeconds,
        Integer volatilityLookbackMinutes,
        BigDecimal volatilityMultiple) {

    // The account item's own attribute names: a scenario's settings are item fields.
    public static final String TRIGGER_MOVE_PERCENT = AccountValidator.TRIGGER_MOVE_PERCENT;
    public static final String TARGET_MOVE_PERCENT = AccountValidator.TARGET_MOVE_PERCENT;
    public static final String WATCH_BAND_MOVE_PERCENT = AccountValidator.WATCH_BAND_MOVE_PERCENT;
    public static final String POLL_INTERVAL_SECONDS = AccountValidator.POLL_INTERVAL_SECONDS;
    public static final String VOLATILITY_LOOKBACK_MINUTES = AccountValidator.VOLATILITY_LOOKBACK_MINUTES;
    public static final String VOLATILITY_MULTIPLE = AccountValidator.VOLATILITY_MULTIPLE;

    public static final List<String> KEYS = List.of(TRIGGER_MOVE_PERCENT, TARGET_MOVE_PERCENT, WATCH_BAND_MOVE_PERCENT,
            POLL_INTERVAL_SECONDS, VOLATILITY_LOOKBACK_MINUTES, VOLATILITY_MULTIPLE);

    /**
     * The move settings among an account's {@code config}, or {@code null} when it names none;
     * the trigger and the target come together or not at all.
     */
    public static MoveSettings of(Map<String, Object> config) {
        if (KEYS.stream().noneMatch(config::containsKey)) {
            return null;
        }
        return new MoveSettings((BigDecimal) config.get(TRIGGER_MOVE_PERCENT), (BigDecimal) config.get(TARGET_MOVE_PERCENT),
                (BigDecimal) config.get(WATCH_BAND_MOVE_PERCENT), (Integer) config.get(POLL_INTERVAL_SECONDS),
                (Integer) config.get(VOLATILITY_LOOKBACK_MINUTES), (BigDecimal) config.get(VOLATILITY_MULTIPLE));
    }

    public MoveSettings {
        if (triggerMovePercent == null || targetMovePercent == null) {
            throw new IllegalArgumentException(
                    "move settings need both " + TRIGGER_MOVE_PERCENT + " and " + TARGET_MOVE_PERCENT);
        }
    }

    /** The trigger as a fraction: 3 % is 0.03. */
    public BigDecimal triggerMove() {
        return triggerMovePercent.movePointLeft(2);
    }

    /** The target as a fraction. */
    public BigDecimal targetMove() {
        return targetMovePercent.movePointLeft(2);
    }

    /** The settings that are given, by item name, in {@link #KEYS} order. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(TRIGGER_MOVE_PERCENT, triggerMovePercent);
        map.put(TARGET_MOVE_PERCENT, targetMovePercent);
        if (watchBandMovePercent != null) {
            map.put(WATCH_BAND_MOVE_PERCENT, watchBandMovePercent);
        }
        if (pollIntervalSeconds != null) {
            map.put(POLL_INTERVAL_SECONDS, pollIntervalSeconds);
        }
        if (volatilityLookbackMinutes != null) {
            map.put(VOLATILITY_LOOKBACK_MINUTES, volatilityLookbackMinutes);
        }
        if (volatilityMultiple != null) {
            map.put(VOLATILITY_MULTIPLE, volatilityMultiple);
        }
        return map;
    }
}
