package dev.margintopup.local.scenario;

import dev.margintopup.account.AccountValidator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's top-up settings, the scenario's overrides laid over the defaults. Names and
 * meanings are those of the Accounts table item.
 */
public record TopUpSettings(
        BigDecimal triggerRatio,
        BigDecimal targetRatio,
        BigDecimal maxTransfer,
        BigDecimal dailyCap,
        BigDecimal minTransfer,
        int cooldownSeconds,
        int checkRateMinutes,
        String sourceWallet) {

    // The account item's own attribute names: a scenario's settings are item fields.
    public static final String TRIGGER_RATIO = AccountValidator.TRIGGER_RATIO;
    public static final String TARGET_RATIO = AccountValidator.TARGET_RATIO;
    public static final String MAX_TRANSFER = AccountValidator.MAX_TRANSFER;
    public static final String DAILY_CAP = AccountValidator.DAILY_CAP;
    public static final String MIN_TRANSFER = AccountValidator.MIN_TRANSFER;
    public static final String COOLDOWN_SECONDS = AccountValidator.COOLDOWN_SECONDS;
    public static final String CHECK_RATE_MINUTES = AccountValidator.CHECK_RATE_MINUTES;
    public static final String SOURCE_WALLET = AccountValidator.SOURCE_WALLET;

    public static final List<String> KEYS = List.of(TRIGGER_RATIO, TARGET_RATIO, MAX_TRANSFER, DAILY_CAP,
            MIN_TRANSFER, COOLDOWN_SECONDS, CHECK_RATE_MINUTES, SOURCE_WALLET);

    /**
     * The ordered sources with floors (decision 0026), in place of {@link #SOURCE_WALLET}: a list of maps
     * {@code wallet}, {@code floor}, {@code cap}, as the account item holds them.
     */
    public static final String SOURCES = AccountValidator.SOURCES;
    /** The adverse move the margin plus every source must be able to absorb, below which RescueCapacityLow is told. */
    public static final String RESCUE_MOVE_PERCENT = AccountValidator.RESCUE_MOVE_PERCENT;
    /**
     * Sweep-back of excess margin to the sources (decisions 0027, 0030): a map {@code afterMinutes},
     * {@code lookbackDays}, {@code dailyCap} and optionally {@code toRatio}, as the account item holds it.
     */
    public static final String SWEEP = AccountValidator.SWEEP;
    /** Settings that stand beside {@link #KEYS} and have no default: an account without them has none. */
    public static final List<String> SOURCE_KEYS = List.of(SOURCES, RESCUE_MOVE_PERCENT, SWEEP);

    /**
     * What an account gets for a setting its scenario leaves out: trigger 0.8, target 0.6,
     * 5000 per transfer, 20000 a day, at least 10, 120 s between top-ups, a check every
     * minute, from FUNDING (the values of {@code infra/accounts/cross-usdt.json}).
     */
    public static final TopUpSettings DEFAULTS = new TopUpSettings(new BigDecimal("0.8"), new BigDecimal("0.6"),
            new BigDecimal("5000"), new BigDecimal("20000"), new BigDecimal("10"), 120, 1, "FUNDING");

    /**
     * {@code overrides} (keys of {@link #KEYS}; {@link BigDecimal} amounts and ratios,
     * {@link Integer} seconds and minutes, a {@link String} wallet) over {@link #DEFAULTS}; the
     * account's {@link MoveSettings} may stand beside them and are left to that record.
     */
    public static TopUpSettings of(Map<String, Object> overrides) {
        for (String key : overrides.keySet()) {
            if (!KEYS.contains(key) && !MoveSettings.KEYS.contains(key) && !SOURCE_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting " + key + "; known: " + KEYS + ", " + SOURCE_KEYS);
            }
        }
        Map<String, Object> all = new LinkedHashMap<>(DEFAULTS.asMap());
        all.putAll(overrides);
        // With ordered sources the first one is the source wallet, as the product reads the item.
        if (overrides.get(SOURCES) instanceof List<?> sources && !sources.isEmpty()
                && sources.getFirst() instanceof Map<?, ?> first && first.get(AccountValidator.SOURCE_WALLET_FIELD) instanceof String wallet) {
            all.put(SOURCE_WALLET, wallet);
        }
        return new TopUpSettings(
                (BigDecimal) all.get(TRIGGER_RATIO),
                (BigDecimal) all.get(TARGET_RATIO),
                (BigDecimal) all.get(MAX_TRANSFER),
                (BigDecimal) all.get(DAILY_CAP),
                (BigDecimal) all.get(MIN_TRANSFER),
                (Integer) all.get(COOLDOWN_SECONDS),
                (Integer) all.get(CHECK_RATE_MINUTES),
                (String) all.get(SOURCE_WALLET));
    }

    /** Every setting by its item name, in {@link #KEYS} order. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(TRIGGER_RATIO, triggerRatio);
        map.put(TARGET_RATIO, targetRatio);
        map.put(MAX_TRANSFER, maxTransfer);
        map.put(DAILY_CAP, dailyCap);
        map.put(MIN_TRANSFER, minTransfer);
        map.put(COOLDOWN_SECONDS, cooldownSeconds);
        map.put(CHECK_RATE_MINUTES, checkRateMinutes);
        map.put(SOURCE_WALLET, sourceWallet);
        return map;
    }
}
