package dev.margintopup.local;

import dev.margintopup.dialect.binance.BinanceDialectServer;
import dev.margintopup.dialect.bybit.BybitAccount;
import dev.margintopup.dialect.bybit.BybitDialectServer;
import dev.margintopup.dialect.bybit.BybitPosition;
import dev.margintopup.dialect.hyperliquid.HyperliquidAccount;
import dev.margintopup.dialect.hyperliquid.HyperliquidDialectServer;
import dev.margintopup.dialect.okx.OkxAccount;
import dev.margintopup.dialect.okx.OkxDialectServer;
import dev.margintopup.dialect.okx.OkxPosition;
import dev.margintopup.venue.VenueCredentials;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * The real venues' dialect servers, behind one small face so that the end-to-end protocol tests
 * run unchanged against each adapter. Each venue seeds one cross account that is healthy at the
 * start and past a 0.15 trigger after {@link #breach}.
 */
interface RealVenueDialects extends AutoCloseable {

    /** The venue's name in account items. */
    String venue();

    String baseUrl();

    /** The collateral asset and the source wallet an account item names on this venue. */
    default String asset() {
        return "USDT";
    }

    default String sourceWallet() {
        return "FUNDING";
    }

    /** Seeds a fresh cross account with plenty in its funding wallet; returns its key. */
    VenueCredentials seedCrossAccount();

    /** Moves the mark price so that the account's margin ratio passes 0.15. */
    void breach(VenueCredentials account);

    /** Every request the venue's server has received, from any account, per path. */
    java.util.SortedMap<String, Integer> requests();

    /** How many transfers into margin the venue has applied for this key. */
    int transfers(VenueCredentials account);

    BigDecimal transferred(VenueCredentials account);

    @Override
    void close();

    /**
     * A venue whose main account's key may draw on the owner's sub-accounts. The seeded account is the
     * venue's cross account with {@code funding} in its own funding wallet and a sub-account holding
     * {@code subAccountFunding} in its funding wallet.
     */
    interface WithSubAccounts extends RealVenueDialects {

        VenueCredentials seedCrossAccount(String funding, String subAccountFunding);

        /** The name a SUBACCOUNT source gives the seeded sub-account: its UID on Bybit, its name on OKX. */
        String subAccount();

        BigDecimal fundingBalance(VenueCredentials account);

        BigDecimal subAccountBalance(VenueCredentials account);

        /** The transfers applied for this key: {@code FUNDING amount}s, then {@code SUBACCOUNT amount}s. */
        java.util.List<String> legs(VenueCredentials account);
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    /**
     * A venue whose adapter sweeps cross margin back, with what the sweep tests drive and read. After
     * {@link #breach} and a top-up to a 0.05 target, {@link #recover} leaves the account calm, well
     * below its target, and {@link #dip} takes it back inside the band between target and trigger.
     */
    interface Sweeping extends RealVenueDialects {

        void recover(VenueCredentials account);

        void dip(VenueCredentials account);

        /** The next transfer between the source wallet and margin is applied and its answer lost. */
        void loseNextTransferAnswer();

        /** The transfers applied for this key, in order: direction and amount. */
        java.util.List<String> transferLegs(VenueCredentials account);

        /** The source wallet's balance. */
        BigDecimal source(VenueCredentials account);

        /**
         * Seeds a fresh account with one isolated position (10 long from 3 000, 3 000 of margin) and
         * plenty in its source wallet, past a 0.15 trigger after {@link #breachIsolated}.
         */
        VenueCredentials seedIsolatedAccount();

        /** The isolated position's symbol, as the account item names it. */
        String symbol(VenueCredentials account);

        /** Mark 2 800: the isolated position's ratio passes 0.15. */
        void breachIsolated(VenueCredentials account);

        /** After a top-up to a 0.05 target, a mark at which the position is calm, well below the target. */
        void recoverIsolated(VenueCredentials account);

        BigDecimal isolatedMargin(VenueCredentials account);
    }

    static String key(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Binance USD-M, single-asset mode: 1 BTC long from 60000, 0.5 % maintenance, 10000 USDT futures wallet. */
    final class Binance implements RealVenueDialects {
        private final BinanceDialectServer server = BinanceDialectServer.start(0);
        private int symbols;
        private final java.util.Map<String, String> symbolOf = new java.util.concurrent.ConcurrentHashMap<>();

        @Override public String venue() { return "binance-usdm"; }
        @Override public String baseUrl() { return server.baseUrl(); }

        @Override
        public VenueCredentials seedCrossAccount() {
            VenueCredentials credentials = new VenueCredentials(key("binance"), UUID.randomUUID().toString(), null);
            String symbol = "B" + (++symbols) + "USDT";
            symbolOf.put(credentials.apiKey(), symbol);
            server.seedAccount(credentials.apiKey(), credentials.apiSecret())
                    .wallet(dev.margintopup.dialect.binance.Wallet.UMFUTURE, "USDT", "10000")
                    .wallet(dev.margintopup.dialect.binance.Wallet.FUNDING, "USDT", "50000")
                    .crossPosition(symbol, "1", "60000", "0.005");
            server.setMarkPrice(symbol, "60000");
            return credentials;
        }

        /** {@link #seedCrossAccount} with {@code funding} in the funding wallet and {@code spot} in the spot wallet. */
        VenueCredentials seedCrossAccount(String funding, String spot) {
            VenueCredentials credentials = seedCrossAccount();
            server.seedAccount(credentials.apiKey(), credentials.apiSecret())
                    .wallet(dev.margintopup.dialect.binance.Wallet.UMFUTURE, "USDT", "10000")
                    .wallet(dev.margintopup.dialect.binance.Wallet.FUNDING, "USDT", funding)
                    .wallet(dev.margintopup.dialect.binance.Wallet.SPOT, "USDT", spot)
                    .crossPosition(symbolOf.get(credentials.apiKey()), "1", "60000", "0.005");
            return credentials;
        }

        BigDecimal balance(VenueCredentials account, dev.margintopup.dialect.binance.Wallet wallet) {
            return server.balance(account.apiKey(), wallet, "USDT");
        }

        /**
         * One-way isolated: 1 long from 60000 with 10000 of isolated margin, 0.5 % maintenance (10x: its
         * initial margin is a tenth of the notional); 100 USDT in the futures wallet, 50000 in funding.
         */
        VenueCredentials seedIsolatedAccount() {
            VenueCredentials credentials = new VenueCredentials(key("binance"), UUID.randomUUID().toString(), null);
            String symbol = "BI" + (++symbols) + "USDT";
            symbolOf.put(credentials.apiKey(), symbol);
            server.seedAccount(credentials.apiKey(), credentials.apiSecret())
                    .wallet(dev.margintopup.dialect.binance.Wallet.UMFUTURE, "USDT", "100")
                    .wallet(dev.margintopup.dialect.binance.Wallet.FUNDING, "USDT", "50000")
                    .isolatedPosition(symbol, "1", "60000", "10000", "0.005");
            server.setMarkPrice(symbol, "60000");
            return credentials;
        }

        String symbol(VenueCredentials account) {
            return symbolOf.get(account.apiKey());
        }

        BigDecimal isolatedMargin(VenueCredentials account) {
            return server.isolatedWallet(account.apiKey(), symbolOf.get(account.apiKey()));
        }

        /** The isolated margin changes applied for this key, in order: type (1 add, 2 reduce) and amount. */
        java.util.List<String> marginChanges(VenueCredentials account) {
            return server.marginChanges(account.apiKey()).stream()
                    .map(c -> c.type() + " " + c.amount().stripTrailingZeros().toPlainString()).toList();
        }

        /** The next isolated margin change is applied and its answer lost, as a dropped connection does. */
        void loseNextMarginChangeAnswer() {
            server.injectFault(dev.margintopup.dialect.binance.BinanceFault.of(
                    dev.margintopup.dialect.binance.BinanceFault.Type.LOSE_RESPONSE, "POST", "/fapi/v1/positionMargin"));
        }

        /** The universal transfer types applied for this key, in order, with their amounts. */
        java.util.List<String> transferLegs(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream()
                    .map(t -> t.type() + " " + t.amount().stripTrailingZeros().toPlainString()).toList();
        }

        /** Moves the account's mark, as a market recovering after a breach. */
        void setMark(VenueCredentials account, String price) {
            server.setMarkPrice(symbolOf.get(account.apiKey()), price);
        }

        /** Mark 51500: margin balance 1500, maintenance 257.5, ratio 0.172. */
        @Override public void breach(VenueCredentials account) { server.setMarkPrice(symbolOf.get(account.apiKey()), "51500"); }
        @Override public int transfers(VenueCredentials account) { return server.transfers(account.apiKey()).size(); }
        @Override public java.util.SortedMap<String, Integer> requests() { return server.requestCounts(); }

        @Override
        public BigDecimal transferred(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream().map(t -> t.amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        @Override public void close() { server.close(); }
        @Override public String toString() { return venue(); }
    }

    /** Bybit v5, unified account: 10 ETH long from 3000, 5 % maintenance rate, 10000 USDT unified. */
    final class Bybit implements RealVenueDialects.WithSubAccounts {
        private final BybitDialectServer server = BybitDialectServer.start(0);
        private int symbols;
        private final java.util.Map<String, String> symbolOf = new java.util.concurrent.ConcurrentHashMap<>();

        @Override public String venue() { return "bybit-v5"; }
        @Override public String baseUrl() { return server.baseUrl(); }

        @Override
        public VenueCredentials seedCrossAccount() {
            VenueCredentials credentials = new VenueCredentials(key("bybit"), UUID.randomUUID().toString(), null);
            String symbol = "E" + (++symbols) + "USDT";
            symbolOf.put(credentials.apiKey(), symbol);
            server.seedAccount(BybitAccount.builder(credentials.apiKey(), credentials.apiSecret())
                    .fund("USDT", "50000")
                    .unified("USDT", "10000")
                    .position(BybitPosition.cross(symbol, "Buy", "10", "3000", "10", "0.05"))
                    .build());
            server.setMarkPrice(symbol, "3000");
            return credentials;
        }

        /** Moves the account's mark, as a market recovering after a breach. */
        void setMark(VenueCredentials account, String price) {
            server.setMarkPrice(symbolOf.get(account.apiKey()), price);
        }

        @Override public String subAccount() { return "592334"; }

        /** {@link #seedCrossAccount()} as a main account (UID 691355) whose key may move from its sub-accounts. */
        @Override
        public VenueCredentials seedCrossAccount(String funding, String subAccountFunding) {
            VenueCredentials credentials = new VenueCredentials(key("bybit"), UUID.randomUUID().toString(), null);
            String symbol = "E" + (++symbols) + "USDT";
            symbolOf.put(credentials.apiKey(), symbol);
            server.seedAccount(BybitAccount.builder(credentials.apiKey(), credentials.apiSecret())
                    .memberId("691355")
                    .walletPermissions("AccountTransfer", "SubMemberTransfer")
                    .fund("USDT", funding)
                    .unified("USDT", "10000")
                    .subAccountFund(subAccount(), "USDT", subAccountFunding)
                    .position(BybitPosition.cross(symbol, "Buy", "10", "3000", "10", "0.05"))
                    .build());
            server.setMarkPrice(symbol, "3000");
            return credentials;
        }

        @Override
        public BigDecimal fundingBalance(VenueCredentials account) {
            return server.fundBalance(account.apiKey(), "USDT");
        }

        @Override
        public BigDecimal subAccountBalance(VenueCredentials account) {
            return server.subAccountFund(account.apiKey(), subAccount(), "USDT");
        }

        @Override
        public java.util.List<String> legs(VenueCredentials account) {
            java.util.List<String> legs = new java.util.ArrayList<>();
            server.transfers(account.apiKey()).forEach(t -> legs.add("FUNDING " + plain(t.amount())));
            server.memberTransfers(account.apiKey()).forEach(t -> legs.add("SUBACCOUNT " + plain(t.transfer().amount())));
            return legs;
        }

        /**
         * Unified in isolated margin mode: 10 ETH long from 3000 at 10x with 12000 of isolated margin, 5 %
         * maintenance rate; nothing in the Unified wallet, 50000 in FUND.
         */
        VenueCredentials seedIsolatedAccount() {
            VenueCredentials credentials = new VenueCredentials(key("bybit"), UUID.randomUUID().toString(), null);
            String symbol = "EI" + (++symbols) + "USDT";
            symbolOf.put(credentials.apiKey(), symbol);
            server.seedAccount(BybitAccount.builder(credentials.apiKey(), credentials.apiSecret())
                    .marginMode("ISOLATED_MARGIN")
                    .fund("USDT", "50000")
                    .unified("USDT", "0")
                    .position(BybitPosition.isolated(symbol, "Buy", "10", "3000", "10", "0.05", "12000"))
                    .build());
            server.setMarkPrice(symbol, "3000");
            return credentials;
        }

        String symbol(VenueCredentials account) {
            return symbolOf.get(account.apiKey());
        }

        BigDecimal isolatedMargin(VenueCredentials account) {
            return server.positionIM(account.apiKey(), symbolOf.get(account.apiKey()));
        }

        /** The next inter-transfer is applied and its answer lost, as a dropped connection does. */
        void loseNextTransferAnswer() {
            server.injectFault(dev.margintopup.dialect.bybit.BybitFault.of(
                    dev.margintopup.dialect.bybit.BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.INTER_TRANSFER));
        }

        BigDecimal fund(VenueCredentials account) {
            return server.fundBalance(account.apiKey(), "USDT");
        }

        /** The inter-transfers applied for this key, in order: direction and amount. */
        java.util.List<String> transferLegs(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream().map(t -> t.fromAccountType() + "→" + t.toAccountType()
                    + " " + t.amount().stripTrailingZeros().toPlainString()).toList();
        }

        /** Mark 2600: margin balance 6000, maintenance 1300, ratio 0.217. */
        @Override public void breach(VenueCredentials account) { server.setMarkPrice(symbolOf.get(account.apiKey()), "2600"); }
        @Override public int transfers(VenueCredentials account) { return server.transfers(account.apiKey()).size(); }
        @Override public java.util.SortedMap<String, Integer> requests() { return server.requestCounts(); }

        @Override
        public BigDecimal transferred(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream().map(BybitDialectServer.Transfer::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        @Override public void close() { server.close(); }
        @Override public String toString() { return venue(); }
    }

    /** OKX v5, futures mode: 1 BTC (100 × 0.01) long from 61000, 0.5 % maintenance, 5500 USDT trading. */
    final class Okx implements Sweeping, RealVenueDialects.WithSubAccounts {
        private final OkxDialectServer server = OkxDialectServer.start(0);
        private int instruments;
        private final java.util.Map<String, String> instrumentOf = new java.util.concurrent.ConcurrentHashMap<>();

        @Override public String venue() { return "okx-v5"; }
        @Override public String baseUrl() { return server.baseUrl(); }

        @Override
        public VenueCredentials seedCrossAccount() {
            VenueCredentials credentials = new VenueCredentials(key("okx"), UUID.randomUUID().toString(), "Pass-" + UUID.randomUUID().toString().substring(0, 6));
            String instrument = "B" + (++instruments) + "-USDT-SWAP";
            instrumentOf.put(credentials.apiKey(), instrument);
            server.seedAccount(new OkxAccount(credentials.apiKey(), credentials.apiSecret(), credentials.passphrase())
                    .funding("USDT", "50000")
                    .trading("USDT", "5500")
                    .position(new OkxPosition(instrument, "cross", "net", new BigDecimal("100"), new BigDecimal("0.01"),
                            new BigDecimal("61000"), "USDT", BigDecimal.ZERO, new BigDecimal("0.005"), new BigDecimal("20"))));
            server.setMarkPrice(instrument, "60000");
            return credentials;
        }

        @Override public String subAccount() { return "desk2sub"; }

        /** {@link #seedCrossAccount()} with its funding and a sub-account's funding as given. */
        @Override
        public VenueCredentials seedCrossAccount(String funding, String subAccountFunding) {
            VenueCredentials credentials = seedCrossAccount();
            server.seedAccount(new OkxAccount(credentials.apiKey(), credentials.apiSecret(), credentials.passphrase())
                    .funding("USDT", funding)
                    .trading("USDT", "5500")
                    .subAccountFunding(subAccount(), "USDT", subAccountFunding)
                    .position(new OkxPosition(instrumentOf.get(credentials.apiKey()), "cross", "net",
                            new BigDecimal("100"), new BigDecimal("0.01"), new BigDecimal("61000"), "USDT",
                            BigDecimal.ZERO, new BigDecimal("0.005"), new BigDecimal("20"))));
            return credentials;
        }

        @Override
        public BigDecimal fundingBalance(VenueCredentials account) {
            return server.fundingBalance(account.apiKey(), "USDT");
        }

        @Override
        public BigDecimal subAccountBalance(VenueCredentials account) {
            return server.subAccountFunding(account.apiKey(), subAccount(), "USDT");
        }

        @Override
        public java.util.List<String> legs(VenueCredentials account) {
            java.util.List<String> legs = new java.util.ArrayList<>();
            server.transfers(account.apiKey()).forEach(t -> legs.add("FUNDING " + plain(t.amt())));
            server.subAccountTransfers(account.apiKey()).forEach(t -> legs.add("SUBACCOUNT " + plain(t.transfer().amt())));
            return legs;
        }

        /** Mark 57000: equity 1500, maintenance 285, ratio 0.19. */
        @Override public void breach(VenueCredentials account) { server.setMarkPrice(instrumentOf.get(account.apiKey()), "57000"); }

        /** Mark 59000 after a top-up of 4 200: equity 7 700, maintenance 295, ratio 0.038. */
        @Override public void recover(VenueCredentials account) { server.setMarkPrice(instrumentOf.get(account.apiKey()), "59000"); }

        /** Mark 56800 after a top-up of 4 200: equity 5 500, maintenance 284, ratio 0.052. */
        @Override public void dip(VenueCredentials account) { server.setMarkPrice(instrumentOf.get(account.apiKey()), "56800"); }

        @Override
        public void loseNextTransferAnswer() {
            server.injectFault(dev.margintopup.dialect.okx.OkxFault.of(
                    dev.margintopup.dialect.okx.OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.TRANSFER));
        }

        @Override
        public java.util.List<String> transferLegs(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream()
                    .map(t -> t.from() + "→" + t.to() + " " + t.amt().stripTrailingZeros().toPlainString()).toList();
        }

        @Override public BigDecimal source(VenueCredentials account) { return server.fundingBalance(account.apiKey(), "USDT"); }

        /** 10 ETH-like (1 000 × 0.01) long from 3 000 at 10×, 1 % maintenance, 3 000 of isolated margin. */
        @Override
        public VenueCredentials seedIsolatedAccount() {
            VenueCredentials credentials = new VenueCredentials(key("okx"), UUID.randomUUID().toString(),
                    "Pass-" + UUID.randomUUID().toString().substring(0, 6));
            String instrument = "E" + (++instruments) + "-USDT-SWAP";
            instrumentOf.put(credentials.apiKey(), instrument);
            server.seedAccount(new OkxAccount(credentials.apiKey(), credentials.apiSecret(), credentials.passphrase())
                    .funding("USDT", "50000")
                    .trading("USDT", "0")
                    .position(OkxPosition.isolated(instrument, "net", "1000", "3000", "3000", "0.01")));
            server.setMarkPrice(instrument, "3000");
            return credentials;
        }

        @Override public String symbol(VenueCredentials account) { return instrumentOf.get(account.apiKey()); }
        @Override public void breachIsolated(VenueCredentials account) { server.setMarkPrice(symbol(account), "2800"); }

        /** Mark 3300: maintenance 330 against about 10 600 after the top-up. */
        @Override public void recoverIsolated(VenueCredentials account) { server.setMarkPrice(symbol(account), "3300"); }

        @Override
        public BigDecimal isolatedMargin(VenueCredentials account) {
            return server.isolatedMargin(account.apiKey(), symbol(account));
        }
        @Override public int transfers(VenueCredentials account) { return server.transfers(account.apiKey()).size(); }
        @Override public java.util.SortedMap<String, Integer> requests() { return server.requestCounts(); }

        @Override
        public BigDecimal transferred(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream().map(t -> t.amt())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        @Override public void close() { server.close(); }
        @Override public String toString() { return venue(); }
    }

    /**
     * Hyperliquid: 1 coin long from 60000 at 40× (maintenance 1.25 %), 10000 USDC in perp, 50000 in
     * spot. The key is the account's own: its address is the secret's apiKey.
     */
    final class Hyperliquid implements Sweeping {
        private final HyperliquidDialectServer server = HyperliquidDialectServer.start(0);
        private int coins;
        private final java.util.Map<String, String> coinOf = new java.util.concurrent.ConcurrentHashMap<>();

        @Override public String venue() { return "hyperliquid"; }
        @Override public String baseUrl() { return server.baseUrl(); }
        @Override public String asset() { return "USDC"; }
        @Override public String sourceWallet() { return "SPOT"; }

        @Override
        public synchronized VenueCredentials seedCrossAccount() {
            String signingKey = HyperliquidDialectServer.freshKey();
            String address = HyperliquidDialectServer.addressOf(signingKey);
            String coin = "C" + (++coins);
            coinOf.put(address, coin);
            server.list(coin, 40);
            server.seedAccount(new HyperliquidAccount(address).spot("50000").perp("10000")
                    .position(HyperliquidAccount.Position.cross(coin, "1", "60000", 40)));
            server.setMarkPrice(coin, "60000");
            return new VenueCredentials(address, signingKey, null);
        }

        /** Mark 51500: account value 1500, maintenance 643.75, ratio 0.43. */
        @Override public void breach(VenueCredentials account) { server.setMarkPrice(coinOf.get(account.apiKey()), "51500"); }

        /** Mark 60000 after a top-up of 11 375: account value 21 375, maintenance 750, ratio 0.035. */
        @Override public void recover(VenueCredentials account) { server.setMarkPrice(coinOf.get(account.apiKey()), "60000"); }

        /**
         * The account's coin trades up to {@code high} and back to 60 000 within this minute and each of the
         * {@code minutesBefore} before it, by the venue's clock: its candles' ranges, and the mark ends at 60 000.
         */
        void swingEachMinute(VenueCredentials account, String high, int minutesBefore) {
            String coin = coinOf.get(account.apiKey());
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            for (int back = minutesBefore; back >= 0; back--) {
                java.time.Instant minute = now.minus(java.time.Duration.ofMinutes(back));
                server.setMarkPrice(coin, "60000", minute.plusSeconds(1));
                server.setMarkPrice(coin, high, minute.plusSeconds(2));
                server.setMarkPrice(coin, "60000", minute.plusSeconds(3));
            }
        }

        /** Mark 51000 after a top-up of 11 375: account value 12 375, maintenance 637.5, ratio 0.052. */
        @Override public void dip(VenueCredentials account) { server.setMarkPrice(coinOf.get(account.apiKey()), "51000"); }

        @Override
        public void loseNextTransferAnswer() {
            server.injectFault(dev.margintopup.dialect.hyperliquid.HyperliquidFault.of(
                    dev.margintopup.dialect.hyperliquid.HyperliquidFault.Type.LOSE_RESPONSE,
                    HyperliquidDialectServer.USD_CLASS_TRANSFER));
        }

        @Override
        public java.util.List<String> transferLegs(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream().map(t -> (t.toPerp() ? "spot→perp " : "perp→spot ")
                    + t.usdc().stripTrailingZeros().toPlainString()).toList();
        }

        @Override public BigDecimal source(VenueCredentials account) { return server.spotBalance(account.apiKey()); }

        /** 10 coins long from 3 000 at 25× max leverage, 3 000 USDC of isolated margin, 50 000 USDC in spot. */
        @Override
        public synchronized VenueCredentials seedIsolatedAccount() {
            String signingKey = HyperliquidDialectServer.freshKey();
            String address = HyperliquidDialectServer.addressOf(signingKey);
            String coin = "I" + (++coins);
            coinOf.put(address, coin);
            server.seedAccount(new HyperliquidAccount(address).spot("50000").perp("0")
                    .position(HyperliquidAccount.Position.isolated(coin, "10", "3000", 25, "3000")));
            server.setMarkPrice(coin, "3000");
            return new VenueCredentials(address, signingKey, null);
        }

        @Override public String symbol(VenueCredentials account) { return coinOf.get(account.apiKey()); }
        @Override public void breachIsolated(VenueCredentials account) { server.setMarkPrice(symbol(account), "2800"); }

        /** Mark 3500: maintenance 700 against 18 200 after the top-up of 10 200. */
        @Override public void recoverIsolated(VenueCredentials account) { server.setMarkPrice(symbol(account), "3500"); }

        @Override
        public BigDecimal isolatedMargin(VenueCredentials account) {
            return server.isolatedMargin(account.apiKey(), symbol(account));
        }
        @Override public int transfers(VenueCredentials account) { return server.transfers(account.apiKey()).size(); }
        @Override public java.util.SortedMap<String, Integer> requests() { return server.requestCounts(); }

        @Override
        public BigDecimal transferred(VenueCredentials account) {
            return server.transfers(account.apiKey()).stream().map(t -> t.usdc()).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        @Override public void close() { server.close(); }
        @Override public String toString() { return venue(); }
    }
}
