package dev.margintopup.dialect.hyperliquid;

import static dev.margintopup.dialect.hyperliquid.HyperliquidSeeds.ACCOUNT;
import static dev.margintopup.dialect.hyperliquid.HyperliquidSeeds.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.topup.TransferBudget;
import dev.margintopup.topup.TransferResult;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.venue.hyperliquid.HyperliquidVenue;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once over Hyperliquid, where nonces stand in for client ids: the transfer service alone
 * looks an earlier attempt up (the spot → perp transfer in the non-funding ledger) and decides
 * whether a retry sends nothing, the isolated add alone, or everything; a resend is always the
 * identical signed action, which the venue takes at most once.
 */
class HyperliquidTopUpTest {

    private HyperliquidDialectServer server;

    @BeforeEach
    void start() {
        server = HyperliquidSeeds.server();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver topUps(Object... fields) {
        Object[] all = new Object[fields.length + 8];
        System.arraycopy(new Object[] {"venue", HyperliquidVenue.NAME, "venueEndpoint", server.baseUrl(), "asset",
                "USDC", "sourceWallet", "SPOT"}, 0, all, 0, 8);
        System.arraycopy(fields, 0, all, 8, fields.length);
        return new TopUpDriver(Instant.now().minusSeconds(1), () -> HyperliquidSeeds.client(server), all);
    }

    private TopUpDriver isolated() {
        return topUps("marginMode", "isolated", "symbol", ETH);
    }

    @Test
    void aLostTransferAnswerIsFoundInTheLedgerAndNeverSentAgain() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.LOSE_RESPONSE,
                HyperliquidDialectServer.USD_CLASS_TRANSFER));
        TopUpDriver topUps = topUps();

        TransferResult result = topUps.confirmedThenRedeliveredInVain(topUps.open("100"));

        assertThat(result.outcome()).isEqualTo(Outcome.CONFIRMED);
        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(ACCOUNT)).hasSize(1);
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("900");
    }

    @Test
    void aTransferThatNeverArrivedIsSentAgainWithTheSameNonceAndMovesOnce() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.HTTP_500, HyperliquidDialectServer.USD_CLASS_TRANSFER));
        TopUpDriver topUps = topUps();

        topUps.confirmedOnRetry(topUps.open("100"));

        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isEqualTo(2);
        assertThat(server.transfers(ACCOUNT)).hasSize(1);
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("900");
    }

    @Test
    void aCrashBetweenTheTransferAndTheIsolatedAddIsFinishedWithTheAddAloneExactlyOnce() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.HTTP_500, HyperliquidDialectServer.UPDATE_ISOLATED_MARGIN));
        TopUpDriver topUps = isolated();

        topUps.confirmedOnRetry(topUps.open("100"));

        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isEqualTo(1);
        assertIsolatedAddedOnce();
    }

    @Test
    void aLostIsolatedAddAnswerIsResentIdenticallyAndTheVenueTakesItOnce() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.LOSE_RESPONSE,
                HyperliquidDialectServer.UPDATE_ISOLATED_MARGIN));
        TopUpDriver topUps = isolated();

        topUps.confirmedOnRetry(topUps.open("100"));

        // The retry resent the very same signed add; the venue refused its used nonce.
        assertThat(server.requestCount(HyperliquidDialectServer.UPDATE_ISOLATED_MARGIN)).isEqualTo(2);
        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isEqualTo(1);
        assertIsolatedAddedOnce();
    }

    /** A spoiled answer after the venue moved the money: found, never failed, never moved twice. */
    @Test
    void aTransferAppliedBehindAnAnswerThatCannotBeReadIsFoundAndMovesOnce() {
        for (HyperliquidFault fault : spoiledAfterApplying(HyperliquidDialectServer.USD_CLASS_TRANSFER)) {
            server.injectFault(fault);
            TopUpDriver topUps = topUps();
            int before = server.transfers(ACCOUNT).size();

            topUps.confirmedThenRedeliveredInVain(topUps.open("10"));

            assertThat(server.transfers(ACCOUNT)).as(fault.type().name()).hasSize(before + 1);
        }
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("970");
    }

    @Test
    void anIsolatedAddAppliedBehindAnAnswerThatCannotBeReadIsFinishedByItsOwnNonceAndAddsOnce() {
        for (HyperliquidFault fault : spoiledAfterApplying(HyperliquidDialectServer.UPDATE_ISOLATED_MARGIN)) {
            server.injectFault(fault);
            TopUpDriver topUps = isolated();
            int before = server.isolatedAdds(ACCOUNT).size();

            topUps.confirmedOnRetry(topUps.open("10"));

            assertThat(server.isolatedAdds(ACCOUNT)).as(fault.type().name()).hasSize(before + 1);
        }
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("3030");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("970");
    }

    /** Decision 0025: a refused nonce is never a failure by itself; the ledger decides, then the account is free. */
    @Test
    void aTopUpWhoseNonceWindowMovedOnEndsFailedByTheLedgersWordAndMovesNothing() {
        TopUpDriver topUps = topUps();
        Intent intent = topUps.open("100");
        long now = System.currentTimeMillis();
        for (int i = 0; i < 100; i++) {
            server.useNonce(ACCOUNT, now + 60_000 + i); // the same key, busy elsewhere
        }

        TransferResult result = null;
        for (int attempt = 0; attempt <= TransferBudget.MAX_ATTEMPTS && result == null; attempt++) {
            result = topUps.deliver(intent);
            topUps.later();
        }

        assertThat(result).as("the attempts end").isNotNull();
        assertThat(result.outcome()).as("refused nonces are not proof that nothing moved").isEqualTo(Outcome.UNKNOWN);
        assertThat(topUps.deliver(intent).outcome()).as("the ledger shows nothing: the intent closes")
                .isEqualTo(Outcome.FAILED);
        assertThat(topUps.stored(intent).state()).isEqualTo(IntentState.FAILED);
        assertThat(server.transfers(ACCOUNT)).isEmpty();
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1000");
    }

    @Test
    void anApiWalletKeyFailsTheTopUpBeforeAnythingMoves() {
        TopUpDriver topUps = new TopUpDriver(Instant.now().minusSeconds(1),
                () -> HyperliquidSeeds.client(server, HyperliquidSeeds.AGENT_KEY), "venue", HyperliquidVenue.NAME,
                "venueEndpoint", server.baseUrl(), "asset", "USDC", "sourceWallet", "SPOT");
        Intent intent = topUps.open("100");

        TransferResult result = topUps.deliver(intent);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(topUps.stored(intent).state()).isEqualTo(IntentState.FAILED);
        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isZero();
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1000");
    }

    /** The action is applied, then its answer is an HTML page, lacks its status, or has it as a list. */
    private static java.util.List<HyperliquidFault> spoiledAfterApplying(String action) {
        return java.util.List.of(
                HyperliquidFault.applied(HyperliquidFault.Type.APPLIED_HTML_PAGE, action, null),
                HyperliquidFault.applied(HyperliquidFault.Type.APPLIED_MISSING_FIELD, action, "status"),
                HyperliquidFault.applied(HyperliquidFault.Type.APPLIED_RETYPED, action, "status"));
    }

    private void assertIsolatedAddedOnce() {
        assertThat(server.transfers(ACCOUNT)).hasSize(1);
        assertThat(server.isolatedAdds(ACCOUNT)).hasSize(1);
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("900");
        assertThat(server.perpBalance(ACCOUNT)).isEqualByComparingTo("10000");
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("3100");
    }
}
