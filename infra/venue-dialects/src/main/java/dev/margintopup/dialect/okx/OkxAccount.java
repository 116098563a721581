package dev.margintopup.dialect.okx;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One OKX (sub)account behind one API key, as seeded by a test: its key, the account level,
 * position mode and key permissions that {@code /api/v5/account/config} reports, and its funding
 * and trading balances and positions.
 */
public final class OkxAccount {

    final String apiKey;
    final String secret;
    final String passphrase;
    String acctLv = "2";
    String posMode = "net_mode";
    String perm = "read_only,trade";
    boolean demo;
    final Map<String, BigDecimal> funding = new LinkedHashMap<>();
    final Map<String, BigDecimal> trading = new LinkedHashMap<>();
    final List<OkxPosition> positions = new ArrayList<>();
    /** The funding accounts of this main account's sub-accounts, by sub-account name. */
    final Map<String, Map<String, BigDecimal>> subAccountFunding = new LinkedHashMap<>();

    public OkxAccount(String apiKey, String secret, String passphrase) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
    }

    /** 1 Spot, 2 Futures (the default), 3 Multi-currency margin, 4 Portfolio margin. */
    public OkxAccount acctLv(String level) {
        this.acctLv = level;
        return this;
    }

    public OkxAccount posMode(String mode) {
        this.posMode = mode;
        return this;
    }

    /** Comma-separated, as OKX reports it: {@code read_only}, {@code trade}, {@code withdraw}. */
    public OkxAccount perm(String permissions) {
        this.perm = permissions;
        return this;
    }

    /** A demo-trading key: it answers only requests with {@code x-simulated-trading: 1}, as on OKX. */
    public OkxAccount demo(boolean isDemo) {
        this.demo = isDemo;
        return this;
    }

    public OkxAccount funding(String ccy, String amount) {
        funding.put(ccy, new BigDecimal(amount));
        return this;
    }

    /** Cash in the trading account, before unrealised PnL and not counting isolated margins. */
    public OkxAccount trading(String ccy, String amount) {
        trading.put(ccy, new BigDecimal(amount));
        return this;
    }

    /** A sub-account of this main account, by name, with a funding balance of {@code ccy}. */
    public OkxAccount subAccountFunding(String subAcct, String ccy, String amount) {
        subAccountFunding.computeIfAbsent(subAcct, s -> new LinkedHashMap<>()).put(ccy, new BigDecimal(amount));
        return this;
    }

    public OkxAccount position(OkxPosition position) {
        positions.add(position);
        return this;
    }
}
