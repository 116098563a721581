package dev.margintopup.dialect.hyperliquid;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One account as the dialect server holds it: an address with a spot USDC balance, a perp
 * (cross) USDC balance, its positions, and the API wallets allowed to sign L1 actions for it.
 * Mutated only under the book's lock.
 */
public final class HyperliquidAccount {

    /** One position: {@code isolatedMargin} is the USDC set aside for an isolated one, 0 for cross. */
    public static final class Position {
        final String coin;
        final BigDecimal size;
        final BigDecimal entryPx;
        final int maxLeverage;
        final boolean isolated;
        BigDecimal isolatedMargin;

        public Position(String coin, String size, String entryPx, int maxLeverage, boolean isolated, String isolatedMargin) {
            this.coin = coin;
            this.size = new BigDecimal(size);
            this.entryPx = new BigDecimal(entryPx);
            this.maxLeverage = maxLeverage;
            this.isolated = isolated;
            this.isolatedMargin = new BigDecimal(isolatedMargin);
        }

        public static Position cross(String coin, String size, String entryPx, int maxLeverage) {
            return new Position(coin, size, entryPx, maxLeverage, false, "0");
        }

        public static Position isolated(String coin, String size, String entryPx, int maxLeverage, String margin) {
            return new Position(coin, size, entryPx, maxLeverage, true, margin);
        }
    }

    final String address;
    BigDecimal spot = BigDecimal.ZERO;
    BigDecimal perp = BigDecimal.ZERO;
    final List<Position> positions = new ArrayList<>();
    final Set<String> agents = new HashSet<>();

    /** @param address the account's address; its key signs user actions */
    public HyperliquidAccount(String address) {
        this.address = address.toLowerCase(Locale.ROOT);
    }

    public HyperliquidAccount spot(String usdc) {
        this.spot = new BigDecimal(usdc);
        return this;
    }

    public HyperliquidAccount perp(String usdc) {
        this.perp = new BigDecimal(usdc);
        return this;
    }

    public HyperliquidAccount position(Position position) {
        positions.add(position);
        return this;
    }

    /** An API wallet approved to sign L1 actions for this account (never user-signed ones). */
    public HyperliquidAccount agent(String agentAddress) {
        agents.add(agentAddress.toLowerCase(Locale.ROOT));
        return this;
    }

    public String address() {
        return address;
    }
}
