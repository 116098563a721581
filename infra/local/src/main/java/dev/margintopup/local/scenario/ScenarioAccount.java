package dev.margintopup.local.scenario;

import dev.margintopup.paper.MarginType;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Wallet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One account of a scenario: its wallets on the venue, its one position and its top-up settings.
 *
 * @param managed {@code false} for the control account: monitored in dry run, never topped up,
 *     to show what the scenario does to an unprotected account
 * @param marginMode {@code cross} or {@code isolated}
 * @param wallets balance per wallet ({@code FUTURES}, {@code FUNDING}, {@code SPOT}) in the
 *     symbol's margin asset; wallets left out hold nothing
 * @param config overrides of the account item's settings, by item name; see
 *     {@link TopUpSettings#DEFAULTS} for what applies to the rest
 */
public record ScenarioAccount(
        String id,
        boolean managed,
        String marginMode,
        Map<String, BigDecimal> wallets,
        PositionSpec position,
        Map<String, Object> config) {

    public ScenarioAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(marginMode, "marginMode");
        Objects.requireNonNull(position, "position");
        wallets = Map.copyOf(wallets);
        config = Map.copyOf(config);
        marginType(marginMode);
        wallets.keySet().forEach(Wallet::valueOf);
    }

    public MarginType marginType() {
        return marginType(marginMode);
    }

    /** Dry run: the control account is monitored but never moves money. */
    public boolean dryRun() {
        return !managed;
    }

    /** The ratio settings and caps that apply: {@link #config} over the defaults. */
    public TopUpSettings settings() {
        return TopUpSettings.of(config);
    }

    /** The protection in moves, or {@code null} for an account protected by ratios alone. */
    public MoveSettings moveSettings() {
        return MoveSettings.of(config);
    }

    /**
     * Every setting by its item name, defaults written out. An account protected in moves gets
     * no default trigger and target ratio: only those its scenario names.
     */
    public Map<String, Object> effectiveConfig() {
        Map<String, Object> effective = settings().asMap();
        MoveSettings moves = moveSettings();
        if (moves != null) {
            for (String ratio : List.of(TopUpSettings.TRIGGER_RATIO, TopUpSettings.TARGET_RATIO)) {
                if (!config.containsKey(ratio)) {
                    effective.remove(ratio);
                }
            }
            effective.putAll(moves.asMap());
        }
        return effective;
    }

    /** The same account under another id, with other settings in place of its own. */
    public ScenarioAccount withIdAndConfig(String newId, Map<String, Object> newConfig) {
        return new ScenarioAccount(newId, managed, marginMode, wallets, position, newConfig);
    }

    public BigDecimal wallet(String name) {
        return wallets.getOrDefault(name, BigDecimal.ZERO);
    }

    public PaperPosition paperPosition(String symbol) {
        return position.toPaperPosition(symbol, marginType());
    }

    /** The account as the paper venue is seeded with it. */
    public PaperAccount paperAccount(String symbol, String apiKey, String apiSecret) {
        PaperPosition position = paperPosition(symbol);
        PaperAccount.Builder account = PaperAccount.builder(apiKey, apiSecret);
        wallets.forEach((wallet, amount) ->
                account.balance(Wallet.valueOf(wallet), position.marginAsset(), amount.toPlainString()));
        return account.position(position).build();
    }

    private static MarginType marginType(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "cross" -> MarginType.CROSS;
            case "isolated" -> MarginType.ISOLATED;
            default -> throw new IllegalArgumentException("marginMode must be cross or isolated, was " + mode);
        };
    }
}
