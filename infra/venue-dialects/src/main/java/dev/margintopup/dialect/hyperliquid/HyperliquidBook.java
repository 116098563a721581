package dev.margintopup.dialect.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.dialect.MarkHistory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The venue's state behind the Hyperliquid dialect server: accounts, marks and their one-minute
 * candles, the perp universe, each account's non-funding ledger and each signer's nonces. Everything runs under one lock, as
 * the venue orders actions in blocks.
 */
final class HyperliquidBook {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The venue keeps the highest nonces of each signer; a new one must beat the smallest kept. */
    static final int NONCES_KEPT = 100;
    static final Duration NONCE_PAST = Duration.ofDays(2);
    static final Duration NONCE_FUTURE = Duration.ofDays(1);
    /** The venue keeps the most recent 5000 candles of a coin and interval. */
    static final int CANDLES_KEPT = 5000;
    static final long MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();
    /** The intervals the venue's candleSnapshot reads; anything else does not deserialise. */
    static final Set<String> INTERVALS = Set.of("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d",
            "3d", "1w", "1M");

    /** A refusal in the venue's {@code {"status":"err","response":...}} shape. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final Supplier<Instant> now;
    private final Map<String, HyperliquidAccount> accounts = new HashMap<>();
    private final Map<String, BigDecimal> marks = new HashMap<>();
    private final MarkHistory markHistory = new MarkHistory();
    private final List<String> universe = new ArrayList<>();
    private final Map<String, Integer> maxLeverage = new HashMap<>();
    private final Map<String, List<LedgerEntry>> ledgers = new HashMap<>();
    private final Map<String, List<IsolatedAdd>> adds = new HashMap<>();
    private final Map<String, TreeSet<Long>> nonces = new HashMap<>();

    HyperliquidBook(Supplier<Instant> now) {
        this.now = now;
    }

    synchronized void seed(HyperliquidAccount account) {
        accounts.put(account.address, account);
        for (HyperliquidAccount.Position position : account.positions) {
            listed(position.coin, position.maxLeverage);
        }
    }

    synchronized void listed(String coin, int leverage) {
        if (!universe.contains(coin)) {
            universe.add(coin);
            maxLeverage.put(coin, leverage);
        }
    }

    /** The coin's mark from {@code at} on: the current mark, and a candle of {@code at}'s minute. */
    synchronized void setMark(String coin, BigDecimal price, Instant at) {
        marks.put(coin, price);
        markHistory.record(coin, at, price);
    }

    synchronized List<LedgerEntry> ledger(String address) {
        return List.copyOf(ledgers.getOrDefault(address, List.of()));
    }

    synchronized List<IsolatedAdd> adds(String address) {
        return List.copyOf(adds.getOrDefault(address, List.of()));
    }

    synchronized BigDecimal spot(String address) {
        return accounts.get(address).spot;
    }

    synchronized BigDecimal perp(String address) {
        return accounts.get(address).perp;
    }

    synchronized BigDecimal isolatedMargin(String address, String coin) {
        return accounts.get(address).positions.stream().filter(p -> p.coin.equals(coin)).findFirst().orElseThrow()
                .isolatedMargin;
    }

    // ---- /info ----

    synchronized JsonNode info(JsonNode request) {
        String type = request.path("type").asText("");
        return switch (type) {
            case "meta" -> meta();
            case "clearinghouseState" -> clearinghouseState(user(request));
            case "spotClearinghouseState" -> spotState(user(request));
            case "userNonFundingLedgerUpdates" -> ledgerUpdates(user(request), request);
            case "candleSnapshot" -> candleSnapshot(request.path("req"));
            default -> throw new Refused("Unknown info request type " + type);
        };
    }

    private HyperliquidAccount user(JsonNode request) {
        String user = request.path("user").asText("");
        if (!user.matches("0x[0-9a-fA-F]{40}")) {
            throw new Refused("Failed to deserialize the JSON body into the target type");
        }
        // An address the venue has never seen reads as an empty account, as on the venue.
        return accounts.getOrDefault(user.toLowerCase(), new HyperliquidAccount(user));
    }

    private JsonNode meta() {
        ObjectNode meta = JSON.createObjectNode();
        ArrayNode list = meta.putArray("universe");
        for (String coin : universe) {
            list.addObject().put("name", coin).put("szDecimals", 4).put("maxLeverage", maxLeverage.get(coin));
        }
        return meta;
    }

