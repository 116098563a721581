package dev.margintopup.dialect.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.bybit.BybitV5Venue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Accounts and clients the Bybit tests share, with numbers chosen to check by hand. */
final class BybitSeeds {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(800);

    /** A secret that must never appear in any message. */
    static final String CANARY_SECRET = "canary-secret-9f1c2e7ab";
    static final String CROSS_KEY = "bybit-cross-key-0001";
    static final String ISOLATED_KEY = "bybit-isolated-key-02";

    static final MarginQuery CROSS_USDT = new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING");
    static final MarginQuery ISOLATED_BTC = new MarginQuery(MarginMode.ISOLATED, "BTCUSDT", "USDT", "FUNDING");
    static final SourceQuery FUNDING_USDT = new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING");

    private BybitSeeds() {}

    /**
     * UTA 2.0, cross: Unified 10000 USDT behind a long of 10 ETH from 3000 at 10x, maintenance
     * rate 5 %. At a mark of 2900: PnL −1000, margin balance 9000, maintenance 1450. Funding 1000.
     */
    static BybitAccount.Builder cross() {
        return BybitAccount.builder(CROSS_KEY, CANARY_SECRET)
                .fund("USDT", "1000")
                .unified("USDT", "10000")
                .position(BybitPosition.cross("ETHUSDT", "Buy", "10", "3000", "10", "0.05"));
    }

    /**
     * UTA 2.0, isolated margin mode: a long of 0.5 BTC from 60000 with 3000 of margin,
     * maintenance rate 0.5 %. At a mark of 58000: PnL −1000, margin balance 2000, maintenance 145,
     * liquidation at (60000 − 6000) ÷ 0.995 = 54271.36. Funding 1000, Unified 200.
     */
    static BybitAccount.Builder isolated() {
        return isolated("3000");
    }

    /** {@link #isolated()} with {@code margin} in the position. */
    static BybitAccount.Builder isolated(String margin) {
        return BybitAccount.builder(ISOLATED_KEY, CANARY_SECRET)
                .marginMode("ISOLATED_MARGIN")
                .fund("USDT", "1000")
                .unified("USDT", "200")
                .position(BybitPosition.isolated("BTCUSDT", "Buy", "0.5", "60000", "10", "0.005", margin));
    }

    static BybitDialectServer server() {
        BybitDialectServer server = BybitDialectServer.start(0, CLOCK);
        server.seedAccount(cross().build());
        server.seedAccount(isolated().build());
        server.setMarkPrice("ETHUSDT", "2900");
        server.setMarkPrice("BTCUSDT", "58000");
        return server;
    }

    static BybitV5Venue client(BybitDialectServer server, String key) {
        return client(server, key, CANARY_SECRET);
    }

    static BybitV5Venue client(BybitDialectServer server, String key, String secret) {
        return new BybitV5Venue(server.baseUrl(), new VenueCredentials(key, secret, null), HTTP, CLOCK, SHORT_TIMEOUT);
    }

    static TransferInstruction crossTopUp(String intentId, String amount) {
        return new TransferInstruction(intentId, "USDT", new BigDecimal(amount), "FUNDING", MarginMode.CROSS, null,
                CLOCK.instant());
    }

    static TransferInstruction isolatedTopUp(String intentId, String amount) {
        return new TransferInstruction(intentId, "USDT", new BigDecimal(amount), "FUNDING", MarginMode.ISOLATED,
                "BTCUSDT", CLOCK.instant());
    }

    /** The isolated account's 100 USDT top-up moved once: one inter-transfer, one add to the position. */
    static void assertIsolatedTopUpOf100MovedOnce(BybitDialectServer server) {
        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(ISOLATED_KEY)).hasSize(1);
        assertThat(server.fundBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("900");
        assertThat(server.unifiedBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("200");
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3100");
    }
}
