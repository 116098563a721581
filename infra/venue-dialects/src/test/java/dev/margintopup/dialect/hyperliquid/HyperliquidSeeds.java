package dev.margintopup.dialect.hyperliquid;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.hyperliquid.HyperliquidVenue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One trader on the Hyperliquid dialect server. Cross: 10 000 USDC in perp and 1 BTC long from
 * 61 000 at 40× max leverage, marked at 60 000: PnL −1 000, account value 9 000, maintenance 750
 * (60 000 ÷ 40 ÷ 2). Isolated: 10 ETH long from 3 000 at 25×, 3 000 USDC of isolated margin,
 * marked at 2 800: equity 1 000, maintenance 560 (28 000 ÷ 25 ÷ 2). Spot: 1 000 USDC. Universe: BTC (0), ETH (1).
 */
final class HyperliquidSeeds {

    /** Canaries: no message may ever carry them. */
    static final String ACCOUNT_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    static final String AGENT_KEY = "0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f";
    static final String STRANGER_KEY = "0x1c2bd4a53f7bb9b7ea1b4cd63c0a6e59c0b3c0b0cbbc2f0d4d6a0a4f1b2c3d4e";
    static final String ACCOUNT = HyperliquidDialectServer.addressOf(ACCOUNT_KEY);
    static final String AGENT = HyperliquidDialectServer.addressOf(AGENT_KEY);

    static final String BTC = "BTC";
    static final String ETH = "ETH";

    static final MarginQuery CROSS = new MarginQuery(MarginMode.CROSS, null, "USDC", "SPOT");
    static final MarginQuery ISOLATED = new MarginQuery(MarginMode.ISOLATED, ETH, "USDC", "SPOT");

    private HyperliquidSeeds() {}

    static HyperliquidAccount trader() {
        return new HyperliquidAccount(ACCOUNT)
                .spot("1000")
                .perp("10000")
                .agent(AGENT)
                .position(HyperliquidAccount.Position.cross(BTC, "1", "61000", 40))
                .position(HyperliquidAccount.Position.isolated(ETH, "10", "3000", 25, "3000"));
    }

    static HyperliquidDialectServer server() {
        HyperliquidDialectServer server = HyperliquidDialectServer.start(0);
        server.list(BTC, 40);
        server.list(ETH, 25);
        server.seedAccount(trader());
        server.setMarkPrice(BTC, "60000");
        server.setMarkPrice(ETH, "2800");
        return server;
    }

    static HyperliquidVenue client(HyperliquidDialectServer server) {
        return client(server, ACCOUNT_KEY);
    }

    static HyperliquidVenue client(HyperliquidDialectServer server, String signingKey) {
        return new HyperliquidVenue(server.baseUrl(), new VenueCredentials(ACCOUNT, signingKey, null),
                HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofSeconds(2));
    }

    static TransferInstruction cross(String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDC", new BigDecimal(amount), "SPOT",
                MarginMode.CROSS, null, Instant.now().minusSeconds(1));
    }

    static TransferInstruction isolated(String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDC", new BigDecimal(amount), "SPOT",
                MarginMode.ISOLATED, ETH, Instant.now().minusSeconds(1));
    }
}