    /**
     * The venue's margin view: cross value = perp balance + cross unrealised PnL; maintenance =
     * half the initial margin at max leverage; an isolated position's equity = its margin + PnL.
     */
    private JsonNode clearinghouseState(HyperliquidAccount account) {
        Cross cross = cross(account);
        BigDecimal crossPnl = cross.pnl();
        BigDecimal crossMaintenance = cross.maintenance();
        BigDecimal crossNotional = cross.notional();
        BigDecimal crossValue = account.perp.add(crossPnl);
        ObjectNode state = JSON.createObjectNode();
        ObjectNode summary = JSON.createObjectNode();
        summary.put("accountValue", plain(crossValue));
        summary.put("totalNtlPos", plain(crossNotional));
        summary.put("totalRawUsd", plain(account.perp));
        summary.put("totalMarginUsed", plain(crossMaintenance.multiply(BigDecimal.TWO)));
        state.set("marginSummary", summary.deepCopy());
        state.set("crossMarginSummary", summary);
        state.put("crossMaintenanceMarginUsed", plain(crossMaintenance));
        state.put("withdrawable", plain(withdrawable(account)));
        ArrayNode rows = state.putArray("assetPositions");
        for (HyperliquidAccount.Position p : account.positions) {
            ObjectNode position = rows.addObject().put("type", "oneWay").putObject("position");
            BigDecimal rawUsd = p.isolatedMargin.subtract(p.size.multiply(p.entryPx));
            position.put("coin", p.coin);
            position.put("szi", plain(p.size));
            position.put("entryPx", plain(p.entryPx));
            position.put("positionValue", plain(value(p)));
            position.put("unrealizedPnl", plain(pnl(p)));
            BigDecimal liquidation = liquidationPrice(p, p.isolated ? p.isolatedMargin
                    : account.perp.add(crossPnl).subtract(pnl(p)).subtract(crossMaintenance).add(maintenance(p)));
            if (liquidation == null) {
                position.putNull("liquidationPx");
            } else {
                position.put("liquidationPx", plain(liquidation));
            }
            position.put("marginUsed", plain(p.isolated ? p.isolatedMargin.add(pnl(p)) : maintenance(p).multiply(BigDecimal.TWO)));
            ObjectNode leverage = position.putObject("leverage");
            leverage.put("type", p.isolated ? "isolated" : "cross");
            leverage.put("value", p.maxLeverage);
            if (p.isolated) {
                leverage.put("rawUsd", plain(rawUsd));
            }
            position.put("maxLeverage", p.maxLeverage);
            position.putObject("cumFunding").put("allTime", "0.0");
        }
        state.put("time", now.get().toEpochMilli());
        return state;
    }

    /** Where equity {@code margin + size × (mark − entry)} meets maintenance {@code |size| × mark ÷ 2L}. */
    private static BigDecimal liquidationPrice(HyperliquidAccount.Position p, BigDecimal margin) {
        BigDecimal denominator = p.size.subtract(p.size.abs().divide(BigDecimal.valueOf(2L * p.maxLeverage),
                MathContext.DECIMAL64));
        BigDecimal price = p.size.multiply(p.entryPx).subtract(margin).divide(denominator, 2, RoundingMode.HALF_UP);
        return price.signum() > 0 ? price : null;
    }

    private JsonNode spotState(HyperliquidAccount account) {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode balances = state.putArray("balances");
        if (account.spot.signum() > 0) {
            balances.addObject().put("coin", "USDC").put("token", 0).put("hold", "0.0")
                    .put("total", plain(account.spot)).put("entryNtl", "0.0");
        }
        return state;
    }

    private JsonNode ledgerUpdates(HyperliquidAccount account, JsonNode request) {
        if (!request.path("startTime").canConvertToLong()) {
            throw new Refused("Failed to deserialize the JSON body into the target type");
        }
        long start = request.get("startTime").asLong();
        long end = request.path("endTime").canConvertToLong() ? request.get("endTime").asLong() : Long.MAX_VALUE;
        ArrayNode rows = JSON.createArrayNode();
        for (LedgerEntry entry : ledgers.getOrDefault(account.address, List.of())) {
            if (entry.time() >= start && entry.time() <= end) {
                ObjectNode row = rows.addObject().put("time", entry.time()).put("hash", entry.hash());
                row.putObject("delta").put("type", "accountClassTransfer").put("usdc", plain(entry.usdc()))
                        .put("toPerp", entry.toPerp());
            }
        }
        return rows;
    }

