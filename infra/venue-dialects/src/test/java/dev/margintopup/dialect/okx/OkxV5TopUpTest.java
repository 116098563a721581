package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.okx.OkxSeeds.ETH;
import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once over OKX: the transfer service alone looks an earlier attempt up (transfer-state
 * by client id, the margin add in the bills) and decides whether a retry sends nothing, the add
 * alone, or everything.
 */
class OkxV5TopUpTest {

    private OkxDialectServer server;

    @BeforeEach
    void start() {
        server = OkxSeeds.server(OkxSeeds.trader());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver topUps(Object... fields) {
        Object[] all = new Object[fields.length + 4];
        all[0] = "venue";
        all[1] = OkxV5Venue.NAME;
        all[2] = "venueEndpoint";
        all[3] = server.baseUrl();
        System.arraycopy(fields, 0, all, 4, fields.length);
        return new TopUpDriver(Instant.now().minusSeconds(1), () -> OkxSeeds.client(server), all);
    }

    private TopUpDriver isolated(String source) {
        return topUps("marginMode", "isolated", "symbol", ETH, "sourceWallet", source);
    }

    @Test
    void aLostTransferAnswerIsFoundByClientIdAndNeverSentAgain() {
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.TRANSFER));
        TopUpDriver topUps = topUps();

        topUps.confirmedThenRedeliveredInVain(topUps.open("100"));

        assertThat(server.requestCount(OkxDialectServer.TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(KEY)).hasSize(1);
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("900");
    }

    @Test
    void aCrashBetweenTheTransferAndTheAddIsFinishedWithTheAddAloneExactlyOnce() {
        server.injectFault(OkxFault.of(OkxFault.Type.SERVICE_UNAVAILABLE, OkxDialectServer.MARGIN_BALANCE));
        TopUpDriver topUps = isolated("FUNDING");

        topUps.confirmedOnRetry(topUps.open("100"));

        assertThat(server.requestCount(OkxDialectServer.TRANSFER)).isEqualTo(1);
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("900");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5500");
        assertMarginAddedOnce(1);
    }

    @Test
    void aLostAddAnswerIsFoundAndTheRetryAddsNothingMore() {
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.MARGIN_BALANCE));
        TopUpDriver topUps = isolated("FUNDING");

        topUps.confirmedThenRedeliveredInVain(topUps.open("100"));

        assertThat(server.requestCount(OkxDialectServer.MARGIN_BALANCE)).isEqualTo(1);
        assertMarginAddedOnce(1);
    }

    @Test
    void aLostAddFromSpotIsFoundAndTheRetryAddsNothingMore() {
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.MARGIN_BALANCE));
        TopUpDriver topUps = isolated("SPOT");

        topUps.confirmedThenRedeliveredInVain(topUps.open("100"));

        assertThat(server.requestCount(OkxDialectServer.MARGIN_BALANCE)).isEqualTo(1);
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5400");
        assertMarginAddedOnce(0);
    }

    @Test
    void aTopUpInTwoLegsFromSpotThenFundingAddsEachOnceEvenWhenTheSecondLegStopsBetweenItsSteps() {
        TopUpDriver topUps = topUps("marginMode", "isolated", "symbol", ETH, "sourceWallet", null, "sources",
                List.of(Map.of("wallet", "SPOT"), Map.of("wallet", "FUNDING")));
        Intent first = topUps.openInLegs("SPOT", "60", "FUNDING", "40");
        topUps.confirmedThenRedeliveredInVain(first);
        server.injectFault(OkxFault.of(OkxFault.Type.SERVICE_UNAVAILABLE, OkxDialectServer.MARGIN_BALANCE));

        topUps.confirmedOnRetry(topUps.nextLeg(first));

        assertThat(server.tradingBalance(KEY, "USDT")).as("the spot leg").isEqualByComparingTo("5440");
        assertThat(server.fundingBalance(KEY, "USDT")).as("the funding leg").isEqualByComparingTo("960");
        assertThat(server.transfers(KEY)).as("only the funding leg moves between wallets, once").hasSize(1);
        assertThat(server.bills(KEY)).as("one margin add per leg").hasSize(2);
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("3100");
    }

    private void assertMarginAddedOnce(int walletTransfers) {
        assertThat(server.transfers(KEY)).hasSize(walletTransfers);
        assertThat(server.bills(KEY)).hasSize(1);
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("3100");
    }
}
