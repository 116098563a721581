package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.venue.bybit.BybitV5Venue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once over Bybit: the transfer service alone looks an earlier attempt up by transferId
 * and decides whether a retry sends nothing, the add-margin step alone, or everything.
 */
class BybitV5TopUpTest {

    private BybitDialectServer server;

    @BeforeEach
    void start() {
        server = BybitSeeds.server();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver cross() {
        return new TopUpDriver(BybitSeeds.CLOCK.instant(), () -> BybitSeeds.client(server, CROSS_KEY),
                "venue", BybitV5Venue.NAME, "venueEndpoint", server.baseUrl());
    }

    private TopUpDriver isolated() {
        return new TopUpDriver(BybitSeeds.CLOCK.instant(), () -> BybitSeeds.client(server, ISOLATED_KEY),
                "venue", BybitV5Venue.NAME, "venueEndpoint", server.baseUrl(), "marginMode", "isolated",
                "symbol", "BTCUSDT");
    }

    @Test
    void aLostTransferAnswerIsFoundByTransferIdAndNeverSentAgain() {
        server.injectFault(BybitFault.of(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.INTER_TRANSFER));
        TopUpDriver topUps = cross();
        Intent intent = topUps.open("250");

        assertThat(topUps.confirmedThenRedeliveredInVain(intent).detail()).isEqualTo("reconciled");

        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(CROSS_KEY)).singleElement()
                .satisfies(t -> assertThat(t.transferId()).isEqualTo(intent.intentId()));
        assertThat(server.fundBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("750");
    }

    @Test
    void crashBetweenWalletTransferAndAddMarginIsFinishedWithTheAddAloneExactlyOnce() {
        server.injectFault(BybitFault.of(BybitFault.Type.DROP, BybitDialectServer.ADD_MARGIN));
        TopUpDriver topUps = isolated();

        topUps.confirmedOnRetry(topUps.open("100"));

        BybitSeeds.assertIsolatedTopUpOf100MovedOnce(server);
    }

    @Test
    void aLostAddAnswerIsNeverAddedAgain() {
        server.injectFault(BybitFault.of(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.ADD_MARGIN));
        TopUpDriver topUps = isolated();

        topUps.unsettledAfterRetry(topUps.open("100"));

        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isEqualTo(1);
        assertThat(server.requestCount(BybitDialectServer.ADD_MARGIN)).isEqualTo(1);
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3100");
    }

    @Test
    void aPositionTouchedAfterACrashBetweenStepsIsNeverAddedBlind() {
        server.injectFault(BybitFault.of(BybitFault.Type.DROP, BybitDialectServer.ADD_MARGIN));
        TopUpDriver topUps = isolated();
        Intent intent = topUps.open("100");
        assertThat(topUps.deliver(intent)).isNull();
        server.touchPosition(ISOLATED_KEY, "BTCUSDT");

        topUps.later();
        assertThat(topUps.deliver(intent)).as("the retry cannot tell").isNull();

        assertThat(topUps.stored(intent).state()).isNotIn(IntentState.FAILED, IntentState.CONFIRMED);

        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isEqualTo(1);
        assertThat(server.requestCount(BybitDialectServer.ADD_MARGIN)).isEqualTo(1);
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3000");
    }
}
