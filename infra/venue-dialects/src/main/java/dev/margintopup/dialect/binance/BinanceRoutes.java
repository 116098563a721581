package dev.margintopup.dialect.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.dialect.binance.DialectAccount.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signed endpoints, with Binance's paths, parameters and response shapes. Every method runs
 * under the server's lock. {@code apply} false validates and answers as if applied, but changes
 * nothing: a fault that spoils the answer of a transfer must not move money.
 */
final class BinanceRoutes {

    static final String API_RESTRICTIONS = "/sapi/v1/account/apiRestrictions";
    static final String POSITION_MODE = "/fapi/v1/positionSide/dual";
    static final String MULTI_ASSETS_MODE = "/fapi/v1/multiAssetsMargin";
    static final String ACCOUNT = "/fapi/v3/account";
    static final String POSITION_RISK = "/fapi/v3/positionRisk";
    static final String FUNDING_ASSETS = "/sapi/v1/asset/get-funding-asset";
    static final String SPOT_ASSETS = "/sapi/v3/asset/getUserAsset";
    static final String TRANSFER = "/sapi/v1/asset/transfer";
    static final String POSITION_MARGIN = "/fapi/v1/positionMargin";
    static final String POSITION_MARGIN_HISTORY = "/fapi/v1/positionMargin/history";
    static final String FORCE_ORDERS = "/fapi/v1/forceOrders";
    static final String LEVERAGE_BRACKET = "/fapi/v1/leverageBracket";
    static final String SPOT_ACCOUNT = "/api/v3/account";

    static final Set<String> SIGNED = Set.of(API_RESTRICTIONS, POSITION_MODE, MULTI_ASSETS_MODE, ACCOUNT,
            POSITION_RISK, FUNDING_ASSETS, SPOT_ASSETS, TRANSFER, POSITION_MARGIN, POSITION_MARGIN_HISTORY,
            FORCE_ORDERS, LEVERAGE_BRACKET, SPOT_ACCOUNT);

    /** Universal transfer types the dialect knows, as (from, to). */
    private static final Map<String, Wallet[]> TRANSFER_TYPES = Map.of(
            "MAIN_UMFUTURE", new Wallet[] {Wallet.SPOT, Wallet.UMFUTURE},
            "FUNDING_UMFUTURE", new Wallet[] {Wallet.FUNDING, Wallet.UMFUTURE},
            "UMFUTURE_MAIN", new Wallet[] {Wallet.UMFUTURE, Wallet.SPOT},
            "UMFUTURE_FUNDING", new Wallet[] {Wallet.UMFUTURE, Wallet.FUNDING});

    private static final int ASSET_DECIMALS = 8;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, BigDecimal> markPrices;
    private long nextTranId = 13_526_853_623L;

    BinanceRoutes(Map<String, BigDecimal> markPrices) {
        this.markPrices = markPrices;
    }

    /** True for the endpoints that move money; the others only read. */
    static boolean moves(String method, String path) {
        return "POST".equals(method) && (TRANSFER.equals(path) || POSITION_MARGIN.equals(path));
    }

