package dev.margintopup.dialect.binance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Binance account behind one API key, as the dialect server keeps it. Seeding methods return
 * the account so a test reads as one sentence; every change goes through the server's lock.
 */
public final class DialectAccount {

    /** Leverage of every seeded position; it only sets the initial margin the account reports. */
    static final BigDecimal LEVERAGE = BigDecimal.TEN;

    final String apiKey;
    final String secret;
    private final Object lock;
    final Map<Wallet, Map<String, BigDecimal>> wallets = new EnumMap<>(Wallet.class);
    final Map<String, Position> positions = new LinkedHashMap<>();
    final List<TransferRow> transfers = new ArrayList<>();
    final List<MarginChange> marginChanges = new ArrayList<>();
    final List<ForceOrder> forceOrders = new ArrayList<>();
    Set<Permission> permissions = EnumSet.of(Permission.READING, Permission.UNIVERSAL_TRANSFER, Permission.FUTURES);
    boolean hedgeMode;
    boolean multiAssetsMode;
    /** When a balance last changed, in epoch ms: the seeding time until something moves. */
    long updateTime;

    DialectAccount(String apiKey, String secret, Object lock, long createdAt) {
        this.apiKey = apiKey;
        this.secret = secret;
        this.lock = lock;
        this.updateTime = createdAt;
        for (Wallet wallet : Wallet.values()) {
            wallets.put(wallet, new HashMap<>());
        }
    }

    public DialectAccount wallet(Wallet wallet, String asset, String amount) {
        synchronized (lock) {
            wallets.get(wallet).put(asset, new BigDecimal(amount));
        }
        return this;
    }

    /** Replaces the key's options; the default is reading, universal transfer and futures. */
    public DialectAccount permissions(Permission... granted) {
        synchronized (lock) {
            permissions = granted.length == 0 ? EnumSet.noneOf(Permission.class) : EnumSet.of(granted[0], granted);
        }
        return this;
    }

    public DialectAccount hedgeMode(boolean on) {
        synchronized (lock) {
            hedgeMode = on;
        }
        return this;
    }

    public DialectAccount multiAssetsMode(boolean on) {
        synchronized (lock) {
            multiAssetsMode = on;
        }
        return this;
    }

    /** A one-way cross position: {@code amount} negative for a short. */
    public DialectAccount crossPosition(String symbol, String amount, String entryPrice, String maintenanceRate) {
        synchronized (lock) {
            positions.put(symbol, new Position(symbol, "BOTH", new BigDecimal(amount), new BigDecimal(entryPrice),
                    new BigDecimal(maintenanceRate), false, BigDecimal.ZERO, updateTime));
        }
        return this;
    }

    /**
     * A hedge-mode cross position: {@code positionSide} LONG or SHORT, {@code amount} positive for
     * LONG and negative for SHORT, as Binance reports them; one symbol may hold both sides.
     */
    public DialectAccount hedgePosition(String symbol, String positionSide, String amount, String entryPrice,
            String maintenanceRate) {
        if (!"LONG".equals(positionSide) && !"SHORT".equals(positionSide)) {
            throw new IllegalArgumentException("positionSide is LONG or SHORT in hedge mode, was " + positionSide);
        }
        synchronized (lock) {
            positions.put(symbol + ":" + positionSide, new Position(symbol, positionSide, new BigDecimal(amount),
                    new BigDecimal(entryPrice), new BigDecimal(maintenanceRate), false, BigDecimal.ZERO, updateTime));
        }
        return this;
    }

    /** A hedge-mode isolated position, one side of {@code symbol}, with {@code isolatedWallet} of margin. */
    public DialectAccount hedgeIsolatedPosition(String symbol, String positionSide, String amount, String entryPrice,
            String isolatedWallet, String maintenanceRate) {
        if (!"LONG".equals(positionSide) && !"SHORT".equals(positionSide)) {
            throw new IllegalArgumentException("positionSide is LONG or SHORT in hedge mode, was " + positionSide);
        }
        synchronized (lock) {
            positions.put(symbol + ":" + positionSide, new Position(symbol, positionSide, new BigDecimal(amount),
                    new BigDecimal(entryPrice), new BigDecimal(maintenanceRate), true, new BigDecimal(isolatedWallet),
                    updateTime));
        }
        return this;
    }

    /** A one-way isolated position with {@code isolatedWallet} of margin. */
    public DialectAccount isolatedPosition(String symbol, String amount, String entryPrice, String isolatedWallet,
            String maintenanceRate) {
        synchronized (lock) {
            positions.put(symbol, new Position(symbol, "BOTH", new BigDecimal(amount), new BigDecimal(entryPrice),
                    new BigDecimal(maintenanceRate), true, new BigDecimal(isolatedWallet), updateTime));
        }
        return this;
    }

    BigDecimal balance(Wallet wallet, String asset) {
        return wallets.get(wallet).getOrDefault(asset, BigDecimal.ZERO);
    }

    void credit(Wallet wallet, String asset, BigDecimal amount) {
        wallets.get(wallet).merge(asset, amount, BigDecimal::add);
    }

    /** A position with a flat maintenance rate (no maintenance amount), enough for exact test numbers. */
    static final class Position {
        final String symbol;
        /** BOTH in one-way mode; LONG or SHORT in hedge mode. */
        final String positionSide;
        final BigDecimal amount;
        final BigDecimal entryPrice;
        final BigDecimal maintenanceRate;
        final boolean isolated;
        BigDecimal isolatedWallet;
        long updateTime;

        Position(String symbol, String positionSide, BigDecimal amount, BigDecimal entryPrice,
                BigDecimal maintenanceRate, boolean isolated, BigDecimal isolatedWallet, long updateTime) {
            this.symbol = symbol;
            this.positionSide = positionSide;
            this.amount = amount;
            this.entryPrice = entryPrice;
            this.maintenanceRate = maintenanceRate;
            this.isolated = isolated;
            this.isolatedWallet = isolatedWallet;
            this.updateTime = updateTime;
        }

        String marginAsset() {
            return symbol.endsWith("USDC") ? "USDC" : "USDT";
        }
    }
}
