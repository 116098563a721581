package dev.margintopup.account;

import dev.margintopup.json.Spelling;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns an item of the Accounts table into an {@link AccountConfig}, or into a list of every
 * problem with it, each in words the person who wrote the item can act on.
 *
 * <p>Items arrive as plain maps from attribute name to value: {@link String} for S,
 * {@link BigDecimal} for N, {@link Boolean} for BOOL, {@code null} for NULL. Any other value
 * (a list, map, set or binary) is the wrong type for every attribute. A NULL optional attribute
 * counts as absent.
 */
public final class AccountValidator {

    public static final String ACCOUNT_ID = "accountId";
    public static final String VENUE = "venue";
    public static final String MARGIN_MODE = "marginMode";
    public static final String SYMBOL = "symbol";
    public static final String ASSET = "asset";
    public static final String SOURCE_WALLET = "sourceWallet";
    public static final String SOURCES = "sources";
    public static final String SOURCE_WALLET_FIELD = "wallet";
    public static final String SOURCE_SUB_ACCOUNT = "subAccount";
    public static final String SOURCE_FLOOR = "floor";
    public static final String SOURCE_CAP = "cap";
    public static final String TRIGGER_RATIO = "triggerRatio";
    public static final String TARGET_RATIO = "targetRatio";
    public static final String TRIGGER_MOVE_PERCENT = "triggerMovePercent";
    public static final String TARGET_MOVE_PERCENT = "targetMovePercent";
    public static final String WATCH_BAND_MOVE_PERCENT = "watchBandMovePercent";
    public static final String POLL_INTERVAL_SECONDS = "pollIntervalSeconds";
    public static final String VOLATILITY_LOOKBACK_MINUTES = "volatilityLookbackMinutes";
    public static final String VOLATILITY_MULTIPLE = "volatilityMultiple";
    public static final String RESCUE_MOVE_PERCENT = "rescueMovePercent";
    public static final String MAX_TRANSFER = "maxTransfer";
    public static final String DAILY_CAP = "dailyCap";
    public static final String MIN_TRANSFER = "minTransfer";
    public static final String COOLDOWN_SECONDS = "cooldownSeconds";
    public static final String CHECK_RATE_MINUTES = "checkRateMinutes";
    public static final String READ_SECRET_ID = "readSecretId";
    public static final String TRANSFER_SECRET_ID = "transferSecretId";
    public static final String ENABLED = "enabled";
    public static final String DRY_RUN = "dryRun";
    public static final String VENUE_ENDPOINT = "venueEndpoint";
    public static final String SWEEP = "sweep";
    public static final String SWEEP_AFTER_MINUTES = "afterMinutes";
    public static final String SWEEP_LOOKBACK_DAYS = "lookbackDays";
    public static final String SWEEP_DAILY_CAP = "dailyCap";
    public static final String SWEEP_TO_RATIO = "toRatio";

    /**
     * The venues whose adapter moves margin back out (sweep-back, decision 0027). A sweep on any other
     * venue is refused by name until its adapter has the reverse operation.
     */
    public static final Set<String> SWEEP_VENUES = Set.of("paper", "binance-usdm", "bybit-v5", "okx-v5", "hyperliquid");

    /**
     * The venues whose adapter reduces an isolated position's margin and sends it back (decisions 0028, 0029).
     * A sweep of an isolated position on any other venue is refused by name.
     */
    public static final Set<String> ISOLATED_SWEEP_VENUES = Set.of("paper", "binance-usdm", "bybit-v5", "okx-v5",
            "hyperliquid");

    /**
     * How long a day's top-up counter is kept, and so the longest look-back a sweep can see: the ledger's
     * day counters ({@code Ledger.DAY_COUNTER_TTL}, eight days) are what a sweep counts top-ups by.
     */
    public static final int MAX_SWEEP_LOOKBACK_DAYS = 7;
    public static final int MAX_SWEEP_AFTER_MINUTES = 10_080;

    // Shared keys (decision 0019): one read-keys and one transfer-keys secret per deployment,
    // each a JSON object of named keys; an account names its entry in each instead of a secret id.
    public static final String READ_KEY_NAME = "readKeyName";
    public static final String TRANSFER_KEY_NAME = "transferKeyName";
    /** The deployment's shared read-keys secret is PREFIX/read-keys: only the checker's IAM reads it (and the transfer function's). */
    public static final String READ_KEYS_SECRET = "read-keys";
    /** The deployment's shared transfer-keys secret is PREFIX/transfer-keys: the checker's IAM never reads it. */
    public static final String TRANSFER_KEYS_SECRET = "transfer-keys";

    /** Every attribute an account item may have, in the order problems are reported. */
    public static final List<String> FIELDS = List.of(
            ACCOUNT_ID, VENUE, MARGIN_MODE, SYMBOL, ASSET, SOURCE_WALLET, SOURCES, TRIGGER_RATIO, TARGET_RATIO,
            TRIGGER_MOVE_PERCENT, TARGET_MOVE_PERCENT, WATCH_BAND_MOVE_PERCENT, POLL_INTERVAL_SECONDS,
            VOLATILITY_LOOKBACK_MINUTES, VOLATILITY_MULTIPLE, RESCUE_MOVE_PERCENT, MAX_TRANSFER, DAILY_CAP, MIN_TRANSFER, COOLDOWN_SECONDS, CHECK_RATE_MINUTES, READ_SECRET_ID,
            TRANSFER_SECRET_ID, READ_KEY_NAME, TRANSFER_KEY_NAME, ENABLED, DRY_RUN, VENUE_ENDPOINT, SWEEP);

    /** The wallets a top-up may come from: the same owner's, on the same venue, never margin itself. */
    public static final List<String> SOURCE_WALLETS = List.of("FUNDING", "SPOT");

    /** What venues call the margin wallet itself: never a source, a top-up moves into it. */
    static final Set<String> MARGIN_WALLETS = Set.of("FUTURES", "UMFUTURE", "UNIFIED", "TRADING", "MARGIN",
            "CONTRACT", "ISOLATED");

