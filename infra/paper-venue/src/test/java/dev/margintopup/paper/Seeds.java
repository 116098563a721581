package dev.margintopup.paper;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.paper.PaperVenue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Accounts and clients the integration tests share, with numbers chosen to check by hand. */
final class Seeds {

    static final Clock VENUE_CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    static final String KEY = "trader-key-0001";
    static final String SECRET = "trader-secret-d41d8cd98f";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static final MarginQuery CROSS_USDT = new MarginQuery(MarginMode.CROSS, null, "USDT", "FUNDING");
    static final MarginQuery ISOLATED_BTC = new MarginQuery(MarginMode.ISOLATED, "BTCUSDT", "USDT", "FUNDING");

    private Seeds() {}

    /**
     * FUTURES 5000 USDT behind one cross long of 10 ETH from 3000; an isolated long of 0.5 BTC
     * from 60000 with 3000 of isolated margin. Funding holds 1000 USDT, spot 50.
     */
    static PaperAccount trader() {
        return PaperAccount.builder(KEY, SECRET)
                .balance(Wallet.FUNDING, "USDT", "1000")
                .balance(Wallet.SPOT, "USDT", "50")
                .balance(Wallet.FUTURES, "USDT", "5000")
                .position(PaperPosition.cross("ETHUSDT", Side.LONG, "10", "3000", "0.01"))
                .position(PaperPosition.isolated("BTCUSDT", Side.LONG, "0.5", "60000", "3000", "0.005"))
                .build();
    }

    static PaperVenue client(PaperVenueServer server) {
        return client(server, SECRET, VENUE_CLOCK, PaperVenue.REQUEST_TIMEOUT);
    }

    static PaperVenue client(PaperVenueServer server, String secret, Clock clock, Duration timeout) {
        return new PaperVenue(server.baseUrl(), new VenueCredentials(KEY, secret, null), HTTP, clock, timeout);
    }

    static TransferInstruction crossTopUp(String clientId, String amount) {
        return new TransferInstruction(clientId, "USDT", new BigDecimal(amount), "FUNDING", MarginMode.CROSS, null,
                VENUE_CLOCK.instant());
    }

    static TransferInstruction isolatedTopUp(String clientId, String amount) {
        return new TransferInstruction(clientId, "USDT", new BigDecimal(amount), "FUNDING", MarginMode.ISOLATED,
                "BTCUSDT", VENUE_CLOCK.instant());
    }
}
