package dev.margintopup.dialect.bybit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Bybit UID behind one API key: its account mode, the key's permissions, the Funding and
 * Unified wallets and its positions. Built with {@link #builder}; the server owns it afterwards.
 */
public final class BybitAccount {

    final String apiKey;
    final String secret;
    final int unifiedMarginStatus;
    final String marginMode;
    final boolean readOnly;
    final List<String> walletPermissions;
    final List<String> contractPermissions;
    final Map<String, BigDecimal> fund = new HashMap<>();
    final Map<String, BigDecimal> unified = new HashMap<>();
    final List<BybitPosition> positions = new ArrayList<>();
    /** This key's own UID, which query-api reports as {@code userID}. */
    final String memberId;
    /** Whether the UID is a main account; only a main account's key reaches its sub-accounts. */
    final boolean master;
    /** The Funding wallets of this main account's sub-accounts, by sub-account UID. */
    final Map<String, Map<String, BigDecimal>> subAccountFunds = new HashMap<>();

    private BybitAccount(Builder b) {
        this.memberId = b.memberId;
        this.master = b.master;
        b.subAccountFunds.forEach((uid, coins) -> subAccountFunds.put(uid, new HashMap<>(coins)));
        this.apiKey = b.apiKey;
        this.secret = b.secret;
        this.unifiedMarginStatus = b.unifiedMarginStatus;
        this.marginMode = b.marginMode;
        this.readOnly = b.readOnly;
        this.walletPermissions = List.copyOf(b.walletPermissions);
        this.contractPermissions = List.copyOf(b.contractPermissions);
        this.fund.putAll(b.fund);
        this.unified.putAll(b.unified);
        this.positions.addAll(b.positions);
    }

    public static Builder builder(String apiKey, String secret) {
        return new Builder(apiKey, secret);
    }

    public static final class Builder {
        private final String apiKey;
        private final String secret;
        private int unifiedMarginStatus = 6;
        private String marginMode = "REGULAR_MARGIN";
        private boolean readOnly;
        private List<String> walletPermissions = List.of("AccountTransfer");
        private List<String> contractPermissions = List.of("Order", "Position");
        private final Map<String, BigDecimal> fund = new HashMap<>();
        private final Map<String, BigDecimal> unified = new HashMap<>();
        private final List<BybitPosition> positions = new ArrayList<>();
        private String memberId = "533285";
        private boolean master = true;
        private final Map<String, Map<String, BigDecimal>> subAccountFunds = new HashMap<>();

        private Builder(String apiKey, String secret) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            this.secret = Objects.requireNonNull(secret, "secret");
        }

        /** 1 classic, 3/4 UTA 1.0 (pro), 5/6 UTA 2.0 (pro). */
        public Builder unifiedMarginStatus(int status) {
            this.unifiedMarginStatus = status;
            return this;
        }

        /** REGULAR_MARGIN (cross), ISOLATED_MARGIN or PORTFOLIO_MARGIN. */
        public Builder marginMode(String mode) {
            this.marginMode = mode;
            return this;
        }

        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** The key's Wallet permissions, e.g. AccountTransfer, SubMemberTransfer, Withdraw. */
        public Builder walletPermissions(String... permissions) {
            this.walletPermissions = List.of(permissions);
            return this;
        }

        /** The key's ContractTrade permissions, e.g. Order, Position. */
        public Builder contractPermissions(String... permissions) {
            this.contractPermissions = List.of(permissions);
            return this;
        }

        public Builder fund(String coin, String amount) {
            fund.put(coin, new BigDecimal(amount));
            return this;
        }

        /** The Unified wallet's balance of a coin, isolated margins not included. */
        public Builder unified(String coin, String amount) {
            unified.put(coin, new BigDecimal(amount));
            return this;
        }

        /** The key's own UID (default 533285). */
        public Builder memberId(String uid) {
            this.memberId = Objects.requireNonNull(uid, "uid");
            return this;
        }

        /** False for a sub-account's key: it cannot reach other UIDs. */
        public Builder master(boolean isMaster) {
            this.master = isMaster;
            return this;
        }

        /** A sub-account of this main account, by UID, with a Funding wallet balance of {@code coin}. */
        public Builder subAccountFund(String uid, String coin, String amount) {
            subAccountFunds.computeIfAbsent(uid, u -> new HashMap<>()).put(coin, new BigDecimal(amount));
            return this;
        }

        public Builder position(BybitPosition position) {
            positions.add(position);
            return this;
        }

        public BybitAccount build() {
            return new BybitAccount(this);
        }
    }
}
