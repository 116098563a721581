package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once over Binance, which takes no client id: the transfer service alone decides from the
 * adapter's history lookups whether a retry sends nothing, the margin leg alone, or everything.
 */
class BinanceUsdmTopUpTest {

    private static final String TRANSFER = "/sapi/v1/asset/transfer";
    private static final String POSITION_MARGIN = "/fapi/v1/positionMargin";

    private BinanceDialectServer server;

    @BeforeEach
    void start() {
        server = BinanceDialectServer.start(0);
        Binance.seedTrader(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver cross() {
        return new TopUpDriver(Instant.now(), () -> Binance.venue(server), "venue", BinanceUsdmVenue.NAME,
                "venueEndpoint", server.baseUrl());
    }

    private TopUpDriver isolated() {
        return new TopUpDriver(Instant.now(), () -> Binance.venue(server), "venue", BinanceUsdmVenue.NAME,
                "venueEndpoint", server.baseUrl(), "marginMode", "isolated", "symbol", "ETHUSDT",
                "sourceWallet", "SPOT");
    }

    @Test
    void aTopUpWhoseAnswerWasLostIsFoundAndNeverSentAgain() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.LOSE_RESPONSE, "POST", TRANSFER));
        TopUpDriver topUps = cross();

        assertThat(topUps.confirmedThenRedeliveredInVain(topUps.open("100")).detail()).isEqualTo("reconciled");

        assertThat(server.requestCount("POST", TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("650");
        assertThat(server.balance(Binance.KEY, Wallet.UMFUTURE, "USDT")).isEqualByComparingTo("2100");
    }

    @Test
    void crashBetweenTheTwoLegsOfAnIsolatedAddIsFinishedWithTheMarginLegAloneExactlyOnce() {
        // The wallet leg lands but its answer is lost: the margin leg is never sent.
        server.injectFault(BinanceFault.of(BinanceFault.Type.LOSE_RESPONSE, "POST", TRANSFER));
        TopUpDriver topUps = isolated();

        topUps.confirmedOnRetry(topUps.open("50"));

        assertIsolatedTopUpMovedOnce();
    }

    @Test
    void marginLegFailingAfterTheWalletLegIsNeverFailedAndTheRetryAddsItAlone() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.HTTP_500, "POST", POSITION_MARGIN));
        TopUpDriver topUps = isolated();

        topUps.confirmedOnRetry(topUps.open("50"));

        assertIsolatedTopUpMovedOnce();
    }

    @Test
    void twoMatchingTransfersInTheWindowBlockTheRetrysSend() {
        server.injectFault(BinanceFault.of(BinanceFault.Type.HTTP_500, "POST", TRANSFER));
        long now = Instant.now().toEpochMilli();
        server.recordTransfer(Binance.KEY, "FUNDING_UMFUTURE", "USDT", "100", now + 1);
        server.recordTransfer(Binance.KEY, "FUNDING_UMFUTURE", "USDT", "100", now + 2);
        TopUpDriver topUps = cross();

        topUps.unsettledAfterRetry(topUps.open("100"));

        assertThat(server.requestCount("POST", TRANSFER)).isEqualTo(1);
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("750");
    }

    private void assertIsolatedTopUpMovedOnce() {
        assertThat(server.requestCount("POST", TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        assertThat(server.marginChanges(Binance.KEY)).hasSize(1);
        assertThat(server.balance(Binance.KEY, Wallet.SPOT, "USDT")).isEqualByComparingTo("950");
        assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("350");
    }
}