    /**
     * The venues whose adapter may move money between the owner's own sub-accounts with one key: the
     * main account's key moves a sub-account's funding wallet into its own cross margin (decision 0033).
     * A {@code SUBACCOUNT} source is refused on every other venue.
     */
    public static final Set<String> SUB_ACCOUNT_VENUES = Set.of("bybit-v5", "okx-v5");

    public static final int MAX_SOURCES = 5;

    /**
     * Where a venue's adapter can draw from fewer wallets than {@link #SOURCE_WALLETS}: Bybit's Unified
     * account keeps spot inside the margin, and OKX keeps spot in the trading account, which in cross
     * mode is the margin itself. Checked for {@code sources}; {@code sourceWallet} keeps its old rules.
     */
    static String walletRefusal(String venue, MarginMode mode, String wallet) {
        if (HYPERLIQUID.equals(venue) && !HYPERLIQUID_SOURCE.equals(wallet)) {
            return "hyperliquid tops up from the account's spot USDC balance; list SPOT only";
        }
        if ("bybit-v5".equals(venue) && "SPOT".equals(wallet)) {
            return "bybit-v5 keeps spot inside the Unified margin account, so it is no source; list FUNDING only";
        }
        if ("okx-v5".equals(venue) && mode == MarginMode.CROSS && "SPOT".equals(wallet)) {
            return "okx-v5 keeps spot in the trading account, which in cross mode is the margin itself; list FUNDING";
        }
        return null;
    }

    public static final int MAX_COOLDOWN_SECONDS = 86_400;
    public static final int MAX_CHECK_RATE_MINUTES = 1_440;
    public static final int DEFAULT_CHECK_RATE_MINUTES = 1;
    public static final int MAX_POLL_INTERVAL_SECONDS = 3_600;
    public static final int MIN_VOLATILITY_LOOKBACK_MINUTES = 2;
    /** The fewest one-minute candles every venue's kline endpoint serves in one request (OKX: 300). */
    public static final int MAX_VOLATILITY_LOOKBACK_MINUTES = 300;
    public static final BigDecimal MAX_VOLATILITY_MULTIPLE = new BigDecimal("20");

    /** Said by {@link Validation.Valid#warnings()} when an item gives both forms. */
    public static final String BOTH_FORMS = "both the ratio pair and the move settings are given: a top-up starts"
            + " when either triggers and moves what the larger of the two targets needs";

    // The account id becomes part of schedule names, which allow only these characters.
    private static final Pattern ACCOUNT_ID_FORMAT = Pattern.compile("[A-Za-z0-9_.-]{1,48}");
    private static final Pattern SYMBOL_FORMAT = Pattern.compile("[A-Z0-9_-]{2,32}");
    private static final Pattern ASSET_FORMAT = Pattern.compile("[A-Z0-9]{2,12}");

    /** Hyperliquid's own rules: USDC only, from spot, and positions named by the coin alone (ETH, kPEPE). */
    static final String HYPERLIQUID = "hyperliquid";
    static final String HYPERLIQUID_ASSET = "USDC";
    static final String HYPERLIQUID_SOURCE = "SPOT";
    private static final Pattern HYPERLIQUID_COIN = Pattern.compile("k?[A-Z0-9]{1,15}");
    private static final String HYPERLIQUID_SYMBOL_EXPECTED = "a string (S), the coin's name as Hyperliquid lists"
            + " its perp, e.g. ETH or kPEPE (no quote currency)";

    private static final String ACCOUNT_ID_EXPECTED =
            "a string (S) of 1 to 48 letters, digits, '_', '.' or '-' (it becomes part of schedule names)";
    private static final String MARGIN_MODE_EXPECTED = "a string (S), \"cross\" or \"isolated\"";
    private static final String SYMBOL_EXPECTED =
            "a string (S) of 2 to 32 characters A-Z, 0-9, '_' or '-', e.g. BTCUSDT";
    private static final String ASSET_EXPECTED = "a string (S) of 2 to 12 characters A-Z or 0-9, e.g. USDT";
    private static final String SOURCE_WALLET_EXPECTED = "a string (S), FUNDING or SPOT: a wallet of the same"
            + " owner on the same venue, never the margin wallet itself and never an address";
    private static final String SOURCES_EXPECTED = "a list (L) of 1 to " + MAX_SOURCES + " maps (M), each"
            + " {wallet, floor, cap} in the order top-ups draw from them";
    private static final String SOURCE_EXPECTED = "a map (M) with wallet (S), and optionally floor (N), cap (N)"
            + " and, for a SUBACCOUNT wallet, subAccount (S)";
    private static final String SOURCE_WALLET_NAME_EXPECTED = "a string (S), FUNDING, SPOT or SUBACCOUNT: a wallet of"
            + " the same owner on the same venue";
    private static final String FLOOR_EXPECTED = "a number (N) of at least 0 (default 0): what always stays in the wallet";
    private static final String SOURCE_CAP_EXPECTED = "a number (N) greater than 0: the most one top-up draws from it";
    private static final Pattern SUB_ACCOUNT_FORMAT = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final String RATIO_EXPECTED = "a number (N) between 0 and 1 exclusive";
    private static final String RATIO_OR_MOVES_EXPECTED = RATIO_EXPECTED
            + " (or give " + TRIGGER_MOVE_PERCENT + " and " + TARGET_MOVE_PERCENT + " instead)";
    private static final String MOVE_EXPECTED = "a number (N) of percent between 0 and 100 exclusive, e.g. 3 for 3 %";
    private static final String POLL_INTERVAL_EXPECTED = "a whole number (N) of seconds from 1 to "
            + MAX_POLL_INTERVAL_SECONDS + " (default " + MoveSettings.DEFAULT_POLL_INTERVAL_SECONDS + ")";
    private static final String LOOKBACK_EXPECTED = "a whole number (N) of minutes from "
            + MIN_VOLATILITY_LOOKBACK_MINUTES + " to " + MAX_VOLATILITY_LOOKBACK_MINUTES + " (default "
            + MoveSettings.DEFAULT_VOLATILITY_LOOKBACK_MINUTES + ")";
    private static final String MULTIPLE_EXPECTED = "a number (N) from 0 to " + MAX_VOLATILITY_MULTIPLE.toPlainString()
            + " (default " + MoveSettings.DEFAULT_VOLATILITY_MULTIPLE.toPlainString() + ")";
    private static final String CAP_EXPECTED = "a number (N) greater than 0";
    private static final String MIN_TRANSFER_EXPECTED = "a number (N) of at least 0";
    private static final String COOLDOWN_EXPECTED =
            "a whole number (N) of seconds from 0 to " + MAX_COOLDOWN_SECONDS;
    private static final String CHECK_RATE_EXPECTED =
            "a whole number (N) of minutes from 1 to " + MAX_CHECK_RATE_MINUTES + " (default "
                    + DEFAULT_CHECK_RATE_MINUTES + ")";
    private static final String BOOLEAN_EXPECTED = "a boolean (BOOL)";
    private static final Pattern KEY_NAME_FORMAT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String KEY_NAME_EXPECTED = "a string (S) of 1 to 64 letters, digits, '_', '.' or '-'";
    private static final String ENDPOINT_EXPECTED =
            "an http or https URL (S), e.g. https://testnet.example.com, or absent for the venue's default";