    /**
     * {@code [{t, T, s, i, o, c, h, l, v, n}]}: every one-minute candle whose minute overlaps
     * {@code [startTime, endTime]} ({@code endTime} now when left out), oldest first, out of the most
     * recent {@value #CANDLES_KEPT}; the dialect trades nothing, so volume and trade count are 0. A
     * coin without marks answers {@code null}, as the venue answers a coin it does not list.
     */
    private JsonNode candleSnapshot(JsonNode req) {
        JsonNode coin = req.path("coin");
        JsonNode interval = req.path("interval");
        JsonNode start = req.path("startTime");
        JsonNode end = req.path("endTime");
        if (!req.isObject() || !coin.isTextual() || !interval.isTextual() || !INTERVALS.contains(interval.asText())
                || !start.isIntegralNumber() || !(end.isMissingNode() || end.isNull() || end.isIntegralNumber())) {
            throw new SignatureRecovery.Unreadable("req needs coin, a known interval, startTime and endTime in ms");
        }
        if (!"1m".equals(interval.asText())) {
            throw new SignatureRecovery.Unreadable("this dialect serves interval 1m only");
        }
        if (!markHistory.knows(coin.asText())) {
            return NullNode.getInstance();
        }
        long from = start.asLong();
        long to = end.isIntegralNumber() ? end.asLong() : now.get().toEpochMilli();
        ArrayNode candles = JSON.createArrayNode();
        for (MarkHistory.Bar bar : markHistory.lastMinutes(coin.asText(), CANDLES_KEPT)) {
            long open = bar.openTime().toEpochMilli();
            if (open + MINUTE_MILLIS > from && open <= to) {
                candles.addObject().put("t", open).put("T", open + MINUTE_MILLIS - 1).put("s", coin.asText())
                        .put("i", "1m").put("o", plain(bar.open())).put("c", plain(bar.close()))
                        .put("h", plain(bar.high())).put("l", plain(bar.low())).put("v", "0.0").put("n", 0);
            }
        }
        return candles;
    }

    // ---- /exchange ----

    /**
     * A spot → perp transfer or back, signed by the account's own key. The nonce is checked first and is
     * taken only by an action that was applied.
     */
    synchronized void usdClassTransfer(String signer, JsonNode action, long nonce, boolean mainnet) {
        if (!action.path("hyperliquidChain").asText().equals(mainnet ? "Mainnet" : "Testnet")) {
            throw new Refused("Invalid hyperliquidChain");
        }
        if (action.path("nonce").asLong() != nonce) {
            throw new Refused("Action nonce does not match the request nonce");
        }
        HyperliquidAccount account = accounts.get(signer);
        if (account == null) {
            throw new Refused("User or API Wallet " + signer + " does not exist.");
        }
        checkNonce(signer, nonce);
        BigDecimal amount;
        try {
            amount = new BigDecimal(action.path("amount").asText());
        } catch (NumberFormatException e) {
            throw new Refused("Invalid amount");
        }
        if (amount.signum() <= 0) {
            throw new Refused("Invalid amount");
        }
        boolean toPerp = action.path("toPerp").asBoolean();
        if (toPerp && account.spot.compareTo(amount) < 0) {
            throw new Refused("Insufficient balance for transfer");
        }
        if (!toPerp && withdrawable(account).compareTo(amount) < 0) {
            // Out of the perp balance the venue releases no more than its withdrawable: what the cross
            // positions' initial margin leaves free.
            throw new Refused("Insufficient balance for transfer");
        }
        BigDecimal intoPerp = toPerp ? amount : amount.negate();
        account.spot = account.spot.subtract(intoPerp);
        account.perp = account.perp.add(intoPerp);
        takeNonce(signer, nonce);
        long time = now.get().toEpochMilli();
        String hash = "0x" + HexFormat.of().formatHex(SignatureRecovery.keccak((signer + ":" + nonce)
                .getBytes(StandardCharsets.UTF_8)));
        ledgers.computeIfAbsent(account.address, a -> new ArrayList<>()).add(new LedgerEntry(time, hash, amount, toPerp));
    }

