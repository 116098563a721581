package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.SpoiledAfterMoving;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import dev.margintopup.venue.TransferInstruction;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once over Binance, which takes no client id: the transfer service alone decides from the
 * adapter's history lookups whether a retry sends nothing, the margin leg alone, or everything. An
 * answer spoiled after the money moved (an HTML page, a field missing, a field of another JSON
 * type) is never a refusal: it is reconciled, and nothing moves twice.
 */
class BinanceUsdmTopUpTest {

    private static final String TRANSFER = Binance.TRANSFER;
    private static final String POSITION_MARGIN = Binance.POSITION_MARGIN;

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
        return Binance.crossTopUps(server);
    }

    private TopUpDriver isolated() {
        return Binance.isolatedTopUps(server);
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

    /** Each money-moving call (cross transfer, isolated wallet leg, isolated margin leg) with each spoiled answer. */
    static Stream<Arguments> spoiledAfterMoving() {
        return Stream.of(
                        new Call("cross transfer", false, Binance.TRANSFER, "tranId"),
                        new Call("isolated wallet leg", true, Binance.TRANSFER, "tranId"),
                        new Call("isolated margin leg", true, Binance.POSITION_MARGIN, "amount"))
                .flatMap(call -> Stream.of(BinanceFault.Type.APPLIED_HTML_PAGE, BinanceFault.Type.APPLIED_MISSING_FIELD,
                                BinanceFault.Type.APPLIED_RETYPED)
                        .map(type -> Arguments.of(Named.of(call.name(), call), BinanceFault.appliedThen(type, "POST", call.path(),
                                type == BinanceFault.Type.APPLIED_HTML_PAGE ? null : call.field()))));
    }

    record Call(String name, boolean isolated, String path, String field) {

        TransferInstruction instruction() {
            return isolated ? Binance.isolated("50") : Binance.cross("100");
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterMovingIsNeverARefusal(Call call, BinanceFault fault) {
        server.injectFault(fault);

        SpoiledAfterMoving.assertNeverARefusal(() -> Binance.venue(server).transferToMargin(call.instruction()));

        assertThat(server.requestCount("POST", call.path())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterMovingIsReconciledAndMovesTheMoneyOnce(Call call, BinanceFault fault) {
        server.injectFault(fault);
        TopUpDriver topUps = call.isolated() ? Binance.isolatedTopUps(server) : Binance.crossTopUps(server);

        assertThat(topUps.neverFailed(topUps.open(call.isolated() ? "50" : "100"), 3).state())
                .isEqualTo(IntentState.CONFIRMED);

        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        if (call.isolated()) {
            assertThat(server.marginChanges(Binance.KEY)).hasSize(1);
            assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("350");
        } else {
            assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("650");
        }
    }

    @Test
    void inHedgeModeTheOneOpenIsolatedSideIsReadAndToppedUpOnThatSide() {
        server.seedAccount("hedgeKey", "hedgeSecret")
                .hedgeMode(true)
                .wallet(Wallet.SPOT, "USDT", "1000")
                .hedgeIsolatedPosition("ETHUSDT", "SHORT", "-2", "2800", "300", "0.005");
        BinanceUsdmVenue hedged = Binance.venue(server, "hedgeKey", "hedgeSecret");

        MarginSnapshot before = hedged.readMargin(Binance.ISOLATED_ETH);
        hedged.transferToMargin(Binance.isolated("50"));
        MarginSnapshot after = hedged.readMargin(Binance.ISOLATED_ETH);

        // Short 2 from 2800 marked at 2900: PnL −200 on 300 of margin; maintenance 2 × 2900 × 0.5 % = 29.
        assertThat(before.marginRatio()).isEqualByComparingTo("0.29");
        assertThat(before.positions()).singleElement().satisfies(p -> assertThat(p.side()).isEqualTo(Position.Side.SHORT));
        assertThat(server.marginChanges("hedgeKey")).singleElement()
                .satisfies(change -> assertThat(change.positionSide()).isEqualTo("SHORT"));
        assertThat(after.marginBalance()).isEqualByComparingTo("150");
    }

    private void assertIsolatedTopUpMovedOnce() {
        assertThat(server.requestCount("POST", TRANSFER)).isEqualTo(1);
        assertThat(server.transfers(Binance.KEY)).hasSize(1);
        assertThat(server.marginChanges(Binance.KEY)).hasSize(1);
        assertThat(server.balance(Binance.KEY, Wallet.SPOT, "USDT")).isEqualByComparingTo("950");
        assertThat(server.isolatedWallet(Binance.KEY, "ETHUSDT")).isEqualByComparingTo("350");
    }
}
