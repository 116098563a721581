package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.okx.OkxSeeds.ETH;
import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.dialect.SpoiledAfterMoving;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once over OKX: the transfer service alone looks an earlier attempt up (transfer-state
 * by client id, the margin add in the bills) and decides whether a retry sends nothing, the add
 * alone, or everything. An answer spoiled after the money moved (an HTML page, a field missing, a
 * field of another JSON type) is never a refusal: it is reconciled, and nothing moves twice.
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

    /** Each money-moving call of the adapter (its source wallet, the endpoint, the field it reads) with each spoiled answer. */
    static Stream<Arguments> spoiledAfterMoving() {
        return Stream.of(
                        new Call("cross transfer", null, OkxDialectServer.TRANSFER, "transId"),
                        new Call("isolated transfer from funding", "FUNDING", OkxDialectServer.TRANSFER, "amt"),
                        new Call("isolated add after the transfer", "FUNDING", OkxDialectServer.MARGIN_BALANCE, "amt"),
                        new Call("isolated add from the trading account", "SPOT", OkxDialectServer.MARGIN_BALANCE,
                                "instId"))
                .flatMap(call -> Stream.of(OkxFault.Type.APPLIED_HTML_PAGE, OkxFault.Type.APPLIED_MISSING_FIELD,
                                OkxFault.Type.APPLIED_RETYPED)
                        .map(type -> Arguments.of(Named.of(call.name(), call), OkxFault.appliedThen(type, call.path(),
                                type == OkxFault.Type.APPLIED_HTML_PAGE ? null : call.field()))));
    }

    /** @param source {@code null} for a cross top-up, else the isolated top-up's source wallet */
    record Call(String name, String source, String path, String field) {

        TransferInstruction instruction() {
            return source == null ? OkxSeeds.cross("100") : OkxSeeds.isolated("100", source);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterMovingIsNeverARefusal(Call call, OkxFault fault) {
        server.injectFault(fault);

        SpoiledAfterMoving.assertNeverARefusal(() -> OkxSeeds.client(server).transferToMargin(call.instruction()));

        assertThat(server.requestCount(call.path())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterMovingIsReconciledAndMovesTheMoneyOnce(Call call, OkxFault fault) {
        server.injectFault(fault);
        TopUpDriver topUps = call.source() == null ? topUps() : isolated(call.source());

        assertThat(topUps.neverFailed(topUps.open("100"), 3).state()).isEqualTo(IntentState.CONFIRMED);

        if (call.source() == null) {
            assertThat(server.transfers(KEY)).hasSize(1);
            assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("900");
        } else {
            assertMarginAddedOnce("FUNDING".equals(call.source()) ? 1 : 0);
        }
    }

    private void assertMarginAddedOnce(int walletTransfers) {
        assertThat(server.transfers(KEY)).hasSize(walletTransfers);
        assertThat(server.bills(KEY)).hasSize(1);
        assertThat(server.isolatedMargin(KEY, ETH)).isEqualByComparingTo("3100");
    }
}
