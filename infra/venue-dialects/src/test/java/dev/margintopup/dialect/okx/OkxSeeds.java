package dev.margintopup.dialect.okx;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One trader on the OKX dialect server. Cross: 5 500 USDT cash and 1 BTC long on BTC-USDT-SWAP at
 * 61 000, marked at 60 000: upl −1 000, maintenance 300 (0.5 %), cross equity 4 500, OKX mgnRatio 15.
 * Isolated: 10 ETH long on ETH-USDT-SWAP at 3 000 with 3 000 margin, marked at 2 800: upl −2 000,
 * maintenance 280 (1 %), margin balance 1 000. Funding: 1 000 USDT.
 */
final class OkxSeeds {

    static final String KEY = "okx-key-7f3a9c21";
    /** Canaries: no message may ever carry them. */
    static final String SECRET = "CANARYSECRET5d1e8b0a7c";
    static final String PASSPHRASE = "CanaryPass-4412";

    static final String BTC = "BTC-USDT-SWAP";
    static final String ETH = "ETH-USDT-SWAP";

    static final MarginQuery CROSS = new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING");
    static final MarginQuery ISOLATED = new MarginQuery(MarginMode.ISOLATED, ETH, "USDT", "FUNDING");
    static final SourceQuery FUNDING_USDT = new SourceQuery(MarginMode.CROSS, "USDT", "FUNDING");

    private OkxSeeds() {}

    static OkxAccount trader() {
        return new OkxAccount(KEY, SECRET, PASSPHRASE)
                .funding("USDT", "1000")
                .trading("USDT", "5500")
                .position(new OkxPosition(BTC, "cross", "net", new BigDecimal("100"), new BigDecimal("0.01"),
                        new BigDecimal("61000"), "USDT", BigDecimal.ZERO, new BigDecimal("0.005"), new BigDecimal("20")))
                .position(new OkxPosition(ETH, "isolated", "net", new BigDecimal("1000"), new BigDecimal("0.01"),
                        new BigDecimal("3000"), "USDT", new BigDecimal("3000"), new BigDecimal("0.01"), BigDecimal.TEN));
    }

    static OkxDialectServer server(OkxAccount account) {
        OkxDialectServer server = OkxDialectServer.start(0);
        server.seedAccount(account);
        server.setMarkPrice(BTC, "60000");
        server.setMarkPrice(ETH, "2800");
        return server;
    }

    static OkxV5Venue client(OkxDialectServer server) {
        return client(server.baseUrl(), new VenueCredentials(KEY, SECRET, PASSPHRASE));
    }

    static OkxV5Venue client(String baseUrl, VenueCredentials credentials) {
        return new OkxV5Venue(baseUrl, credentials, HttpClient.newHttpClient(), Clock.systemUTC(),
                Duration.ofSeconds(2));
    }

    static TransferInstruction cross(String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), "FUNDING",
                MarginMode.CROSS, null, Instant.now().minusSeconds(1));
    }

    static TransferInstruction isolated(String amount, String from) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), from,
                MarginMode.ISOLATED, ETH, Instant.now().minusSeconds(1));
    }
}