    /**
     * An isolated add, or with a negative {@code ntli} a removal back into the perp balance (L1 action),
     * signed by the account's key or one of its API wallets.
     */
    synchronized void updateIsolatedMargin(String signer, JsonNode action, long nonce) {
        HyperliquidAccount account = accounts.get(signer);
        if (account == null) {
            account = accounts.values().stream().filter(a -> a.agents.contains(signer)).findFirst()
                    .orElseThrow(() -> new Refused("User or API Wallet " + signer + " does not exist."));
        }
        checkNonce(signer, nonce);
        JsonNode asset = action.path("asset");
        JsonNode ntli = action.path("ntli");
        if (!asset.canConvertToInt() || asset.asInt() < 0 || asset.asInt() >= universe.size()
                || !ntli.isIntegralNumber() || !action.path("isBuy").isBoolean()) {
            throw new Refused("Failed to deserialize the JSON body into the target type");
        }
        String coin = universe.get(asset.asInt());
        HyperliquidAccount.Position position = account.positions.stream()
                .filter(p -> p.coin.equals(coin) && p.isolated && p.size.signum() != 0).findFirst()
                .orElseThrow(() -> new Refused("Cannot update margin for a position that is not isolated or open"));
        BigDecimal usdc = BigDecimal.valueOf(ntli.asLong(), 6);
        if (usdc.signum() == 0) {
            throw new Refused("Failed to deserialize the JSON body into the target type");
        }
        if (usdc.signum() > 0 && account.perp.compareTo(usdc) < 0) {
            throw new Refused("Insufficient margin to add to the isolated position");
        }
        if (usdc.signum() < 0 && removable(position).compareTo(usdc.negate()) < 0) {
            throw new Refused("Insufficient margin to remove from the isolated position");
        }
        account.perp = account.perp.subtract(usdc);
        position.isolatedMargin = position.isolatedMargin.add(usdc);
        takeNonce(signer, nonce);
        adds.computeIfAbsent(account.address, a -> new ArrayList<>()).add(new IsolatedAdd(coin, usdc, nonce));
    }

    /** What a transfer to spot may take from the perp balance: cross value less the cross positions' initial margin. */
    private BigDecimal withdrawable(HyperliquidAccount account) {
        Cross cross = cross(account);
        return account.perp.add(cross.pnl()).subtract(cross.maintenance().multiply(BigDecimal.TWO)).max(BigDecimal.ZERO);
    }

    /** The cross positions' unrealised PnL, maintenance margin and notional, summed. */
    private record Cross(BigDecimal pnl, BigDecimal maintenance, BigDecimal notional) {}

    private Cross cross(HyperliquidAccount account) {
        BigDecimal pnl = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        for (HyperliquidAccount.Position p : account.positions) {
            if (!p.isolated) {
                pnl = pnl.add(pnl(p));
                maintenance = maintenance.add(maintenance(p));
                notional = notional.add(value(p));
            }
        }
        return new Cross(pnl, maintenance, notional);
    }

    /**
     * What may leave an isolated position: its margin and PnL above the initial margin at its max
     * leverage (twice the maintenance), and never more than the margin set aside.
     */
    private BigDecimal removable(HyperliquidAccount.Position p) {
        return p.isolatedMargin.add(pnl(p)).subtract(maintenance(p).multiply(BigDecimal.TWO)).max(BigDecimal.ZERO)
                .min(p.isolatedMargin);
    }

    /** The venue's nonce rules: unused, above the smallest of the highest kept, near the venue's time. */
    private void checkNonce(String signer, long nonce) {
        TreeSet<Long> kept = nonces.getOrDefault(signer, new TreeSet<>());
        if (kept.contains(nonce)) {
            throw new Refused("Invalid nonce: duplicate nonce");
        }
        if (kept.size() >= NONCES_KEPT && nonce < kept.first()) {
            throw new Refused("Invalid nonce: nonce too low");
        }
        Instant at = Instant.ofEpochMilli(nonce);
        Instant time = now.get();
        if (!at.isAfter(time.minus(NONCE_PAST)) || !at.isBefore(time.plus(NONCE_FUTURE))) {
            throw new Refused("Invalid nonce: outside the allowed time window");
        }
    }

    private void takeNonce(String signer, long nonce) {
        TreeSet<Long> kept = nonces.computeIfAbsent(signer, s -> new TreeSet<>());
        kept.add(nonce);
        while (kept.size() > NONCES_KEPT) {
            kept.pollFirst();
        }
    }

    /** Another action of the signer's, such as a trading bot's: it moves the signer's nonce window. */
    synchronized void useNonce(String signer, long nonce) {
        takeNonce(signer.toLowerCase(), nonce);
    }

    private BigDecimal mark(HyperliquidAccount.Position p) {
        BigDecimal mark = marks.get(p.coin);
        return mark == null ? p.entryPx : mark;
    }

    private BigDecimal value(HyperliquidAccount.Position p) {
        return p.size.abs().multiply(mark(p));
    }

    private BigDecimal pnl(HyperliquidAccount.Position p) {
        return p.size.multiply(mark(p).subtract(p.entryPx));
    }

    private BigDecimal maintenance(HyperliquidAccount.Position p) {
        return value(p).divide(BigDecimal.valueOf(2L * p.maxLeverage), MathContext.DECIMAL64);
    }

    private static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }
}
