package dev.margintopup.dialect.binance;

import dev.margintopup.account.MarginMode;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One trader on the dialect server, and the real adapter pointed at it. */
final class Binance {

    static final String KEY = "dialectKeyTrader0000000000000000000000000000000000000000000000001";
    static final String SECRET = "CANARY-secret-that-must-never-appear-in-any-message-7f3a";
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(800);
    static final String TRANSFER = "/sapi/v1/asset/transfer";
    static final String POSITION_MARGIN = "/fapi/v1/positionMargin";

    static final MarginQuery CROSS_USDT = new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING");
    static final MarginQuery ISOLATED_ETH = new MarginQuery(MarginMode.ISOLATED, "ETHUSDT", "USDT", "SPOT");
    static final SourceQuery FUNDING_USDT = new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING");
    static final SourceQuery SPOT_USDT = new SourceQuery(MarginMode.ISOLATED, "USDT", "SPOT");

    private Binance() {}

    /**
     * USD-M wallet 2000 USDT; cross BTCUSDT long 0.05 from 60000 (mark 62000, rate 0.4 %); isolated
     * ETHUSDT long 2 from 3000 with 300 of margin (mark 2900, rate 0.5 %). Funding 750, spot 1000.
     */
    static DialectAccount seedTrader(BinanceDialectServer server) {
        server.setMarkPrice("BTCUSDT", "62000");
        server.setMarkPrice("ETHUSDT", "2900");
        return server.seedAccount(KEY, SECRET)
                .wallet(Wallet.UMFUTURE, "USDT", "2000")
                .wallet(Wallet.FUNDING, "USDT", "750")
                .wallet(Wallet.SPOT, "USDT", "1000")
                .crossPosition("BTCUSDT", "0.05", "60000", "0.004")
                .isolatedPosition("ETHUSDT", "2", "3000", "300", "0.005");
    }

    static BinanceUsdmVenue venue(BinanceDialectServer server) {
        return venue(server, KEY, SECRET);
    }

    static BinanceUsdmVenue venue(BinanceDialectServer server, String key, String secret) {
        return new BinanceUsdmVenue(server.baseUrl(), new VenueCredentials(key, secret, null),
                HttpClient.newHttpClient(), Clock.systemUTC(), SHORT_TIMEOUT);
    }

    /** The transfer service topping up the trader's cross account, from Funding. */
    static TopUpDriver crossTopUps(BinanceDialectServer server) {
        return new TopUpDriver(Instant.now(), () -> venue(server), "venue", BinanceUsdmVenue.NAME,
                "venueEndpoint", server.baseUrl());
    }

    /** The transfer service topping up the trader's isolated ETHUSDT position, from Spot. */
    static TopUpDriver isolatedTopUps(BinanceDialectServer server) {
        return new TopUpDriver(Instant.now(), () -> venue(server), "venue", BinanceUsdmVenue.NAME,
                "venueEndpoint", server.baseUrl(), "marginMode", "isolated", "symbol", "ETHUSDT",
                "sourceWallet", "SPOT");
    }

    static TransferInstruction cross(String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), "FUNDING",
                MarginMode.CROSS, null, Instant.now());
    }

    static TransferInstruction isolated(String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), "SPOT",
                MarginMode.ISOLATED, "ETHUSDT", Instant.now());
    }
}
