package dev.margintopup.local.scenario;

import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Source;
import dev.margintopup.paper.MarginType;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Wallet;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
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
        if (config.containsKey(TopUpSettings.SOURCES) && !config.containsKey(TopUpSettings.SOURCE_WALLET)) {
            // The sources replace the default source wallet; an item naming both is refused by the product.
            effective.remove(TopUpSettings.SOURCE_WALLET);
        }
        for (String key : TopUpSettings.SOURCE_KEYS) {
            if (config.containsKey(key)) {
                effective.put(key, config.get(key));
            }
        }
        return effective;
    }

    /**
     * The wallets top-ups draw from, in order, with their floors and caps: the {@code sources} of its config, or
     * the one {@code sourceWallet} with no floor.
     */
    public List<Source> sources() {
        if (!(config.get(TopUpSettings.SOURCES) instanceof List<?> given)) {
            return List.of(Source.only(settings().sourceWallet()));
        }
        return given.stream().map(entry -> {
            Map<?, ?> source = (Map<?, ?>) entry;
            BigDecimal floor = (BigDecimal) source.get(AccountValidator.SOURCE_FLOOR);
            return new Source((String) source.get(AccountValidator.SOURCE_WALLET_FIELD),
                    (String) source.get(AccountValidator.SOURCE_SUB_ACCOUNT), floor == null ? BigDecimal.ZERO : floor,
                    (BigDecimal) source.get(AccountValidator.SOURCE_CAP));
        }).toList();
    }

    /** What all the sources hold above their floors at the start: the most the account can ever be topped up by. */
    public BigDecimal sourceFunds() {
        return sources().stream().map(source -> wallet(source.wallet()).subtract(source.floor()).max(BigDecimal.ZERO))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * The Accounts-table item a user would write for this account, as plain values (lists and maps for the
     * sources): the scenario states only what differs from the defaults of {@link TopUpSettings}, and a control
     * account is the same account in dry run.
     */
    public Map<String, Object> item(String symbol, String asset, String venueEndpoint, String readSecretId,
            String transferSecretId) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(AccountValidator.ACCOUNT_ID, id);
        item.put(AccountValidator.VENUE, "paper");
        item.put(AccountValidator.VENUE_ENDPOINT, venueEndpoint);
        item.put(AccountValidator.MARGIN_MODE, marginMode);
        if ("isolated".equals(marginMode)) {
            item.put(AccountValidator.SYMBOL, symbol);
        }
        item.put(AccountValidator.ASSET, asset);
        item.put(AccountValidator.READ_SECRET_ID, readSecretId);
        item.put(AccountValidator.TRANSFER_SECRET_ID, transferSecretId);
        item.put(AccountValidator.ENABLED, true);
        item.put(AccountValidator.DRY_RUN, dryRun());
        // Numbers as the item's reader gives them (DynamoDB's N): decimals, whole seconds and minutes included.
        effectiveConfig().forEach((name, value) ->
                item.put(name, value instanceof Integer whole ? BigDecimal.valueOf(whole) : value));
        return item;
    }

    /** The collateral asset of a symbol: what it is quoted in (BTCUSDT → USDT), or {@code null} when none is known. */
    public static String assetOf(String symbol) {
        for (String quote : List.of("FDUSD", "USDT", "USDC", "BUSD", "USD")) {
            if (symbol.endsWith(quote)) {
                return quote;
            }
        }
        return null;
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
