package dev.margintopup.paper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The public API: read margin, transfer into margin, look transfers up (signed), and the symbol's
 * one-minute candles (public market data, unsigned). Nothing else, no withdrawals.
 */
final class ApiRoutes {

    static final String MARGIN_PATH = "/api/v1/margin";
    static final String TRANSFERS_PATH = "/api/v1/transfers";
    static final String LIQUIDATIONS_PATH = "/api/v1/liquidations";
    static final String KLINES_PATH = "/api/v1/klines";
    static final String WALLETS_PATH = "/api/v1/wallets";
    static final int DEFAULT_KLINE_LIMIT = 100;
    static final int MAX_KLINE_LIMIT = 1000;

    private final PaperExchange exchange;
    private final SignatureCheck signatures;

    ApiRoutes(PaperExchange exchange) {
        this.exchange = exchange;
        this.signatures = new SignatureCheck(exchange.clock());
    }

    Reply handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiError error) {
            return Reply.of(error);
        }
    }

    private Reply route(ApiRequest request) {
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET " + MARGIN_PATH -> margin(signatures.verify(request, exchange::secretOf), request);
            case "POST " + TRANSFERS_PATH -> transfer(signatures.verify(request, exchange::secretOf), request);
            case "GET " + TRANSFERS_PATH -> transfers(signatures.verify(request, exchange::secretOf), request);
            case "GET " + WALLETS_PATH -> wallet(signatures.verify(request, exchange::secretOf), request);
            case "GET " + LIQUIDATIONS_PATH -> liquidations(signatures.verify(request, exchange::secretOf), request);
            case "GET " + KLINES_PATH -> klines(request);
            default -> throw new ApiError(404, ApiError.NO_SUCH_ENDPOINT, "no endpoint " + route);
        };
    }

    private Reply margin(String apiKey, ApiRequest request) {
        String asset = required(request, "asset");
        // The source's balance comes with the margin only when asked for; adapters read it apart.
        String sourceName = request.query().get("source");
        Wallet source = sourceName == null ? null : sourceWallet(sourceName);
        String mode = required(request, "mode");
        MarginReport report = switch (mode) {
            case "cross" -> exchange.crossMargin(apiKey, asset, source);
            case "isolated" -> exchange.isolatedMargin(apiKey, required(request, "symbol"), asset, source);
            default -> throw ApiError.badParameter("mode must be cross or isolated");
        };
        ObjectNode body = PaperJson.object();
        body.put("asOf", report.asOf().toEpochMilli());
        body.put("asset", report.asset());
        PaperJson.putAmount(body, "marginBalance", report.marginBalance());
        PaperJson.putAmount(body, "maintenanceMargin", report.maintenanceMargin());
        PaperJson.putAmount(body, "sourceFree", report.sourceFree());
        PaperJson.putAmount(body, "transferStep", report.transferStep());
        PaperJson.putAmount(body, "markPrice", report.markPrice());
        PaperJson.putAmount(body, "liquidationPrice", report.liquidationPrice());
        if (report.marginToKeep() != null) {
            PaperJson.putAmount(body, "marginToKeep", report.marginToKeep());
        }
        ArrayNode positions = body.putArray("positions");
        for (MarginReport.Held held : report.positions()) {
            ObjectNode row = positions.addObject();
            row.put("symbol", held.symbol());
            row.put("side", held.side().name());
            PaperJson.putAmount(row, "quantity", held.quantity());
            PaperJson.putAmount(row, "markPrice", held.markPrice());
            PaperJson.putAmount(row, "maintenanceMargin", held.maintenanceMargin());
            PaperJson.putAmount(row, "liquidationPrice", held.liquidationPrice());
        }
        return Reply.ok(body);
    }

    /** {@code ?wallet=FUNDING&asset=USDT}: the free balance of one of the owner's source wallets. */
    private Reply wallet(String apiKey, ApiRequest request) {
        Wallet wallet = sourceWallet(required(request, "wallet"));
        String asset = required(request, "asset");
        ObjectNode body = PaperJson.object();
        body.put("wallet", wallet.name());
        body.put("asset", asset);
        PaperJson.putAmount(body, "free", exchange.walletBalance(apiKey, wallet, asset));
        return Reply.ok(body);
    }

    private Reply transfer(String apiKey, ApiRequest request) {
        JsonNode body = PaperJson.parse(request.body());
        if (Wallet.FUTURES.name().equals(text(body, "from"))) {
            return transferOut(apiKey, body);
        }
        if ("ISOLATED".equals(text(body, "from"))) {
            return reduceIsolated(apiKey, body);
        }
        String to = text(body, "to");
        boolean toIsolated = switch (to) {
            case "FUTURES" -> false;
            case "ISOLATED" -> true;
            default -> throw ApiError.badParameter("to must be FUTURES or ISOLATED");
        };
        TransferRequest transfer = new TransferRequest(
                text(body, "clientId"),
                text(body, "asset"),
                amount(body),
                sourceWallet(text(body, "from")),
                toIsolated,
                toIsolated ? text(body, "symbol") : null);
        return applied(exchange.transfer(apiKey, transfer));
    }

    /**
     * Cross margin back out to the owner's FUNDING or SPOT wallet, under a client id like any
     * transfer. Refused when it would leave the account at or below its maintenance margin.
     */
    private Reply transferOut(String apiKey, JsonNode body) {
        return applied(exchange.transferOut(apiKey, text(body, "clientId"), text(body, "asset"),
                amount(body), sourceWallet(text(body, "to"))));
    }

    /**
     * Margin out of the isolated position {@code symbol} back to the owner's FUNDING or SPOT wallet,
     * under a client id like any transfer. Refused when the position would keep less than its initial
     * margin or be left at liquidation.
     */
    private Reply reduceIsolated(String apiKey, JsonNode body) {
        TransferRecord applied = exchange.reduceIsolated(apiKey, text(body, "clientId"), text(body, "asset"),
                amount(body), text(body, "symbol"), sourceWallet(text(body, "to")));
        return applied(applied);
    }

    private static Reply applied(TransferRecord applied) {
        ObjectNode reply = PaperJson.object();
        reply.put("transferId", applied.transferId());
        reply.put("clientId", applied.clientId());
        reply.put("status", "APPLIED");
        return Reply.ok(reply);
    }

    private Reply transfers(String apiKey, ApiRequest request) {
        ObjectNode reply = PaperJson.object();
        reply.set("transfers",
                PaperJson.transfers(exchange.transfersByClientId(apiKey, required(request, "clientId"))));
        return Reply.ok(reply);
    }

    /**
     * The account's liquidations since {@code since} (epoch milliseconds), of one {@code symbol} or
     * of all. The engine records every liquidation, so a position missing from here was closed.
     */
    private Reply liquidations(String apiKey, ApiRequest request) {
        long since;
        try {
            since = Long.parseLong(required(request, "since"));
        } catch (NumberFormatException e) {
            throw ApiError.badParameter("since must be epoch milliseconds");
        }
        String symbol = request.query().get("symbol");
        ObjectNode reply = PaperJson.object();
        reply.set("liquidations", PaperJson.liquidations(exchange.liquidations(apiKey).stream()
                .filter(l -> l.time().toEpochMilli() >= since)
                .filter(l -> symbol == null || symbol.equals(l.symbol()))
                .toList()));
        return Reply.ok(reply);
    }

    /**
     * {@code ?symbol=BTCUSDT&limit=30}: the last {@code limit} (1 to 1000, default 100) one-minute
     * candles, oldest first, the last one possibly still forming.
     */
    private Reply klines(ApiRequest request) {
        String symbol = required(request, "symbol");
        int limit = DEFAULT_KLINE_LIMIT;
        String given = request.query().get("limit");
        if (given != null) {
            if (!given.matches("\\d{1,4}") || Integer.parseInt(given) < 1 || Integer.parseInt(given) > MAX_KLINE_LIMIT) {
                throw ApiError.badParameter("limit must be a whole number from 1 to " + MAX_KLINE_LIMIT + ", was " + given);
            }
            limit = Integer.parseInt(given);
        }
        if (exchange.markPrice(symbol) == null) {
            throw new ApiError(400, ApiError.NO_SUCH_SYMBOL, "no market in " + symbol);
        }
        ObjectNode body = PaperJson.object();
        body.put("symbol", symbol);
        body.put("interval", "1m");
        var candles = body.putArray("candles");
        exchange.candles(symbol, limit).forEach(bar -> candles.add(PaperJson.candle(bar)));
        return Reply.ok(body);
    }

    /** Top-ups come from the funding or spot wallet; FUTURES is the destination, never a source. */
    private static Wallet sourceWallet(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "FUNDING" -> Wallet.FUNDING;
            case "SPOT" -> Wallet.SPOT;
            default -> throw ApiError.badParameter("source wallet must be FUNDING or SPOT");
        };
    }

    private static BigDecimal amount(JsonNode body) {
        JsonNode node = body.get("amount");
        if (node == null || !node.isTextual()) {
            throw new ApiError(400, ApiError.BAD_AMOUNT, "amount must be a decimal string");
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            throw new ApiError(400, ApiError.BAD_AMOUNT, "amount must be a decimal string");
        }
        if (amount.signum() <= 0) {
            throw new ApiError(400, ApiError.BAD_AMOUNT, "amount must be positive");
        }
        return amount;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw ApiError.badParameter(field + " is required");
        }
        return node.asText();
    }

    private static String required(ApiRequest request, String name) {
        String value = request.query().get(name);
        if (value == null || value.isBlank()) {
            throw ApiError.badParameter(name + " is required");
        }
        return value;
    }
}