    private final String secretPrefix;
    private final Set<String> supportedVenues;
    private final String venueExpected;

    /**
     * @param secretPrefix every secret id must start with this followed by {@code /}
     * @param supportedVenues the venue names an account may use
     */
    public AccountValidator(String secretPrefix, Set<String> supportedVenues) {
        Objects.requireNonNull(secretPrefix, "secretPrefix");
        String prefix = secretPrefix.replaceAll("/+$", "");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("secretPrefix must not be blank");
        }
        this.secretPrefix = prefix + "/";
        this.supportedVenues = Collections.unmodifiableSet(new TreeSet<>(supportedVenues));
        this.venueExpected = "a string (S), one of " + String.join(", ", this.supportedVenues);
    }

    public Validation validate(Map<String, Object> item) {
        Objects.requireNonNull(item, "item");
        Reader in = new Reader(item);

        String accountId = in.string(ACCOUNT_ID, true, ACCOUNT_ID_EXPECTED,
                s -> ACCOUNT_ID_FORMAT.matcher(s).matches());
        String venue = in.string(VENUE, true, venueExpected, supportedVenues::contains);
        String modeValue = in.string(MARGIN_MODE, true, MARGIN_MODE_EXPECTED,
                s -> MarginMode.fromItemValue(s).isPresent());
        MarginMode mode = modeValue == null ? null : MarginMode.fromItemValue(modeValue).orElseThrow();
        String symbol = symbol(in, mode, venue);
        String asset = in.string(ASSET, true, ASSET_EXPECTED, s -> ASSET_FORMAT.matcher(s).matches());
        List<Source> sources = null;
        String sourceWallet;
        if (in.given(SOURCES)) {
            if (in.given(SOURCE_WALLET)) {
                in.problem(SOURCE_WALLET, "give either " + SOURCE_WALLET + " or " + SOURCES + ", not both: " + SOURCES
                        + " lists every wallet, the first one included");
            }
            sources = sources(in, venue, mode);
            sourceWallet = sources == null ? null : sources.getFirst().wallet();
        } else {
            sourceWallet = in.string(SOURCE_WALLET, true, SOURCE_WALLET_EXPECTED + " (or give " + SOURCES + ")",
                    SOURCE_WALLETS::contains);
        }
        if (HYPERLIQUID.equals(venue)) {
            asset = hyperliquidRule(in, ASSET, asset, HYPERLIQUID_ASSET, "Hyperliquid margins its perps in USDC");
            if (!in.given(SOURCES)) {
                sourceWallet = hyperliquidRule(in, SOURCE_WALLET, sourceWallet, HYPERLIQUID_SOURCE,
                        "Hyperliquid tops up from the account's spot USDC balance");
            }
        }

        // Either form protects on its own; a half-given form is a mistake, whichever the other is.
        boolean movesGiven = in.given(TRIGGER_MOVE_PERCENT) || in.given(TARGET_MOVE_PERCENT);
        boolean ratiosRequired = !movesGiven || in.given(TRIGGER_RATIO) || in.given(TARGET_RATIO);
        BigDecimal trigger = in.number(TRIGGER_RATIO, ratiosRequired, ratioExpected(in, TRIGGER_RATIO, movesGiven),
                AccountValidator::isOpenUnitInterval);
        BigDecimal target = in.number(TARGET_RATIO, ratiosRequired, ratioExpected(in, TARGET_RATIO, movesGiven),
                AccountValidator::isOpenUnitInterval);
        if (trigger != null && target != null && target.compareTo(trigger) >= 0) {
            in.problem(TARGET_RATIO, "must be below triggerRatio (" + render(trigger) + "), got " + render(target));
            target = null;
        }
        BigDecimal maxTransfer = in.number(MAX_TRANSFER, true, CAP_EXPECTED, n -> n.signum() > 0);
        BigDecimal dailyCap = in.number(DAILY_CAP, true, CAP_EXPECTED, n -> n.signum() > 0);
        BigDecimal minTransfer = in.number(MIN_TRANSFER, true, MIN_TRANSFER_EXPECTED, n -> n.signum() >= 0);
        if (minTransfer != null && maxTransfer != null && minTransfer.compareTo(maxTransfer) > 0) {
            in.problem(MIN_TRANSFER, "must not exceed maxTransfer (" + render(maxTransfer) + "), got "
                    + render(minTransfer));
            minTransfer = null;
        }
        Integer cooldown = in.wholeNumber(COOLDOWN_SECONDS, true, COOLDOWN_EXPECTED, 0, MAX_COOLDOWN_SECONDS);
        Integer checkRate = in.wholeNumber(CHECK_RATE_MINUTES, false, CHECK_RATE_EXPECTED, 1, MAX_CHECK_RATE_MINUTES);
        MoveSettings moves = moves(in, movesGiven, checkRate == null ? DEFAULT_CHECK_RATE_MINUTES : checkRate);
        BigDecimal rescueMove = in.number(RESCUE_MOVE_PERCENT, false, MOVE_EXPECTED, AccountValidator::isPercentOfMove);

        // Each key is found one of two ways (decision 0019): a secret of the account's own, or a
        // named entry of the deployment's shared secret. The template's IAM policies let the checker
        // read only PREFIX/read/* and PREFIX/read-keys, and the transfer function PREFIX/transfer/*,
        // PREFIX/read/* and PREFIX/transfer-keys: an id elsewhere would fail at run time.
        String readKeyName = keyName(in, READ_KEY_NAME, READ_SECRET_ID);
        String transferKeyName = keyName(in, TRANSFER_KEY_NAME, TRANSFER_SECRET_ID);
        String readSecretId = in.given(READ_KEY_NAME) ? secretPrefix + READ_KEYS_SECRET
                : in.string(READ_SECRET_ID, true, secretIdExpected("read", READ_KEY_NAME, READ_KEYS_SECRET),
                        s -> isSecretId(s, "read/"));
        String transferSecretId;
        if (in.given(TRANSFER_KEY_NAME)) {
            transferSecretId = secretPrefix + TRANSFER_KEYS_SECRET;
        } else {
            transferSecretId = in.string(TRANSFER_SECRET_ID, true,
                    secretIdExpected("transfer", TRANSFER_KEY_NAME, TRANSFER_KEYS_SECRET),
                    s -> isSecretId(s, "transfer/") || isSecretId(s, "read/"));
            if (transferSecretId != null && isSecretId(transferSecretId, "read/")
                    && !transferSecretId.equals(readSecretId)) {
                in.problem(TRANSFER_SECRET_ID, "must be under \"" + secretPrefix + "transfer/\" (or be the same id as"
                        + " readSecretId, to use one key for both), got \"" + transferSecretId + "\"");
                transferSecretId = null;
            }
        }
        SweepSettings sweep = in.given(SWEEP) ? sweep(in, venue, mode, trigger, target, moves, sources) : null;
        Boolean enabled = in.bool(ENABLED, true);
        Boolean dryRun = in.bool(DRY_RUN, false);
        String venueEndpoint = in.string(VENUE_ENDPOINT, false, ENDPOINT_EXPECTED, AccountValidator::isHttpUrl);

        for (String name : unknownAttributes(item)) {
            in.problem(name, unknownFieldReason(name));
        }

        if (!in.problems.isEmpty()) {
            return new Validation.Invalid(accountId, in.problems);
        }
        AccountConfig config = new AccountConfig(
                accountId, venue, mode, symbol, asset, sourceWallet, trigger, target, maxTransfer, dailyCap,
                minTransfer, Duration.ofSeconds(cooldown),
                checkRate == null ? DEFAULT_CHECK_RATE_MINUTES : checkRate,
                readSecretId, transferSecretId, enabled, dryRun != null && dryRun, venueEndpoint, moves,
                readKeyName, transferKeyName, sources, rescueMove, sweep);
        return new Validation.Valid(config, warnings(config));
    }

    /**
     * The inverse of {@link #validate}: the plain-map item for a config, with defaults written out
     * and absent optional attributes left out.
     */
    public static Map<String, Object> toItem(AccountConfig config) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(ACCOUNT_ID, config.accountId());
        item.put(VENUE, config.venue());
        item.put(MARGIN_MODE, config.marginMode().itemValue());
        if (config.symbol() != null) {
            item.put(SYMBOL, config.symbol());
        }
        item.put(ASSET, config.asset());
        if (config.sources().size() == 1 && config.sources().getFirst().isPlain()) {
            item.put(SOURCE_WALLET, config.sourceWallet());
        } else {
            List<Object> sources = new ArrayList<>();
            for (Source source : config.sources()) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put(SOURCE_WALLET_FIELD, source.wallet());
                if (source.subAccount() != null) {
                    map.put(SOURCE_SUB_ACCOUNT, source.subAccount());
                }
                map.put(SOURCE_FLOOR, source.floor());
                if (source.cap() != null) {
                    map.put(SOURCE_CAP, source.cap());
                }
                sources.add(Collections.unmodifiableMap(map));
            }
            item.put(SOURCES, List.copyOf(sources));
        }
        if (config.hasRatioSettings()) {
            item.put(TRIGGER_RATIO, config.triggerRatio());
            item.put(TARGET_RATIO, config.targetRatio());
        }
        MoveSettings moves = config.moves();
        if (moves != null) {
            item.put(TRIGGER_MOVE_PERCENT, moves.triggerMovePercent());
            item.put(TARGET_MOVE_PERCENT, moves.targetMovePercent());
            item.put(WATCH_BAND_MOVE_PERCENT, moves.watchBandMovePercent());
            item.put(POLL_INTERVAL_SECONDS, BigDecimal.valueOf(moves.pollIntervalSeconds()));
            item.put(VOLATILITY_LOOKBACK_MINUTES, BigDecimal.valueOf(moves.volatilityLookbackMinutes()));
            item.put(VOLATILITY_MULTIPLE, moves.volatilityMultiple());
        }
        if (config.rescueMovePercent() != null) {
            item.put(RESCUE_MOVE_PERCENT, config.rescueMovePercent());
        }
        if (config.sweep() != null) {
            Map<String, Object> sweep = new LinkedHashMap<>();
            sweep.put(SWEEP_AFTER_MINUTES, BigDecimal.valueOf(config.sweep().after().toMinutes()));
            sweep.put(SWEEP_LOOKBACK_DAYS, BigDecimal.valueOf(config.sweep().lookbackDays()));
            sweep.put(SWEEP_DAILY_CAP, config.sweep().dailyCap());
            if (config.sweep().toRatio() != null) {
                sweep.put(SWEEP_TO_RATIO, config.sweep().toRatio());
            }
            item.put(SWEEP, Collections.unmodifiableMap(sweep));
        }
        item.put(MAX_TRANSFER, config.maxTransfer());
        item.put(DAILY_CAP, config.dailyCap());
        item.put(MIN_TRANSFER, config.minTransfer());
        item.put(COOLDOWN_SECONDS, BigDecimal.valueOf(config.cooldown().toSeconds()));
        item.put(CHECK_RATE_MINUTES, BigDecimal.valueOf(config.checkRateMinutes()));
        if (config.readKeyName() == null) {
            item.put(READ_SECRET_ID, config.readSecretId());
        } else {
            item.put(READ_KEY_NAME, config.readKeyName());
        }
        if (config.transferKeyName() == null) {
            item.put(TRANSFER_SECRET_ID, config.transferSecretId());
        } else {
            item.put(TRANSFER_KEY_NAME, config.transferKeyName());
        }
        item.put(ENABLED, config.enabled());
        item.put(DRY_RUN, config.dryRun());
        if (config.venueEndpoint() != null) {
            item.put(VENUE_ENDPOINT, config.venueEndpoint());
        }
        return Collections.unmodifiableMap(item);
    }

    /**
     * The move settings, or {@code null} when the item gives none. The knobs that tune move-based
     * protection mean nothing without it: given alone they are refused rather than silently ignored.
     */
    private static MoveSettings moves(Reader in, boolean movesGiven, int checkRateMinutes) {
        if (!movesGiven) {
            for (String knob : List.of(WATCH_BAND_MOVE_PERCENT, POLL_INTERVAL_SECONDS, VOLATILITY_LOOKBACK_MINUTES,
                    VOLATILITY_MULTIPLE)) {
                if (in.given(knob)) {
                    in.problem(knob, "applies only to move-based protection: give " + TRIGGER_MOVE_PERCENT + " and "
                            + TARGET_MOVE_PERCENT + " too, or remove it");
                }
            }
            return null;
        }
        BigDecimal trigger = in.number(TRIGGER_MOVE_PERCENT, true, MOVE_EXPECTED, AccountValidator::isPercentOfMove);
        BigDecimal target = in.number(TARGET_MOVE_PERCENT, true, MOVE_EXPECTED, AccountValidator::isPercentOfMove);
        if (trigger != null && target != null && target.compareTo(trigger) <= 0) {
            in.problem(TARGET_MOVE_PERCENT, "must be above " + TRIGGER_MOVE_PERCENT + " (" + render(trigger)
                    + "): a top-up that survives no more than the trigger move would trigger again at once, got "
                    + render(target));
            target = null;
        }
        BigDecimal band = in.number(WATCH_BAND_MOVE_PERCENT, false, MOVE_EXPECTED + " and at least "
                + TRIGGER_MOVE_PERCENT + " (default " + MoveSettings.DEFAULT_WATCH_BAND_MULTIPLE.toPlainString()
                + " × " + TRIGGER_MOVE_PERCENT + ")", AccountValidator::isPercentOfMove);
        if (band != null && trigger != null && band.compareTo(trigger) < 0) {
            in.problem(WATCH_BAND_MOVE_PERCENT, "must be at least " + TRIGGER_MOVE_PERCENT + " (" + render(trigger)
                    + "): the checker must be watching before the trigger is reached, got " + render(band));
            band = null;
        }
        Integer poll = in.wholeNumber(POLL_INTERVAL_SECONDS, false, POLL_INTERVAL_EXPECTED, 1, MAX_POLL_INTERVAL_SECONDS);
        if (poll != null && poll >= checkRateMinutes * 60) {
            in.problem(POLL_INTERVAL_SECONDS, "must be shorter than the check interval (" + CHECK_RATE_MINUTES + " "
                    + checkRateMinutes + " = " + checkRateMinutes * 60 + " s), or polling adds nothing, got " + poll);
            poll = null;
        }
        Integer lookback = in.wholeNumber(VOLATILITY_LOOKBACK_MINUTES, false, LOOKBACK_EXPECTED,
                MIN_VOLATILITY_LOOKBACK_MINUTES, MAX_VOLATILITY_LOOKBACK_MINUTES);
        BigDecimal multiple = in.number(VOLATILITY_MULTIPLE, false, MULTIPLE_EXPECTED,
                n -> n.signum() >= 0 && n.compareTo(MAX_VOLATILITY_MULTIPLE) <= 0);
        if (trigger == null || target == null || in.hasProblem(WATCH_BAND_MOVE_PERCENT)
                || in.hasProblem(POLL_INTERVAL_SECONDS) || in.hasProblem(VOLATILITY_LOOKBACK_MINUTES)
                || in.hasProblem(VOLATILITY_MULTIPLE)) {
            return null;
        }
        return new MoveSettings(trigger, target, band == null ? MoveSettings.defaultWatchBandPercent(trigger) : band,
                poll == null ? MoveSettings.DEFAULT_POLL_INTERVAL_SECONDS : poll,
                lookback == null ? MoveSettings.DEFAULT_VOLATILITY_LOOKBACK_MINUTES : lookback,
                multiple == null ? MoveSettings.DEFAULT_VOLATILITY_MULTIPLE : multiple);
    }

    /**
     * The ordered sources, or {@code null} when any is bad; each problem is named by its place, e.g.
     * {@code sources[1].floor}. A source may not be the margin wallet, appear twice, or be a
     * sub-account on a venue whose adapter cannot move between sub-accounts.
     */
    private static List<Source> sources(Reader in, String venue, MarginMode mode) {
        Object raw = in.item.get(SOURCES);
        if (!(raw instanceof List<?> list) || list.isEmpty() || list.size() > MAX_SOURCES) {
            in.problem(SOURCES, "must be " + SOURCES_EXPECTED + ", got " + (raw instanceof List<?> l
                    ? "a list of " + l.size() : describe(raw)));
            return null;
        }
        List<Source> sources = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        int problemsBefore = in.problems.size();
        for (int i = 0; i < list.size(); i++) {
            String at = SOURCES + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                in.problem(at, "must be " + SOURCE_EXPECTED + ", got " + describe(list.get(i)));
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            Reader source = in.nested(fields, at + ".");
            Source read = source(source, venue, mode);
            for (String name : fields.keySet()) {
                if (!List.of(SOURCE_WALLET_FIELD, SOURCE_SUB_ACCOUNT, SOURCE_FLOOR, SOURCE_CAP).contains(name)) {
                    source.problem(name, "unknown field; a source has only wallet, subAccount, floor and cap");
                }
            }
            if (read == null) {
                continue;
            }
            Integer earlier = seen.putIfAbsent(read.label(), i);
            if (earlier != null) {
                source.problem(SOURCE_WALLET_FIELD, "duplicates " + SOURCES + "[" + earlier + "] (" + read.label()
                        + "): list each wallet once");
                continue;
            }
            sources.add(read);
        }
        return in.problems.size() == problemsBefore ? sources : null;
    }

    /**
     * The sweep-back settings, or {@code null} when any is bad, each problem named by its place
     * ({@code sweep.toRatio}). A sweep may never leave the account at or past its trigger: {@code toRatio}
     * (default the target) is at most the target ratio; an account protected by moves alone has no ratio to
     * leave, and sweeps down to what survives its target move (decision 0030). With several sources each
     * gets back what was drawn from it.
     */
    private static SweepSettings sweep(Reader in, String venue, MarginMode mode, BigDecimal trigger, BigDecimal target,
            MoveSettings moves, List<Source> sources) {
        if (!(in.item.get(SWEEP) instanceof Map<?, ?> map)) {
            in.problem(SWEEP, "must be a map (M) with afterMinutes (N), lookbackDays (N), dailyCap (N) and optionally"
                    + " toRatio (N), got " + describe(in.item.get(SWEEP)));
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        Reader sweep = in.nested(fields, SWEEP + ".");
        int problemsBefore = in.problems.size();
        for (String name : fields.keySet()) {
            if (!List.of(SWEEP_AFTER_MINUTES, SWEEP_LOOKBACK_DAYS, SWEEP_DAILY_CAP, SWEEP_TO_RATIO).contains(name)) {
                sweep.problem(name, "unknown field; a sweep has only afterMinutes, lookbackDays, dailyCap and toRatio");
            }
        }
        if (venue != null && !SWEEP_VENUES.contains(venue)) {
            in.problem(SWEEP, "sweep is not available on venue " + venue + " yet: its adapter cannot move margin back"
                    + " out; remove sweep");
        }
        if (mode == MarginMode.ISOLATED && venue != null && !ISOLATED_SWEEP_VENUES.contains(venue)) {
            in.problem(SWEEP, "sweep of an isolated position is not available on venue " + venue + " yet: its adapter"
                    + " cannot reduce a position's margin; remove sweep");
        }
        boolean ratioPair = in.given(TRIGGER_RATIO) && in.given(TARGET_RATIO);
        boolean movesGiven = in.given(TRIGGER_MOVE_PERCENT) || in.given(TARGET_MOVE_PERCENT);
        if (sources != null && sources.stream().anyMatch(source -> source.subAccount() != null)) {
            // A sweep leg goes back to the account's own wallet by name (decision 0030), never to a sub-account.
            in.problem(SWEEP, "a sweep returns to the account's own wallets, never to a sub-account; remove sweep");
        }
        if (!ratioPair && !movesGiven) {
            in.problem(SWEEP, "needs triggerRatio and targetRatio, or triggerMovePercent and targetMovePercent: a sweep"
                    + " leaves the account at a margin ratio, or surviving its target move");
        }
        if (!ratioPair && movesGiven && fields.containsKey(SWEEP_TO_RATIO)) {
            sweep.problem(SWEEP_TO_RATIO, "contradicts an account protected by moves alone: it has no targetRatio to"
                    + " stay at or below, and its sweep leaves it surviving targetMovePercent; remove toRatio, or give"
                    + " triggerRatio and targetRatio");
        }
        Integer after = sweep.wholeNumber(SWEEP_AFTER_MINUTES, true, "a whole number (N) of minutes from 1 to "
                + MAX_SWEEP_AFTER_MINUTES + ": how long the account stays below its target before a sweep",
                1, MAX_SWEEP_AFTER_MINUTES);
        Integer lookback = sweep.wholeNumber(SWEEP_LOOKBACK_DAYS, true, "a whole number (N) of days from 1 to "
                + MAX_SWEEP_LOOKBACK_DAYS + ": only top-ups this recent are swept back", 1, MAX_SWEEP_LOOKBACK_DAYS);
        BigDecimal cap = sweep.number(SWEEP_DAILY_CAP, true, CAP_EXPECTED + ": the most swept back in one UTC day",
                n -> n.signum() > 0);
        BigDecimal toRatio = sweep.number(SWEEP_TO_RATIO, false, RATIO_EXPECTED
                + ", at most targetRatio: the margin ratio a sweep leaves the account at", AccountValidator::isOpenUnitInterval);
        if (toRatio != null && trigger != null && toRatio.compareTo(trigger) >= 0) {
            sweep.problem(SWEEP_TO_RATIO, "would cross the trigger: a sweep must leave the account below triggerRatio ("
                    + render(trigger) + ") and at most at targetRatio, got " + render(toRatio));
        } else if (toRatio != null && target != null && toRatio.compareTo(target) > 0) {
            sweep.problem(SWEEP_TO_RATIO, "must be at most targetRatio (" + render(target) + "): a sweep never leaves"
                    + " less margin than the target needs, got " + render(toRatio));
        }
        if (in.problems.size() != problemsBefore || (target == null && moves == null) || (movesGiven && moves == null)) {
            return null;
        }
        // Moves alone: no ratio; the sweep keeps what survives the target move (SweepPolicy).
        return new SweepSettings(Duration.ofMinutes(after), lookback, cap, toRatio == null ? target : toRatio);
    }

    private static Source source(Reader source, String venue, MarginMode mode) {
        Object wallet = source.item.get(SOURCE_WALLET_FIELD);
        if (wallet instanceof String w && MARGIN_WALLETS.contains(w.strip().toUpperCase(Locale.ROOT))) {
            source.problem(SOURCE_WALLET_FIELD, "is the margin wallet itself, got " + quote(w)
                    + ": a top-up moves from another wallet of the owner into it");
            return null;
        }
        String name = source.string(SOURCE_WALLET_FIELD, true, SOURCE_WALLET_NAME_EXPECTED,
                w -> SOURCE_WALLETS.contains(w) || Source.SUB_ACCOUNT.equals(w));
        String subAccount = null;
        if (Source.SUB_ACCOUNT.equals(name)) {
            subAccount = source.string(SOURCE_SUB_ACCOUNT, true, "a string (S) naming the owner's sub-account",
                    s -> SUB_ACCOUNT_FORMAT.matcher(s).matches());
            if (venue != null && !SUB_ACCOUNT_VENUES.contains(venue)) {
                source.problem(SOURCE_WALLET_FIELD, "SUBACCOUNT: the " + venue + " adapter cannot move money between"
                        + " sub-accounts; list FUNDING or SPOT wallets of this account instead");
                name = null;
            } else if (mode == MarginMode.ISOLATED) {
                source.problem(SOURCE_WALLET_FIELD, "SUBACCOUNT: a sub-account tops up a cross account only; list the"
                        + " account's own wallets for an isolated position");
                name = null;
            } else if ("bybit-v5".equals(venue) && subAccount != null && !subAccount.matches("[0-9]{1,19}")) {
                source.problem(SOURCE_SUB_ACCOUNT, "on bybit-v5 names the sub-account by its UID (digits), got "
                        + quote(subAccount));
            }
        } else if (source.given(SOURCE_SUB_ACCOUNT)) {
            source.problem(SOURCE_SUB_ACCOUNT, "applies only to a SUBACCOUNT wallet; remove it");
        }
        String refusal = name == null ? null : walletRefusal(venue, mode, name);
        if (refusal != null) {
            source.problem(SOURCE_WALLET_FIELD, refusal);
            name = null;
        }
        BigDecimal floor = source.number(SOURCE_FLOOR, false, FLOOR_EXPECTED, n -> n.signum() >= 0);
        BigDecimal cap = source.number(SOURCE_CAP, false, SOURCE_CAP_EXPECTED, n -> n.signum() > 0);
        if (name == null || source.hasProblem(SOURCE_FLOOR) || source.hasProblem(SOURCE_CAP)
                || source.hasProblem(SOURCE_SUB_ACCOUNT)) {
            return null;
        }
        return new Source(name, subAccount, floor == null ? BigDecimal.ZERO : floor, cap);
    }

    /** A missing ratio, with neither form given, says that moves would do instead. */
    private static String ratioExpected(Reader in, String field, boolean movesGiven) {
        return movesGiven || in.item.containsKey(field) ? RATIO_EXPECTED : RATIO_OR_MOVES_EXPECTED;
    }

    private static boolean isPercentOfMove(BigDecimal n) {
        return n.signum() > 0 && n.compareTo(new BigDecimal("100")) < 0;
    }

    /** In cross mode the whole account is protected, so a symbol would be silently ignored: refuse it. */
    /** A venue rule on a field that passed the general check: the value the venue needs, or a problem. */
    private static String hyperliquidRule(Reader in, String field, String value, String required, String why) {
        if (value == null || value.equals(required)) {
            return value;
        }
        in.problem(field, "must be " + required + " for venue " + HYPERLIQUID + " (" + why + "), got " + quote(value));
        return null;
    }

    private static String symbol(Reader in, MarginMode mode, String venue) {
        Object raw = in.item.get(SYMBOL);
        boolean absentOrEmpty = raw == null || "".equals(raw);
        if (mode == MarginMode.ISOLATED && absentOrEmpty) {
            in.problem(SYMBOL, "required when marginMode is isolated; must be " + SYMBOL_EXPECTED
                    + (raw == null ? "" : ", got \"\""));
            return null;
        }
        if (mode == MarginMode.CROSS && !absentOrEmpty) {
            in.problem(SYMBOL, "must be absent or empty when marginMode is cross, got "
                    + (raw instanceof String s ? quote(s) : describe(raw)));
            return null;
        }
        if (absentOrEmpty) {
            return null;
        }
        if (HYPERLIQUID.equals(venue)) {
            return in.string(SYMBOL, false, HYPERLIQUID_SYMBOL_EXPECTED, s -> HYPERLIQUID_COIN.matcher(s).matches());
        }
        return in.string(SYMBOL, false, SYMBOL_EXPECTED, s -> SYMBOL_FORMAT.matcher(s).matches());
    }

    private String secretIdExpected(String role, String keyNameField, String sharedSecret) {
        return "a string (S) without whitespace starting with \"" + secretPrefix + role + "/\", e.g. \""
                + secretPrefix + role + "/my-account\" (or give " + keyNameField + " instead: a key's name in the"
                + " shared secret " + secretPrefix + sharedSecret + ")";
    }

    /**
     * A key's name in a shared secret, or {@code null} when the account uses a secret of its own.
     * Nothing takes precedence: naming a shared key and a secret id for the same role is a
     * contradiction, refused, because which key may move money is never a guess.
     */
    private static String keyName(Reader in, String keyNameField, String secretIdField) {
        if (!in.given(keyNameField)) {
            return null;
        }
        if (in.given(secretIdField)) {
            in.problem(keyNameField, "contradicts " + secretIdField + ": give one of them, " + secretIdField
                    + " for a secret of the account's own or " + keyNameField + " for a key of the shared secret");
            return null;
        }
        return in.string(keyNameField, true, KEY_NAME_EXPECTED, s -> KEY_NAME_FORMAT.matcher(s).matches());
    }

    private boolean isSecretId(String s, String role) {
        String under = secretPrefix + role;
        return s.startsWith(under) && s.length() > under.length() && !hasWhitespace(s);
    }

    private static boolean isOpenUnitInterval(BigDecimal n) {
        return n.signum() > 0 && n.compareTo(BigDecimal.ONE) < 0;
    }

    private static boolean isHttpUrl(String s) {
        if (hasWhitespace(s)) {
            return false;
        }
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean hasWhitespace(String s) {
        return s.chars().anyMatch(Character::isWhitespace);
    }

    private static List<String> warnings(AccountConfig config) {
        List<String> warnings = new ArrayList<>();
        if (config.hasRatioSettings() && config.moves() != null) {
            warnings.add(BOTH_FORMS);
        }
        if (config.sharesOneKey()) {
            warnings.add("one API key is used for reading and transferring; give the checker a read-only key");
        }
        if (config.dailyCap().compareTo(config.maxTransfer()) < 0) {
            warnings.add("dailyCap (" + render(config.dailyCap()) + ") is below maxTransfer ("
                    + render(config.maxTransfer()) + "): no transfer will exceed the daily cap");
        }
        return warnings;
    }

    private static List<String> unknownAttributes(Map<String, Object> item) {
        List<String> unknown = new ArrayList<>();
        for (Object key : item.keySet()) {
            String name = String.valueOf(key);
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        Collections.sort(unknown);
        return unknown;
    }

    private static String unknownFieldReason(String name) {
        // "accountId " or a blank name would be invisible in "name: reason"; show it quoted.
        String unknown = name.isEmpty() || hasWhitespace(name) || name.chars().anyMatch(Character::isISOControl)
                ? "unknown field " + quote(name)
                : "unknown field";
        String closest = closestField(name.strip());
        if (closest != null) {
            return unknown + "; did you mean " + closest + "?";
        }
        return unknown + "; an account item has only " + String.join(", ", FIELDS);
    }

    /** A known field the name was probably meant to be: same but for case, a typo or two, or a shortening. */
    static String closestField(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String field : FIELDS) {
            String known = field.toLowerCase(Locale.ROOT);
            int distance = Spelling.distance(known, wanted);
            if (distance > 2 && wanted.length() >= 4 && (known.startsWith(wanted) || wanted.startsWith(known))) {
                distance = 3;
            }
            if (distance <= 3 && distance < bestDistance) {
                best = field;
                bestDistance = distance;
            }
        }
        return best;
    }


    /** A value as the user wrote it, with its DynamoDB type, for "got ..." after a type mismatch. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> "string " + quote(s);
            case BigDecimal n -> "number " + render(n);
            case Boolean b -> "boolean " + b;
            case List<?> l -> "a list (L)";
            case Map<?, ?> m -> "a map (M)";
            case Set<?> s -> "a set (SS, NS or BS)";
            case byte[] b -> "binary (B)";
            case ByteBuffer b -> "binary (B)";
            default -> "a value of Java type " + value.getClass().getSimpleName();
        };
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String render(BigDecimal n) {
        // toPlainString of 1E+999999999 would be a gigabyte of zeros.
        return Math.abs(n.scale()) > 40 ? n.toString() : n.toPlainString();
    }

    /** Reads attributes one by one, collecting a problem for each bad one instead of stopping. */
    private static final class Reader {
        final Map<String, Object> item;
        final List<FieldProblem> problems;
        /** Put before every field name: {@code sources[1].} for a source's fields, empty for the item's. */
        private final String prefix;

        Reader(Map<String, Object> item) {
            this(item, "", new ArrayList<>());
        }

        private Reader(Map<String, Object> item, String prefix, List<FieldProblem> problems) {
            this.item = item;
            this.prefix = prefix;
            this.problems = problems;
        }

        /** A reader of a map inside the item whose problems join this one's, named under {@code prefix}. */
        Reader nested(Map<String, Object> map, String prefix) {
            return new Reader(map, this.prefix + prefix, problems);
        }

        void problem(String field, String reason) {
            problems.add(new FieldProblem(prefix + field, reason));
        }

        boolean hasProblem(String field) {
            return problems.stream().anyMatch(p -> p.field().equals(prefix + field));
        }

        /** Present with a value; a NULL optional attribute counts as absent. */
        boolean given(String field) {
            return item.get(field) != null;
        }

        /** The value, or {@code null} when absent; a required absent value is a problem. */
        private Object present(String field, boolean required, String expected) {
            Object value = item.get(field);
            if (value == null && required) {
                problem(field, item.containsKey(field)
                        ? "must be " + expected + ", got NULL"
                        : "missing; must be " + expected);
            }
            return value;
        }

        String string(String field, boolean required, String expected, Predicate<String> valid) {
            Object value = present(field, required, expected);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                problem(field, "must be " + expected + ", got " + describe(value));
                return null;
            }
            if (!valid.test(s)) {
                String hint = !required && s.isBlank() ? "; remove the attribute to leave it unset" : suggestion(s, valid);
                problem(field, "must be " + expected + ", got " + quote(s) + hint);
                return null;
            }
            return s;
        }

        BigDecimal number(String field, boolean required, String expected, Predicate<BigDecimal> valid) {
            Object value = present(field, required, expected);
            if (value == null) {
                return null;
            }
            if (!(value instanceof BigDecimal n)) {
                problem(field, "must be " + expected + ", got " + describe(value) + numberHint(value));
                return null;
            }
            if (!valid.test(n)) {
                problem(field, "must be " + expected + ", got " + render(n));
                return null;
            }
            return n;
        }

        Integer wholeNumber(String field, boolean required, String expected, int min, int max) {
            BigDecimal n = number(field, required, expected, v -> v.compareTo(BigDecimal.valueOf(min)) >= 0
                    && v.compareTo(BigDecimal.valueOf(max)) <= 0
                    && v.stripTrailingZeros().scale() <= 0);
            return n == null ? null : n.intValueExact();
        }

        Boolean bool(String field, boolean required) {
            Object value = present(field, required, BOOLEAN_EXPECTED);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Boolean b)) {
                String hint = value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                        ? "; write {\"BOOL\": " + s.toLowerCase(Locale.ROOT) + "}, not {\"S\": " + quote(s) + "}"
                        : "";
                problem(field, "must be " + BOOLEAN_EXPECTED + ", got " + describe(value) + hint);
                return null;
            }
            return b;
        }

        /** Numbers written as strings are the commonest mistake in hand-written items; say how to fix it. */
        private static String numberHint(Object value) {
            if (value instanceof String s) {
                try {
                    new BigDecimal(s.trim());
                    return "; write {\"N\": " + quote(s.trim()) + "}, not {\"S\": " + quote(s) + "}";
                } catch (NumberFormatException e) {
                    return "";
                }
            }
            return "";
        }

        /** "did you mean USDT?" when only case or surrounding whitespace is wrong. */
        private static String suggestion(String s, Predicate<String> valid) {
            String trimmed = s.strip();
            for (String candidate : List.of(trimmed, trimmed.toUpperCase(Locale.ROOT), trimmed.toLowerCase(Locale.ROOT))) {
                if (!candidate.equals(s) && valid.test(candidate)) {
                    return "; did you mean " + quote(candidate) + "?";
                }
            }
            return "";
        }
    }
}
