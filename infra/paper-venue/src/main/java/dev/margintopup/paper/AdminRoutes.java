package dev.margintopup.paper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Unsigned admin API under {@code /admin}, so that a separate process (the local runner, an
 * end-to-end test) can seed accounts, move prices and inject faults. Faults never apply here.
 */
final class AdminRoutes {

    static final String PREFIX = "/admin/";
    private static final String ACCOUNTS = "/admin/accounts";
    private static final String FAULTS = "/admin/faults";

    private final PaperExchange exchange;
    private final FaultPlan faults;

    AdminRoutes(PaperExchange exchange, FaultPlan faults) {
        this.exchange = exchange;
        this.faults = faults;
    }

    Reply handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiError error) {
            return Reply.of(error);
        } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            return Reply.of(ApiError.badParameter(String.valueOf(e.getMessage())));
        }
    }

    private Reply route(ApiRequest request) {
        String method = request.method();
        String path = request.path();
        if (method.equals("POST") && path.equals(ACCOUNTS)) {
            PaperAccount seed = seed(PaperJson.parse(request.body()));
            exchange.seed(seed);
            ObjectNode reply = PaperJson.object();
            reply.put("apiKey", seed.apiKey());
            return new Reply(201, reply, Map.of());
        }
        if (method.equals("GET") && path.startsWith(ACCOUNTS + "/")) {
            return account(URLDecoder.decode(path.substring(ACCOUNTS.length() + 1), StandardCharsets.UTF_8));
        }
        if (method.equals("POST") && path.equals("/admin/prices")) {
            JsonNode body = PaperJson.parse(request.body());
            String symbol = text(body, "symbol");
            PriceBar bar = bar(body, exchange.clock().instant());
            List<LiquidationRecord> closed = exchange.playBar(symbol, bar);
            ObjectNode reply = PaperJson.object();
            reply.put("symbol", symbol);
            PaperJson.putAmount(reply, "price", bar.close());
            reply.set("candle", PaperJson.candle(bar));
            reply.set("liquidations", PaperJson.liquidations(closed));
            return Reply.ok(reply);
        }
        if (method.equals("POST") && path.equals(FAULTS)) {
            String id = faults.add(fault(PaperJson.parse(request.body())));
            ObjectNode reply = PaperJson.object();
            reply.put("queued", true);
            reply.put("id", id);
            return Reply.ok(reply);
        }
        if (method.equals("DELETE") && path.equals(FAULTS)) {
            faults.clear();
            return Reply.ok(PaperJson.object());
        }
        if (method.equals("DELETE") && path.startsWith(FAULTS + "/")) {
            String id = URLDecoder.decode(path.substring(FAULTS.length() + 1), StandardCharsets.UTF_8);
            ObjectNode reply = PaperJson.object();
            reply.put("withdrawn", faults.remove(id));
            return Reply.ok(reply);
        }
        throw new ApiError(404, ApiError.NO_SUCH_ENDPOINT, "no admin endpoint " + method + " " + path);
    }

    private Reply account(String apiKey) {
        if (!exchange.hasAccount(apiKey)) {
            throw new ApiError(404, ApiError.UNKNOWN_KEY, "no paper account with that key");
        }
        ObjectNode reply = PaperJson.object();
        reply.put("apiKey", apiKey);
        PaperJson.putAmount(reply, "transferStep", exchange.transferStep(apiKey));
        reply.set("wallets", PaperJson.wallets(exchange.wallets(apiKey)));
        ArrayNode positions = reply.putArray("positions");
        exchange.positions(apiKey).forEach(p -> positions.add(PaperJson.position(p, exchange.markPrice(p.symbol()))));
        reply.set("transfers", PaperJson.transfers(exchange.transfers(apiKey)));
        reply.set("liquidations", PaperJson.liquidations(exchange.liquidations(apiKey)));
        return Reply.ok(reply);
    }

    /**
     * {@code {"apiKey","apiSecret","transferStep"?,"wallets":{"FUNDING":{"USDT":"1000"}},"positions":[..]}};
     * a position has {@code symbol, side, quantity, entryPrice, marginMode}, either
     * {@code maintenanceRate} or {@code tiers: [{"upTo":"50000","rate":"0.004","deduction":"0"}, ..,
     * {"rate":"0.01"}]} (the last without {@code upTo}; a missing deduction keeps maintenance
     * continuous), and optionally {@code leverage} and, for an isolated position,
     * {@code isolatedMargin} (default: entry notional ÷ leverage).
     */
    static PaperAccount seed(JsonNode body) {
        PaperAccount.Builder account = PaperAccount.builder(text(body, "apiKey"), text(body, "apiSecret"));
        if (body.hasNonNull("transferStep")) {
            account.transferStep(body.get("transferStep").asText());
        }
        body.path("wallets").properties().forEach(wallet -> wallet.getValue().properties().forEach(asset ->
                account.balance(Wallet.valueOf(wallet.getKey().toUpperCase(Locale.ROOT)), asset.getKey(),
                        asset.getValue().asText())));
        for (JsonNode position : body.path("positions")) {
            account.position(new PaperPosition(
                    text(position, "symbol"),
                    Side.valueOf(text(position, "side").toUpperCase(Locale.ROOT)),
                    decimal(position, "quantity"),
                    decimal(position, "entryPrice"),
                    MarginType.valueOf(text(position, "marginMode").toUpperCase(Locale.ROOT)),
                    position.hasNonNull("isolatedMargin") ? decimal(position, "isolatedMargin") : null,
                    tiers(position),
                    leverage(position)));
        }
        return account.build();
    }

    private static List<MaintenanceTier> tiers(JsonNode position) {
        boolean hasRate = position.hasNonNull("maintenanceRate");
        boolean hasTiers = position.hasNonNull("tiers");
        if (hasRate == hasTiers) {
            throw ApiError.badParameter(hasRate
                    ? "give either maintenanceRate or tiers, not both"
                    : "maintenanceRate or tiers is required");
        }
        if (hasRate) {
            return MaintenanceTier.single(decimal(position, "maintenanceRate"));
        }
        JsonNode given = position.get("tiers");
        if (!given.isArray()) {
            throw ApiError.badParameter("tiers must be a list of {\"upTo\",\"rate\",\"deduction\"}");
        }
        List<MaintenanceTier> tiers = new ArrayList<>();
        for (JsonNode tier : given) {
            BigDecimal rate = decimal(tier, "rate");
            BigDecimal deduction = tier.hasNonNull("deduction")
                    ? decimal(tier, "deduction")
                    : MaintenanceTier.continuousDeduction(tiers.isEmpty() ? null : tiers.getLast(), rate);
            tiers.add(new MaintenanceTier(tier.hasNonNull("upTo") ? decimal(tier, "upTo") : null, rate, deduction));
        }
        return tiers;
    }

    private static Integer leverage(JsonNode position) {
        JsonNode leverage = position.get("leverage");
        if (leverage == null || leverage.isNull()) {
            return null;
        }
        String digits = leverage.asText();
        if (!(leverage.isIntegralNumber() || leverage.isTextual()) || !digits.matches("\\d{1,3}")) {
            throw ApiError.badParameter("leverage must be a whole number from 1 to " + PaperPosition.MAX_LEVERAGE);
        }
        return Integer.parseInt(digits);
    }

    /**
     * {@code {"symbol":"BTCUSDT","price":"59000"}} moves the mark to the price (the minute's close);
     * {@code "open"}, {@code "high"} and {@code "low"} add the rest of the minute, all three or
     * none, and {@code "time"} (epoch milliseconds, whole minutes) says which minute it is, else
     * the venue clock's.
     */
    static PriceBar bar(JsonNode body, Instant now) {
        BigDecimal close = decimal(body, "price");
        Instant openTime = now.truncatedTo(ChronoUnit.MINUTES);
        if (body.has("time")) {
            JsonNode time = body.get("time");
            if (!time.isIntegralNumber() || !time.canConvertToLong() || time.asLong() % 60_000 != 0) {
                throw ApiError.badParameter("time must be the minute's start in epoch milliseconds (a multiple of"
                        + " 60000), was " + time);
            }
            openTime = Instant.ofEpochMilli(time.asLong());
        }
        List<String> given = Stream.of("open", "high", "low").filter(body::hasNonNull).toList();
        if (given.isEmpty()) {
            return PriceBar.flat(openTime, positive(close, "price"));
        }
        if (given.size() < 3) {
            String missing = Stream.of("open", "high", "low").filter(f -> !given.contains(f))
                    .findFirst().orElseThrow();
            throw ApiError.badParameter(missing + " is required when " + String.join(" and ", given)
                    + " is given: a candle has open, high, low and price (its close)");
        }
        return new PriceBar(openTime, positive(decimal(body, "open"), "open"), positive(decimal(body, "high"), "high"),
                positive(decimal(body, "low"), "low"), positive(close, "price"));
    }

    private static BigDecimal positive(BigDecimal value, String field) {
        if (value.signum() <= 0) {
            throw ApiError.badParameter(field + " must be positive, was " + value.toPlainString());
        }
        return value;
    }

    /**
     * {@code {"type":"LOSE_RESPONSE","pathPrefix":"/api/v1/transfers","count":1,"delayMs":0,
     * "probability":1,"seed":0}}; {@code count} may be {@code "unlimited"}.
     */
    static Fault fault(JsonNode body) {
        String type = text(body, "type").toUpperCase(Locale.ROOT);
        Fault.Type known;
        try {
            known = Fault.Type.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("type must be one of " + List.of(Fault.Type.values()) + ", was " + type);
        }
        JsonNode count = body.path("count");
        int times = count.isTextual() && count.asText().equalsIgnoreCase("unlimited")
                ? Fault.UNLIMITED
                : count.asInt(1);
        return new Fault(
                known,
                text(body, "pathPrefix"),
                times,
                Duration.ofMillis(body.path("delayMs").asLong(0)),
                body.path("probability").asDouble(1.0),
                body.path("seed").asLong(0));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || node.asText().isBlank()) {
            throw ApiError.badParameter(field + " is required");
        }
        return node.asText();
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        try {
            return new BigDecimal(text(body, field));
        } catch (NumberFormatException e) {
            throw ApiError.badParameter(field + " must be a decimal string");
        }
    }
}
