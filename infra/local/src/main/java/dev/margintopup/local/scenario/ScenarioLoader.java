package dev.margintopup.local.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.account.FieldProblem;
import dev.margintopup.account.Validation;
import dev.margintopup.local.candles.CandleFile;
import dev.margintopup.local.candles.CandleFileException;
import dev.margintopup.local.candles.CandleFormat;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.paper.Fault;
import dev.margintopup.paper.MaintenanceTier;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads scenario files: {@code infra/scenarios/<name>.json} for the built-in ones, any path
 * otherwise. Every problem is reported with the file, the JSON path and what to write instead;
 * unknown fields are refused, since a misspelt setting silently left at its default would make
 * a scenario prove something else than it says.
 *
 * <p>The format, with optional fields marked {@code ?}:
 * <pre>{@code
 * {
 *   "name": "crash-30",                      // the file's name without .json
 *   "description": "...",
 *   "notes"?: ["...", "..."],                // free text: why the numbers are what they are
 *   "symbol": "BTCUSDT",
 *   "start": "2025-03-03T00:00:00Z",
 *   "minutes": 60,
 *   "tiers": [{"upTo": "50000", "rate": "0.004", "deduction": "0"}, ..., {"rate": "0.025"}],
 *   "pricePath": {"type": "keyframes", "tick"?: "0.1", "points": [[0, "60000"], [60, "42000"]]}
 *             or {"type": "jump-diffusion", "tick"?: "0.1", "start": "60000", "driftPerYear"?: 0,
 *                 "volatilityPerYear": 0.8, "jumpsPerDay"?: 0, "jumpMean"?: 0, "jumpStd"?: 0, "seed": 7}
 *             or {"type": "candles", "file": "candles/btc.csv", "format"?: "auto", "tick"?: "0.1"},
 *   "accounts": [{
 *     "id": "desk-cross", "managed": true, "marginMode": "cross",
 *     "wallets": {"FUTURES": "24000", "FUNDING": "20000", "SPOT"?: "0"},
 *     "position": {"side": "long", "quantity": "2", "entryPrice": "60000", "leverage"?: 5,
 *                  "isolatedMargin"?: "12000", "tiers"?: [...]},
 *     "config"?: {"triggerRatio": "0.8", "targetRatio": "0.6", "maxTransfer": "5000", "dailyCap": "20000",
 *                 "minTransfer": "10", "cooldownSeconds": 120, "checkRateMinutes": 1, "sourceWallet": "FUNDING",
 *                 "triggerMovePercent"?: "3", "targetMovePercent"?: "8", "watchBandMovePercent"?: "6",
 *                 "pollIntervalSeconds"?: 10,
 *                 "sources"?: [{"wallet": "FUNDING", "floor"?: "2000", "cap"?: "5000"}, {"wallet": "SPOT"}],
 *                 "rescueMovePercent"?: "15",     // sources in place of sourceWallet, drawn in order (decision 0026)
 *                 "sweep"?: {"afterMinutes": 15, "lookbackDays": 1, "dailyCap": "30000", "toRatio"?: "0.5"}}
 *                                              // excess back to the sources once calm (decisions 0027, 0030)
 *   }],
 *   "compare"?: false,                       // true: every run plays the managed accounts side by side
 *   "faults"?: [{"type": "LOSE_RESPONSE", "pathPrefix": "/api/v1/transfers", "fromMinute": 10, "toMinute": 40,
 *                "probability"?: 1, "count"?: 0, "delayMillis"?: 0, "seed"?: 0}]
 * }
 * }</pre>
 * Amounts and prices may be JSON numbers or decimal strings. The symbol's {@code tiers} apply to
 * every position that does not name its own. A deduction left out keeps maintenance continuous.
 *
 * <p>A {@code candles} path replays an exported candle file ({@link CandleReplay}, formats in
 * {@link CandleFormat}); its {@code file} is relative to the
 * scenario file. With it, {@code start} defaults to the file's first minute and {@code minutes}
 * to the file's length; keyframes have no wicks, jump diffusion draws seeded ones
 * ({@link PricePath#candleAt}).
 */
public final class ScenarioLoader {

    /** The scenario played when none is named. */
    public static final String DEFAULT_NAME = "crash-30";
    public static final List<String> PRICE_PATH_TYPES = List.of("keyframes", "jump-diffusion", "candles");
    public static final String DEFAULT_TICK = "0.1";
    /** A week: long enough for any story, short enough to replay in a test. */
    public static final int MAX_MINUTES = 7 * 24 * 60;

    private static final String SCENARIOS = "infra/scenarios";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,32}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,48}");
    private static final List<String> WALLETS = List.of("FUTURES", "FUNDING", "SPOT");
    private static final List<String> SOURCE_WALLETS = List.of("FUNDING", "SPOT");

    private static final Set<String> TOP_FIELDS = Set.of(
            "name", "description", "notes", "symbol", "start", "minutes", "tiers", "pricePath", "accounts", "faults",
            "compare");
    private static final Set<String> KEYFRAME_FIELDS = Set.of("type", "tick", "points");
    private static final Set<String> CANDLE_FIELDS = Set.of("type", "tick", "file", "format");
    private static final Set<String> JUMP_FIELDS = Set.of("type", "tick", "start", "driftPerYear",
            "volatilityPerYear", "jumpsPerDay", "jumpMean", "jumpStd", "seed");
    private static final Set<String> ACCOUNT_FIELDS = Set.of(
            "id", "managed", "marginMode", "wallets", "position", "config");
    private static final Set<String> POSITION_FIELDS = Set.of(
            "side", "quantity", "entryPrice", "leverage", "isolatedMargin", "tiers");
    private static final Set<String> TIER_FIELDS = Set.of("upTo", "rate", "deduction");
    private static final Set<String> FAULT_FIELDS = Set.of(
            "type", "pathPrefix", "fromMinute", "toMinute", "probability", "count", "delayMillis", "seed");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ScenarioLoader() {}

    /** Reads a scenario file; problems name the file as given. */
    public static Scenario load(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException(label, "", "cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return parse(label, text, null, file.toAbsolutePath().getParent());
    }

    /**
     * The built-in scenario {@code infra/scenarios/<name>.json} of this repository, found by
     * walking up from the working directory to the folder that holds {@code template.yaml}.
     */
    public static Scenario builtIn(String name) {
        String label = SCENARIOS + "/" + name + ".json";
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ScenarioException(label, "", "a built-in scenario's name is lower-case letters, digits"
                    + " and '-'; built-in ones: " + String.join(", ", builtInNames()));
        }
        Path file = scenariosDirectory().resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            List<String> known = builtInNames();
            String guess = JsonField.closest(name, known);
            throw new ScenarioException(label, "", "no such built-in scenario"
                    + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                    + " Built-in ones: " + String.join(", ", known));
        }
        try {
            return parse(label, Files.readString(file, StandardCharsets.UTF_8), name, file.getParent());
        } catch (IOException e) {
            throw new ScenarioException(label, "", "cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The names of the built-in scenarios, sorted, the default among them. */
    public static List<String> builtInNames() {
        try (Stream<Path> files = Files.list(scenariosDirectory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ScenarioException(SCENARIOS, "", "cannot list the built-in scenarios ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** {@code infra/scenarios} of the repository the working directory is in. */
    public static Path scenariosDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve(SCENARIOS);
            }
        }
        throw new ScenarioException(SCENARIOS, "", "no template.yaml in " + cwd + " or any folder above it: run"
                + " from inside the margin-topup repository, or load the scenario file by its path");
    }

    /**
     * Reads scenario JSON; {@code source} names it in problems.
     *
     * @param expectedName the name the scenario must carry (a built-in file's name), or {@code null}
     */
    public static Scenario parse(String source, String json, String expectedName) {
        return parse(source, json, expectedName, Path.of("").toAbsolutePath());
    }

    /**
     * As {@link #parse(String, String, String)}; a candle file named by the scenario is found
     * relative to {@code directory}.
     */
    public static Scenario parse(String source, String json, String expectedName, Path directory) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw ScenarioException.notJson(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ScenarioException(source, "", "the file is empty; a scenario is a JSON object {...}");
        }
        return new Reading(directory).scenario(new JsonField(source, "", root), expectedName);
    }

    /** One pass over one file. */
    private static final class Reading {

        private final Path directory;

        Reading(Path directory) {
            this.directory = directory;
        }

        Scenario scenario(JsonField root, String expectedName) {
            root.object(TOP_FIELDS);
            String name = root.required("name").text();
            if (!NAME.matcher(name).matches()) {
                throw root.child("name").problem("must be lower-case letters, digits and '-', e.g. \"crash-30\","
                        + " got \"" + name + "\"");
            }
            if (expectedName != null && !name.equals(expectedName)) {
                throw root.child("name").problem("must be the file's name \"" + expectedName + "\", got \""
                        + name + "\"");
            }
            String description = root.required("description").text();
            if (root.has("notes")) {
                notes(root.child("notes"));
            }
            String symbol = symbol(root.required("symbol"));
            JsonField pathField = root.required("pricePath");
            CandleReplay replay = isCandles(pathField) ? candles(pathField) : null;
            var start = replay != null && !root.has("start") ? replay.firstOpenTime() : root.required("start").instant();
            int minutes;
            if (replay != null && !root.has("minutes")) {
                minutes = replay.lastMinute();
                if (minutes < 1) {
                    throw pathField.child("file").problem("holds a single minute; a replay needs at least two");
                }
                if (minutes > MAX_MINUTES) {
                    throw pathField.child("file").problem("covers " + minutes + " minutes; give \"minutes\" up to "
                            + MAX_MINUTES + " to replay its start");
                }
            } else {
                minutes = root.required("minutes").whole(1, MAX_MINUTES, "minutes");
            }
            List<MaintenanceTier> symbolTiers = root.has("tiers") ? tiers(root.child("tiers")) : null;
            PricePath path = replay != null ? replay : pricePath(pathField, minutes);
            List<ScenarioAccount> accounts = accounts(root.required("accounts"), symbol, symbolTiers, path);
            List<FaultSpec> faults = root.has("faults") ? faults(root.child("faults"), minutes) : List.of();
            boolean compare = root.has("compare") && root.child("compare").bool();
            return new Scenario(name, description, symbol, start, minutes, path, accounts, faults, compare);
        }

        /** Free text for people: a string or a list of strings, read only to refuse anything else. */
        private void notes(JsonField notes) {
            if (notes.isList()) {
                notes.list().forEach(JsonField::text);
            } else {
                notes.text();
            }
        }

        private String symbol(JsonField field) {
            String symbol = field.text();
            if (!SYMBOL.matcher(symbol).matches()) {
                throw field.problem("must be a symbol of capitals and digits, e.g. \"BTCUSDT\", got \"" + symbol + "\"");
            }
            try {
                PaperPosition.cross(symbol, Side.LONG, "1", "1", "0");
            } catch (IllegalArgumentException e) {
                throw field.problem("must be a linear perpetual quoted in its margin asset, e.g. \"BTCUSDT\" ("
                        + e.getMessage() + ")");
            }
            return symbol;
        }

        // ---- price path ----

        private static boolean isCandles(JsonField field) {
            return field.has("type") && field.child("type").text().equals("candles");
        }

        /** The exported candle file the path names, read and checked now: a bad row stops the load. */
        private CandleReplay candles(JsonField field) {
            field.object(CANDLE_FIELDS);
            JsonField fileField = field.required("file");
            String format = field.has("format")
                    ? field.child("format").oneOf(CandleFormat.ids())
                    : CandleFormat.AUTO;
            Path file = directory.resolve(fileField.text()).normalize();
            if (!Files.isRegularFile(file)) {
                throw fileField.problem("no such file " + file + " (a candle file's path is relative to the"
                        + " scenario file)");
            }
            CandleFile candles;
            try {
                candles = CandleFile.read(file, format);
            } catch (CandleFileException e) {
                throw fileField.problem(e.getMessage());
            }
            return field.has("tick")
                    ? new CandleReplay(candles, field.child("tick").positive())
                    : CandleReplay.of(candles);
        }

        private PricePath pricePath(JsonField field, int minutes) {
            field.object(unionOf(unionOf(KEYFRAME_FIELDS, JUMP_FIELDS), CANDLE_FIELDS));
            JsonField typeField = field.required("type");
            String type = typeField.text();
            if (!PRICE_PATH_TYPES.contains(type)) {
                String guess = JsonField.closest(type, PRICE_PATH_TYPES);
                throw typeField.problem("unknown price path type \"" + type + "\""
                        + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                        + " Known types: " + JsonField.quoted(PRICE_PATH_TYPES));
            }
            BigDecimal tick = field.has("tick") ? field.child("tick").positive() : new BigDecimal(DEFAULT_TICK);
            PricePath path = switch (type) {
                case "keyframes" -> keyframes(field.object(KEYFRAME_FIELDS), tick, minutes);
                default -> jumpDiffusion(field.object(JUMP_FIELDS), tick);
            };
            for (int m = 0; m <= minutes; m++) {
                BigDecimal price = path.priceAt(m);
                if (price.signum() <= 0) {
                    throw field.problem("the price reaches " + plain(price) + " at minute " + m
                            + "; a mark price must stay positive: use a smaller tick, less volatility or smaller jumps");
                }
            }
            return path;
        }

        private Keyframes keyframes(JsonField field, BigDecimal tick, int minutes) {
            List<JsonField> given = field.required("points").list();
            if (given.isEmpty()) {
                throw field.child("points").problem("needs at least one [minute, price] point, the first at minute 0");
            }
            List<Keyframes.Point> points = new ArrayList<>();
            for (JsonField point : given) {
                List<JsonField> pair = point.list();
                if (pair.size() != 2) {
                    throw point.problem("must be a pair [minute, price], e.g. [10, \"58000\"]");
                }
                int minute = pair.get(0).whole(0, minutes, "minutes (the scenario lasts " + minutes + ")");
                if (points.isEmpty() && minute != 0) {
                    throw pair.get(0).problem("the first point must be at minute 0, got " + minute);
                }
                if (!points.isEmpty() && minute <= points.getLast().minute()) {
                    throw pair.get(0).problem("must come after the previous point's minute "
                            + points.getLast().minute() + ", got " + minute);
                }
                points.add(new Keyframes.Point(minute, pair.get(1).positive()));
            }
            return new Keyframes(points, tick);
        }

        private JumpDiffusion jumpDiffusion(JsonField field, BigDecimal tick) {
            BigDecimal start = field.required("start").positive();
            double drift = optionalReal(field, "driftPerYear", -100, 100, "a yearly drift from -100 to 100 (0.1 is 10 %)");
            double volatility = field.required("volatilityPerYear")
                    .real(0, 20, "a yearly volatility from 0 to 20 (0.8 is 80 % a year)");
            double jumps = optionalReal(field, "jumpsPerDay", 0, 1440, "a number of jumps a day from 0 to 1440");
            double jumpMean = optionalReal(field, "jumpMean", -1, 1, "a mean log-jump from -1 to 1 (-0.03 is a 3 % drop)");
            double jumpStd = optionalReal(field, "jumpStd", 0, 1, "a log-jump standard deviation from 0 to 1");
            long seed = field.required("seed").wholeLong("a whole number that seeds the path");
            return new JumpDiffusion(start, drift, volatility, jumps, jumpMean, jumpStd, seed, tick);
        }

        private static double optionalReal(JsonField field, String name, double min, double max, String expected) {
            return field.has(name) ? field.child(name).real(min, max, expected) : 0;
        }

        // ---- tiers ----

        private List<MaintenanceTier> tiers(JsonField field) {
            List<MaintenanceTier> tiers = new ArrayList<>();
            for (JsonField tier : field.list()) {
                tier.object(TIER_FIELDS);
                BigDecimal rate = tier.required("rate").notNegative();
                if (rate.compareTo(BigDecimal.ONE) >= 0) {
                    throw tier.child("rate").problem("must be a maintenance rate below 1, e.g. \"0.004\", got "
                            + rate.toPlainString());
                }
                BigDecimal upTo = tier.has("upTo") ? tier.child("upTo").positive() : null;
                BigDecimal deduction;
                if (tier.has("deduction")) {
                    deduction = tier.child("deduction").notNegative();
                } else if (!tiers.isEmpty() && tiers.getLast().upTo() == null) {
                    throw tier.problem("follows a tier without upTo; only the last tier may omit upTo");
                } else {
                    deduction = MaintenanceTier.continuousDeduction(tiers.isEmpty() ? null : tiers.getLast(), rate);
                }
                tiers.add(new MaintenanceTier(upTo, rate, deduction));
            }
            try {
                return MaintenanceTier.schedule(tiers);
            } catch (IllegalArgumentException e) {
                throw field.problem(e.getMessage());
            }
        }

        // ---- accounts ----

        private List<ScenarioAccount> accounts(
                JsonField field, String symbol, List<MaintenanceTier> symbolTiers, PricePath path) {
            List<JsonField> given = field.list();
            if (given.isEmpty()) {
                throw field.problem("needs at least one account");
            }
            Set<String> ids = new HashSet<>();
            List<ScenarioAccount> accounts = new ArrayList<>();
            for (JsonField entry : given) {
                ScenarioAccount account = account(entry, symbol, symbolTiers);
                if (!ids.add(account.id())) {
                    throw entry.child("id").problem("\"" + account.id() + "\" is used by an earlier account;"
                            + " give each account its own id");
                }
                MarginPreview.Minute first = MarginPreview.replay(account.id(), account.paperPosition(symbol),
                        MarginPreview.backingMargin(account, account.paperPosition(symbol)), path, 0).minutes().getFirst();
                if (first.liquidated()) {
                    throw entry.problem("starts liquidated: maintenance " + plain(first.maintenance())
                            + " against a margin balance of " + plain(first.marginBalance()) + " at the first price "
                            + plain(first.price()) + "; give it more margin ("
                            + (account.marginType() == dev.margintopup.paper.MarginType.CROSS
                                    ? "wallets.FUTURES" : "position.isolatedMargin or a lower position.leverage")
                            + ") or a smaller position.quantity");
                }
                accounts.add(account);
            }
            return accounts;
        }

        private ScenarioAccount account(JsonField field, String symbol, List<MaintenanceTier> symbolTiers) {
            field.object(ACCOUNT_FIELDS);
            JsonField idField = field.required("id");
            String id = idField.text();
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw idField.problem("must be 1 to 48 letters, digits, '_', '.' or '-' (it becomes part of"
                        + " schedule names), got \"" + id + "\"");
            }
            boolean managed = field.required("managed").bool();
            String mode = field.required("marginMode").oneOf(List.of("cross", "isolated"));
            Map<String, BigDecimal> wallets = wallets(field.required("wallets"));
            PositionSpec position = position(field.required("position"), mode, symbolTiers);
            if (mode.equals("cross") && wallets.getOrDefault("FUTURES", BigDecimal.ZERO).signum() <= 0) {
                throw field.child("wallets").child("FUTURES").problem("a cross account's margin is its FUTURES"
                        + " wallet; give it a positive balance, e.g. \"FUTURES\": \"24000\"");
            }
            Map<String, Object> config = field.has("config") ? config(field.child("config")) : Map.of();
            ScenarioAccount account;
            try {
                account = new ScenarioAccount(id, managed, mode, wallets, position, config);
            } catch (IllegalArgumentException e) {
                throw field.problem(e.getMessage());
            }
            asTheProductReadsIt(field, account, symbol);
            return account;
        }

        private Map<String, BigDecimal> wallets(JsonField field) {
            field.object(Set.copyOf(WALLETS));
            Map<String, BigDecimal> wallets = new LinkedHashMap<>();
            field.entries().forEach((name, amount) -> wallets.put(name, amount.notNegative()));
            return wallets;
        }

        private PositionSpec position(JsonField field, String mode, List<MaintenanceTier> symbolTiers) {
            field.object(POSITION_FIELDS);
            Side side = Side.valueOf(field.required("side").oneOf(List.of("long", "short")).toUpperCase(Locale.ROOT));
            BigDecimal quantity = field.required("quantity").positive();
            BigDecimal entryPrice = field.required("entryPrice").positive();
            Integer leverage = field.has("leverage")
                    ? field.child("leverage").whole(1, PaperPosition.MAX_LEVERAGE, "times (the leverage)")
                    : null;
            BigDecimal isolatedMargin = null;
            if (field.has("isolatedMargin")) {
                if (mode.equals("cross")) {
                    throw field.child("isolatedMargin").problem("only an isolated position has one; remove it, or"
                            + " make the account's marginMode \"isolated\"");
                }
                isolatedMargin = field.child("isolatedMargin").positive();
            } else if (mode.equals("isolated") && leverage == null) {
                throw field.child("isolatedMargin").problem("is missing; an isolated position needs its margin:"
                        + " add \"isolatedMargin\", or a \"leverage\" to size it as entry notional ÷ leverage");
            }
            List<MaintenanceTier> tiers;
            if (field.has("tiers")) {
                tiers = tiers(field.child("tiers"));
            } else if (symbolTiers != null) {
                tiers = symbolTiers;
            } else {
                throw field.child("tiers").problem("is missing, and the scenario has no symbol-wide \"tiers\":"
                        + " add one of them, e.g. \"tiers\": [{\"rate\": \"0.004\"}]");
            }
            return new PositionSpec(side, quantity, entryPrice, leverage, isolatedMargin, tiers);
        }

        private Map<String, Object> config(JsonField field) {
            field.object(unionOf(unionOf(Set.copyOf(TopUpSettings.KEYS), Set.copyOf(MoveSettings.KEYS)),
                    Set.copyOf(TopUpSettings.SOURCE_KEYS)));
            Map<String, Object> config = new LinkedHashMap<>();
            for (var entry : field.entries().entrySet()) {
                JsonField value = entry.getValue();
                Object parsed = switch (entry.getKey()) {
                    case TopUpSettings.TRIGGER_RATIO, TopUpSettings.TARGET_RATIO -> ratio(value);
                    case TopUpSettings.MAX_TRANSFER, TopUpSettings.DAILY_CAP -> value.positive();
                    case TopUpSettings.MIN_TRANSFER -> value.notNegative();
                    case TopUpSettings.COOLDOWN_SECONDS -> value.whole(0, 86_400, "seconds");
                    case TopUpSettings.CHECK_RATE_MINUTES -> value.whole(1, 1_440, "minutes");
                    case TopUpSettings.SOURCE_WALLET -> value.oneOf(SOURCE_WALLETS);
                    case MoveSettings.TRIGGER_MOVE_PERCENT, MoveSettings.TARGET_MOVE_PERCENT,
                            MoveSettings.WATCH_BAND_MOVE_PERCENT -> movePercent(value);
                    case MoveSettings.POLL_INTERVAL_SECONDS ->
                            value.whole(1, AccountValidator.MAX_POLL_INTERVAL_SECONDS, "seconds");
                    case MoveSettings.VOLATILITY_LOOKBACK_MINUTES -> value.whole(
                            AccountValidator.MIN_VOLATILITY_LOOKBACK_MINUTES,
                            AccountValidator.MAX_VOLATILITY_LOOKBACK_MINUTES, "minutes");
                    case MoveSettings.VOLATILITY_MULTIPLE -> value.notNegative();
                    case TopUpSettings.SOURCES -> sources(value);
                    case TopUpSettings.RESCUE_MOVE_PERCENT -> movePercent(value);
                    case TopUpSettings.SWEEP -> sweep(value);
                    default -> throw new IllegalStateException("object() admitted " + entry.getKey());
                };
                config.put(entry.getKey(), parsed);
            }
            TopUpSettings settings = TopUpSettings.of(config);
            if (settings.targetRatio().compareTo(settings.triggerRatio()) >= 0) {
                String where = config.containsKey(TopUpSettings.TARGET_RATIO)
                        ? TopUpSettings.TARGET_RATIO : TopUpSettings.TRIGGER_RATIO;
                throw field.child(where).problem("targetRatio (" + plain(settings.targetRatio())
                        + ") must be below triggerRatio (" + plain(settings.triggerRatio()) + ")");
            }
            moveSettings(field, config);
            if (settings.minTransfer().compareTo(settings.maxTransfer()) > 0) {
                String where = config.containsKey(TopUpSettings.MIN_TRANSFER)
                        ? TopUpSettings.MIN_TRANSFER : TopUpSettings.MAX_TRANSFER;
                throw field.child(where).problem("minTransfer (" + plain(settings.minTransfer())
                        + ") must not exceed maxTransfer (" + plain(settings.maxTransfer()) + ")");
            }
            return config;
        }

        /**
         * The ordered sources as the account item holds them: a list of maps, amounts as decimals. Only their shape
         * is read here; what they may say (wallets, floors, caps, duplicates) is the product's validator's to judge,
         * once the whole account is known.
         */
        private static List<Map<String, Object>> sources(JsonField field) {
            List<Map<String, Object>> sources = new ArrayList<>();
            for (JsonField source : field.list()) {
                Map<String, Object> read = new LinkedHashMap<>();
                source.entries().forEach((name, value) -> read.put(name,
                        name.equals(AccountValidator.SOURCE_FLOOR) || name.equals(AccountValidator.SOURCE_CAP)
                                ? value.decimal("an amount of the margin asset, e.g. \"2000\"")
                                : value.text()));
                sources.add(read);
            }
            return sources;
        }

        /**
         * The sweep settings as the account item holds them: a map of numbers. Only their shape is read here; what
         * they may say (ranges, a ratio that would cross the trigger, a ratio beside moves alone) is the product's
         * validator's to judge, named by place ({@code accounts[0].config.sweep.toRatio}).
         */
        private static Map<String, Object> sweep(JsonField field) {
            Map<String, Object> sweep = new LinkedHashMap<>();
            field.entries().forEach((name, value) -> sweep.put(name,
                    value.decimal("a number, e.g. \"30\" (minutes and days whole, amounts in the margin asset)")));
            return sweep;
        }

        /**
         * The account as the product will read its item: every problem the product's validator finds is refused
         * now, named by its place in the scenario file ({@code accounts[0].config.sources[1].floor}), before
         * anything is started.
         */
        private static void asTheProductReadsIt(JsonField field, ScenarioAccount account, String symbol) {
            String asset = ScenarioAccount.assetOf(symbol);
            if (asset == null) {
                return; // the runner names the symbol's unknown asset itself
            }
            Map<String, Object> item = account.item(symbol, asset, "http://127.0.0.1:1",
                    "margin-topup/read/" + account.id(), "margin-topup/transfer/" + account.id());
            if (new AccountValidator("margin-topup", Set.of("paper")).validate(item)
                    instanceof Validation.Invalid invalid) {
                FieldProblem first = invalid.problems().getFirst();
                JsonField config = field.child("config");
                throw config.at(first.field()).problem(first.reason() + (invalid.problems().size() == 1 ? ""
                        : " (and " + (invalid.problems().size() - 1) + " more: " + invalid.problems().subList(1,
                                invalid.problems().size()) + ")"));
            }
        }

        /** Trigger and target come together, the target beyond the trigger, the watch band not inside it. */
        private static void moveSettings(JsonField field, Map<String, Object> config) {
            if (MoveSettings.KEYS.stream().noneMatch(config::containsKey)) {
                return;
            }
            for (String needed : List.of(MoveSettings.TRIGGER_MOVE_PERCENT, MoveSettings.TARGET_MOVE_PERCENT)) {
                if (!config.containsKey(needed)) {
                    throw field.child(needed).problem("is missing: an account protected in moves needs both "
                            + MoveSettings.TRIGGER_MOVE_PERCENT + " and " + MoveSettings.TARGET_MOVE_PERCENT);
                }
            }
            MoveSettings moves = MoveSettings.of(config);
            if (moves.targetMovePercent().compareTo(moves.triggerMovePercent()) <= 0) {
                throw field.child(MoveSettings.TARGET_MOVE_PERCENT).problem("(" + plain(moves.targetMovePercent())
                        + ") must be above triggerMovePercent (" + plain(moves.triggerMovePercent()) + ")");
            }
            if (moves.watchBandMovePercent() != null
                    && moves.watchBandMovePercent().compareTo(moves.triggerMovePercent()) < 0) {
                throw field.child(MoveSettings.WATCH_BAND_MOVE_PERCENT).problem("(" + plain(moves.watchBandMovePercent())
                        + ") must not be below triggerMovePercent (" + plain(moves.triggerMovePercent()) + ")");
            }
        }

        private static BigDecimal movePercent(JsonField value) {
            BigDecimal percent = value.decimal("a percentage of the mark price, e.g. \"3\" for 3 %");
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
                throw value.problem("must be a percentage above 0 and below 100, e.g. \"3\" for 3 %, got " + plain(percent));
            }
            return percent;
        }

        private static BigDecimal ratio(JsonField value) {
            BigDecimal ratio = value.decimal("a ratio between 0 and 1 exclusive, e.g. \"0.8\"");
            if (ratio.signum() <= 0 || ratio.compareTo(BigDecimal.ONE) >= 0) {
                throw value.problem("must be a ratio between 0 and 1 exclusive, e.g. \"0.8\", got " + plain(ratio));
            }
            return ratio;
        }

        // ---- faults ----

        private List<FaultSpec> faults(JsonField field, int minutes) {
            List<String> types = Stream.of(Fault.Type.values()).map(Enum::name).toList();
            List<FaultSpec> faults = new ArrayList<>();
            for (JsonField fault : field.list()) {
                fault.object(FAULT_FIELDS);
                JsonField typeField = fault.required("type");
                String type = typeField.text().toUpperCase(Locale.ROOT);
                if (!types.contains(type)) {
                    throw typeField.problem("unknown fault type \"" + typeField.text() + "\"; known types: "
                            + JsonField.quoted(types));
                }
                JsonField prefixField = fault.required("pathPrefix");
                String prefix = prefixField.text();
                if (!prefix.startsWith("/") || prefix.startsWith("/admin")) {
                    throw prefixField.problem("must be an API path starting with '/', e.g. \"/api/v1/transfers\""
                            + " (faults never apply to /admin), got \"" + prefix + "\"");
                }
                int from = fault.required("fromMinute").whole(0, minutes, "minutes");
                int to = fault.required("toMinute").whole(from, minutes, "minutes");
                double probability = fault.has("probability")
                        ? fault.child("probability").real(Double.MIN_VALUE, 1, "a probability above 0 and at most 1")
                        : 1;
                int count = fault.has("count") ? fault.child("count").whole(0, 1_000_000, "requests (0: no limit)") : 0;
                long delay = fault.has("delayMillis")
                        ? fault.child("delayMillis").whole(0, 600_000, "milliseconds")
                        : 0;
                boolean holds = type.equals("DELAY") || type.equals("TIMEOUT");
                if (holds && delay == 0) {
                    throw fault.child("delayMillis").problem("a " + type + " holds requests: give it a positive"
                            + " delayMillis" + (type.equals("TIMEOUT") ? ", longer than the venue client's timeout" : ""));
                }
                if (!holds && delay != 0) {
                    throw fault.child("delayMillis").problem("only DELAY and TIMEOUT hold requests; remove it");
                }
                long seed = fault.has("seed") ? fault.child("seed").wholeLong("a whole number") : 0;
                faults.add(new FaultSpec(type, prefix, from, to, probability, count, delay, seed));
            }
            return faults;
        }

        private static Set<String> unionOf(Set<String> a, Set<String> b) {
            Set<String> union = new HashSet<>(a);
            union.addAll(b);
            return union;
        }
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