    JsonNode handle(DialectRequest request, DialectAccount account, boolean apply, long now) {
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET " + API_RESTRICTIONS -> apiRestrictions(account, now);
            case "GET " + POSITION_MODE -> NODES.objectNode().put("dualSidePosition", account.hedgeMode);
            case "GET " + MULTI_ASSETS_MODE -> NODES.objectNode().put("multiAssetsMargin", account.multiAssetsMode);
            case "GET " + ACCOUNT -> account(account);
            case "GET " + POSITION_RISK -> positionRisk(account, request.param("symbol"));
            case "POST " + FUNDING_ASSETS -> walletAssets(account, Wallet.FUNDING, request.param("asset"));
            case "POST " + SPOT_ASSETS -> walletAssets(account, Wallet.SPOT, request.param("asset"));
            case "POST " + TRANSFER -> transfer(request, account, apply, now);
            case "GET " + TRANSFER -> transferHistory(request, account);
            case "POST " + POSITION_MARGIN -> positionMargin(request, account, apply, now);
            case "GET " + POSITION_MARGIN_HISTORY -> marginHistory(request, account);
            case "GET " + FORCE_ORDERS -> forceOrders(request, account, now);
            case "GET " + LEVERAGE_BRACKET -> leverageBrackets(account, request.param("symbol"));
            case "GET " + SPOT_ACCOUNT -> spotAccount(account, now);
            default -> throw new DialectError(404, DialectError.UNKNOWN, "Not found: " + route);
        };
    }

    private static ObjectNode apiRestrictions(DialectAccount account, long now) {
        ObjectNode body = NODES.objectNode();
        body.put("ipRestrict", false);
        body.put("createTime", now - 86_400_000L);
        for (Permission permission : Permission.values()) {
            body.put(permission.field, account.permissions.contains(permission));
        }
        body.put("enableMargin", false);
        body.put("enableVanillaOptions", false);
        body.put("enablePortfolioMarginTrading", false);
        return body;
    }

    // ---- margin ----

    private ObjectNode account(DialectAccount account) {
        BigDecimal crossWallet = account.balance(Wallet.UMFUTURE, "USDT");
        BigDecimal isolatedWallets = BigDecimal.ZERO;
        BigDecimal unrealized = BigDecimal.ZERO;
        BigDecimal crossUnrealized = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        BigDecimal initial = BigDecimal.ZERO;
        BigDecimal crossInitial = BigDecimal.ZERO;
        ArrayNode positions = NODES.arrayNode();
        for (Position p : usdtPositions(account)) {
            BigDecimal pnl = unrealized(p);
            unrealized = unrealized.add(pnl);
            maintenance = maintenance.add(maintenance(p));
            initial = initial.add(initialMargin(p));
            if (p.isolated) {
                isolatedWallets = isolatedWallets.add(p.isolatedWallet);
            } else {
                crossUnrealized = crossUnrealized.add(pnl);
                crossInitial = crossInitial.add(initialMargin(p));
            }
            ObjectNode row = positions.addObject();
            row.put("symbol", p.symbol);
            row.put("positionSide", p.positionSide);
            row.put("positionAmt", plain(p.amount));
            row.put("unrealizedProfit", money(pnl));
            row.put("isolatedMargin", money(p.isolated ? p.isolatedWallet.add(pnl) : BigDecimal.ZERO));
            row.put("notional", money(p.amount.multiply(mark(p))));
            row.put("isolatedWallet", money(p.isolatedWallet));
            row.put("initialMargin", money(initialMargin(p)));
            row.put("maintMargin", money(maintenance(p)));
            row.put("updateTime", p.updateTime);
        }
        BigDecimal wallet = crossWallet.add(isolatedWallets);
        BigDecimal available = crossWallet.add(crossUnrealized).subtract(crossInitial).max(BigDecimal.ZERO);
        ObjectNode body = NODES.objectNode();
        body.put("totalInitialMargin", money(initial));
        body.put("totalMaintMargin", money(maintenance));
        body.put("totalWalletBalance", money(wallet));
        body.put("totalUnrealizedProfit", money(unrealized));
        body.put("totalMarginBalance", money(wallet.add(unrealized)));
        body.put("totalPositionInitialMargin", money(initial));
        body.put("totalOpenOrderInitialMargin", money(BigDecimal.ZERO));
        body.put("totalCrossWalletBalance", money(crossWallet));
        body.put("totalCrossUnPnl", money(crossUnrealized));
        body.put("availableBalance", money(available));
        body.put("maxWithdrawAmount", money(available));
        ObjectNode usdt = body.putArray("assets").addObject();
        usdt.put("asset", "USDT");
        usdt.put("walletBalance", money(wallet));
        usdt.put("unrealizedProfit", money(unrealized));
        usdt.put("marginBalance", money(wallet.add(unrealized)));
        usdt.put("maintMargin", money(maintenance));
        usdt.put("initialMargin", money(initial));
        usdt.put("crossWalletBalance", money(crossWallet));
        usdt.put("availableBalance", money(available));
        usdt.put("maxWithdrawAmount", money(available));
        usdt.put("updateTime", account.updateTime);
        body.set("positions", positions);
        return body;
    }

    private ArrayNode positionRisk(DialectAccount account, String symbol) {
        ArrayNode rows = NODES.arrayNode();
        for (Position p : account.positions.values()) {
            if (symbol != null && !symbol.equals(p.symbol)) {
                continue;
            }
            BigDecimal pnl = unrealized(p);
            ObjectNode row = rows.addObject();
            row.put("symbol", p.symbol);
            row.put("positionSide", p.positionSide);
            row.put("positionAmt", plain(p.amount));
            row.put("entryPrice", plain(p.entryPrice));
            row.put("breakEvenPrice", plain(p.entryPrice));
            row.put("markPrice", money(mark(p)));
            row.put("unRealizedProfit", money(pnl));
            row.put("liquidationPrice", money(p.isolated ? isolatedLiquidationPrice(p) : crossLiquidationPrice(account, p)));
            row.put("isolatedMargin", money(p.isolated ? p.isolatedWallet.add(pnl) : BigDecimal.ZERO));
            row.put("notional", money(p.amount.multiply(mark(p))));
            row.put("marginAsset", p.marginAsset());
            row.put("isolatedWallet", money(p.isolatedWallet));
            row.put("initialMargin", money(initialMargin(p)));
            row.put("maintMargin", money(maintenance(p)));
            row.put("positionInitialMargin", money(initialMargin(p)));
            row.put("openOrderInitialMargin", "0");
            row.put("adl", 0);
            row.put("bidNotional", "0");
            row.put("askNotional", "0");
            row.put("updateTime", p.updateTime);
        }
        return rows;
    }

    /**
     * The mark at which isolated margin plus PnL equals maintenance, for a flat rate:
     * {@code (amount × entry − wallet) ÷ (amount − |amount| × rate)}. Cross positions report 0 here
     * (their liquidation price depends on the whole account).
     */
    static BigDecimal isolatedLiquidationPrice(Position p) {
        BigDecimal denominator = p.amount.subtract(p.amount.abs().multiply(p.maintenanceRate));
        if (denominator.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal price = p.amount.multiply(p.entryPrice).subtract(p.isolatedWallet)
                .divide(denominator, ASSET_DECIMALS, RoundingMode.HALF_UP);
        return price.max(BigDecimal.ZERO);
    }

    /**
     * The mark at which the cross account's margin balance meets its maintenance, every other
     * cross position held at its mark: {@code (others' maintenance − cross wallet − others' PnL +
     * amount × entry) ÷ (amount − |amount| × rate)}, Binance's cross formula for flat rates.
     */
    private BigDecimal crossLiquidationPrice(DialectAccount account, Position p) {
        BigDecimal others = BigDecimal.ZERO;
        for (Position other : usdtPositions(account)) {
            if (other != p && !other.isolated) {
                others = others.add(maintenance(other)).subtract(unrealized(other));
            }
        }
        BigDecimal denominator = p.amount.subtract(p.amount.abs().multiply(p.maintenanceRate));
        if (denominator.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal price = others.subtract(account.balance(Wallet.UMFUTURE, p.marginAsset()))
                .add(p.amount.multiply(p.entryPrice)).divide(denominator, ASSET_DECIMALS, RoundingMode.HALF_UP);
        return price.max(BigDecimal.ZERO);
    }

    /** One flat bracket per symbol held, at its position's maintenance rate, as the dialect rates positions. */
    private static ArrayNode leverageBrackets(DialectAccount account, String symbol) {
        ArrayNode rows = NODES.arrayNode();
        Set<String> seen = new java.util.HashSet<>();
        for (Position p : account.positions.values()) {
            if ((symbol != null && !symbol.equals(p.symbol)) || !seen.add(p.symbol)) {
                continue;
            }
            ObjectNode row = rows.addObject();
            row.put("symbol", p.symbol);
            row.put("notionalCoef", 1.0);
            ObjectNode bracket = row.putArray("brackets").addObject();
            bracket.put("bracket", 1);
            bracket.put("initialLeverage", DialectAccount.LEVERAGE.intValue());
            bracket.put("notionalCap", 50_000_000);
            bracket.put("notionalFloor", 0);
            bracket.put("maintMarginRatio", p.maintenanceRate.doubleValue());
            bracket.put("cum", 0.0);
        }
        return rows;
    }

    /** The spot wallet as {@code GET /api/v3/account} reports it, commission rates included. */
    private static ObjectNode spotAccount(DialectAccount account, long now) {
        ObjectNode body = NODES.objectNode();
        body.put("makerCommission", 10);
        body.put("takerCommission", 10);
        body.put("buyerCommission", 0);
        body.put("sellerCommission", 0);
        body.putObject("commissionRates").put("maker", "0.00100000").put("taker", "0.00100000")
                .put("buyer", "0.00000000").put("seller", "0.00000000");
        body.put("canTrade", true);
        body.put("canWithdraw", account.permissions.contains(Permission.WITHDRAWALS));
        body.put("canDeposit", true);
        body.put("brokered", false);
        body.put("requireSelfTradePrevention", false);
        body.put("preventSor", false);
        body.put("updateTime", account.updateTime);
        body.put("accountType", "SPOT");
        ArrayNode balances = body.putArray("balances");
        account.wallets.get(Wallet.SPOT).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode row = balances.addObject();
            row.put("asset", e.getKey());
            row.put("free", money(e.getValue()));
            row.put("locked", money(BigDecimal.ZERO));
        });
        body.putArray("permissions").add("SPOT");
        body.put("uid", 354937868);
        return body;
    }

    private List<Position> usdtPositions(DialectAccount account) {
        return account.positions.values().stream().filter(p -> "USDT".equals(p.marginAsset())).toList();
    }

    private BigDecimal mark(Position p) {
        return markPrices.getOrDefault(p.symbol, p.entryPrice);
    }

    private BigDecimal unrealized(Position p) {
        return p.amount.multiply(mark(p).subtract(p.entryPrice));
    }

    private BigDecimal maintenance(Position p) {
        return p.amount.abs().multiply(mark(p)).multiply(p.maintenanceRate);
    }

    private BigDecimal initialMargin(Position p) {
        return p.amount.abs().multiply(mark(p)).divide(DialectAccount.LEVERAGE, ASSET_DECIMALS, RoundingMode.HALF_UP);
    }

    // ---- wallets and transfers ----

    private static ArrayNode walletAssets(DialectAccount account, Wallet wallet, String asset) {
        ArrayNode rows = NODES.arrayNode();
        account.wallets.get(wallet).entrySet().stream()
                .filter(e -> asset == null || asset.equals(e.getKey()))
                .filter(e -> e.getValue().signum() > 0) // Binance leaves out empty assets
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    ObjectNode row = rows.addObject();
                    row.put("asset", e.getKey());
                    row.put("free", money(e.getValue()));
                    row.put("locked", "0");
                    row.put("freeze", "0");
                    row.put("withdrawing", "0");
                    row.put("ipoable", "0");
                    row.put("btcValuation", "0");
                });
        return rows;
    }

    private ObjectNode transfer(DialectRequest request, DialectAccount account, boolean apply, long now) {
        if (!account.permissions.contains(Permission.UNIVERSAL_TRANSFER)) {
            throw new DialectError(401, DialectError.REJECTED_MBX_KEY, "Invalid API-key, IP, or permissions for action.");
        }
        String type = request.required("type");
        Wallet[] fromTo = TRANSFER_TYPES.get(type);
        if (fromTo == null) {
            throw new DialectError(400, DialectError.INVALID_PARAMETER, "Invalid data sent for a parameter: type.");
        }
        String asset = request.required("asset");
        BigDecimal amount = amount(request.required("amount"));
        if (account.balance(fromTo[0], asset).compareTo(amount) < 0) {
            throw new DialectError(400, DialectError.ASSET_TRANSFER_INSUFFICIENT,
                    "Asset transfer failed: insufficient balance");
        }
        // Out of USDⓈ-M, Binance releases no more than the account's maxWithdrawAmount: the cross
        // positions keep their initial margin.
        if (fromTo[0] == Wallet.UMFUTURE
                && new BigDecimal(account(account).get("maxWithdrawAmount").asText()).compareTo(amount) < 0) {
            throw new DialectError(400, DialectError.ASSET_TRANSFER_INSUFFICIENT,
                    "Asset transfer failed: insufficient balance");
        }
        long tranId = apply ? nextTranId++ : 0;
        if (apply) {
            account.credit(fromTo[0], asset, amount.negate());
            account.credit(fromTo[1], asset, amount);
            account.transfers.add(new TransferRow(tranId, type, asset, amount, "CONFIRMED", now));
            account.updateTime = now;
        }
        return NODES.objectNode().put("tranId", tranId);
    }

    private static ObjectNode transferHistory(DialectRequest request, DialectAccount account) {
        String type = request.required("type");
        long start = optionalWhole(request, "startTime", Long.MIN_VALUE);
        long end = optionalWhole(request, "endTime", Long.MAX_VALUE);
        int current = (int) optionalWhole(request, "current", 1);
        int size = (int) Math.min(optionalWhole(request, "size", 10), 100);
        List<TransferRow> matching = account.transfers.stream()
                .filter(t -> t.type().equals(type) && t.timestamp() >= start && t.timestamp() <= end)
                .sorted(Comparator.comparingLong(TransferRow::timestamp).reversed())
                .toList();
        ObjectNode body = NODES.objectNode().put("total", matching.size());
        if (matching.isEmpty()) {
            return body; // Binance answers {"total":0}, without "rows"
        }
        ArrayNode rows = body.putArray("rows");
        matching.stream().skip((long) (current - 1) * size).limit(size).forEach(t -> {
            ObjectNode row = rows.addObject();
            row.put("asset", t.asset());
            row.put("amount", money(t.amount()));
            row.put("type", t.type());
            row.put("status", t.status());
            row.put("tranId", t.tranId());
            row.put("timestamp", t.timestamp());
        });
        return body;
    }

    private ObjectNode positionMargin(DialectRequest request, DialectAccount account, boolean apply, long now) {
        if (!account.permissions.contains(Permission.FUTURES)) {
            throw new DialectError(401, DialectError.REJECTED_MBX_KEY, "Invalid API-key, IP, or permissions for action.");
        }
        String symbol = request.required("symbol");
        String positionSide = request.param("positionSide") == null ? "BOTH" : request.param("positionSide");
        BigDecimal amount = amount(request.required("amount"));
        String type = request.required("type");
        if (!"1".equals(type) && !"2".equals(type)) {
            throw new DialectError(400, DialectError.INVALID_PARAMETER, "Invalid data sent for a parameter: type.");
        }
        if (account.hedgeMode == "BOTH".equals(positionSide)) {
            throw new DialectError(400, DialectError.POSITION_SIDE_NOT_MATCH,
                    "Order's position side does not match user's setting.");
        }
        Position position = account.positions.get(account.hedgeMode ? symbol + ":" + positionSide : symbol);
        if (position == null || position.amount.signum() == 0) {
            throw new DialectError(400, DialectError.ADD_MARGIN_POSITION_ZERO, "Cannot add position margin: position is 0.");
        }
        if (!position.isolated) {
            throw new DialectError(400, DialectError.ADD_MARGIN_ONLY_ISOLATED,
                    "Add margin only support for isolated position.");
        }
        int change = Integer.parseInt(type);
        if (change == 1) {
            BigDecimal available = new BigDecimal(account(account).get("availableBalance").asText());
            if (available.compareTo(amount) < 0) {
                throw new DialectError(400, DialectError.CROSS_BALANCE_INSUFFICIENT, "Cross balance insufficient.");
            }
        } else if (removable(position).compareTo(amount) < 0) {
            throw new DialectError(400, DialectError.ISOLATED_BALANCE_INSUFFICIENT, "Isolated balance insufficient.");
        }
        if (apply) {
            BigDecimal into = change == 1 ? amount : amount.negate();
            account.credit(Wallet.UMFUTURE, position.marginAsset(), into.negate());
            position.isolatedWallet = position.isolatedWallet.add(into);
            position.updateTime = now;
            account.updateTime = now;
            account.marginChanges.add(new MarginChange(symbol, change, "USER_ADJUST", amount, position.marginAsset(),
                    now, positionSide));
        }
        ObjectNode body = NODES.objectNode();
        body.put("amount", amount.doubleValue());
        body.put("code", 200);
        body.put("msg", "Successfully modify position margin.");
        body.put("type", change);
        return body;
    }

    /**
     * Binance's most removable from an isolated position: {@code max(0, min(isolatedWallet − maintenance,
     * isolatedWallet + unrealised PnL − initial margin at the position's leverage))}.
     */
    private BigDecimal removable(Position p) {
        return p.isolatedWallet.subtract(maintenance(p))
                .min(p.isolatedWallet.add(unrealized(p)).subtract(initialMargin(p)))
                .max(BigDecimal.ZERO);
    }

    private static ArrayNode marginHistory(DialectRequest request, DialectAccount account) {
        String symbol = request.required("symbol");
        String type = request.param("type");
        long start = optionalWhole(request, "startTime", Long.MIN_VALUE);
        long end = optionalWhole(request, "endTime", Long.MAX_VALUE);
        int limit = (int) optionalWhole(request, "limit", 500);
        ArrayNode rows = NODES.arrayNode();
        account.marginChanges.stream()
                .filter(c -> c.symbol().equals(symbol) && (type == null || type.equals(Integer.toString(c.type()))))
                .filter(c -> c.time() >= start && c.time() <= end)
                .limit(limit)
                .forEach(c -> {
                    ObjectNode row = rows.addObject();
                    row.put("symbol", c.symbol());
                    row.put("type", c.type());
                    row.put("deltaType", c.deltaType());
                    row.put("amount", money(c.amount()));
                    row.put("asset", c.asset());
                    row.put("time", c.time());
                    row.put("positionSide", c.positionSide());
                });
        return rows;
    }

    /**
     * The user's force orders, newest first: of one symbol or all, of one {@code autoCloseType} or
     * both, from {@code startTime} (else the last seven days), at most {@code limit} (50, up to 100).
     */
    private static ArrayNode forceOrders(DialectRequest request, DialectAccount account, long now) {
        String symbol = request.param("symbol");
        String type = request.param("autoCloseType");
        long start = optionalWhole(request, "startTime", now - Duration.ofDays(7).toMillis());
        long end = optionalWhole(request, "endTime", Long.MAX_VALUE);
        int limit = (int) Math.min(100, optionalWhole(request, "limit", 50));
        ArrayNode rows = NODES.arrayNode();
        account.forceOrders.reversed().stream()
                .filter(o -> symbol == null || symbol.equals(o.symbol()))
                .filter(o -> type == null || type.equals(o.clientOrderId().startsWith("adl") ? "ADL" : "LIQUIDATION"))
                .filter(o -> o.time() >= start && o.time() <= end)
                .limit(limit)
                .forEach(o -> {
                    ObjectNode row = rows.addObject();
                    row.put("orderId", o.orderId());
                    row.put("symbol", o.symbol());
                    row.put("status", "FILLED");
                    row.put("clientOrderId", o.clientOrderId());
                    row.put("price", money(o.avgPrice()));
                    row.put("avgPrice", money(o.avgPrice()));
                    row.put("origQty", money(o.executedQty()));
                    row.put("executedQty", money(o.executedQty()));
                    row.put("cumQuote", money(o.avgPrice().multiply(o.executedQty())));
                    row.put("timeInForce", "IOC");
                    row.put("type", "LIMIT");
                    row.put("reduceOnly", false);
                    row.put("closePosition", false);
                    row.put("side", o.side());
                    row.put("positionSide", "BOTH");
                    row.put("origType", "LIMIT");
                    row.put("time", o.time());
                    row.put("updateTime", o.time());
                });
        return rows;
    }

    private static BigDecimal amount(String text) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DialectError(400, DialectError.ILLEGAL_CHARS, "Illegal characters found in parameter 'amount'.");
        }
        if (amount.signum() <= 0) {
            throw new DialectError(400, DialectError.AMOUNT_MUST_BE_POSITIVE, "Amount must be positive.");
        }
        if (amount.stripTrailingZeros().scale() > ASSET_DECIMALS) {
            throw new DialectError(400, DialectError.BAD_PRECISION, "Precision is over the maximum defined for this asset.");
        }
        return amount;
    }

    private static long optionalWhole(DialectRequest request, String name, long fallback) {
        String value = request.param(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DialectError(400, DialectError.ILLEGAL_CHARS, "Illegal characters found in parameter '" + name + "'.");
        }
    }

    static String money(BigDecimal value) {
        return value.setScale(ASSET_DECIMALS, RoundingMode.HALF_UP).toPlainString();
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
