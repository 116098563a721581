package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.dialect.SpoiledAfterMoving;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.bybit.BybitV5Venue;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly-once over Bybit: the transfer service alone looks an earlier attempt up by transferId
 * and decides whether a retry sends nothing, the add-margin step alone, or everything. An answer
 * spoiled after the money moved (an HTML page, a field missing, a field of another JSON type) is
 * never a refusal: it is reconciled, and nothing moves twice.
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

    @Test
    void anUnreadablePositionIndexRefusesTheIsolatedTopUpBeforeAnyMoneyMoves() {
        server.injectFault(BybitFault.missingField(BybitDialectServer.POSITION_LIST, "positionIdx"));

        assertThat(catchThrowableOfType(VenueException.class, () -> BybitSeeds.client(server, ISOLATED_KEY)
                .transferToMargin(BybitSeeds.isolatedTopUp(UUID.randomUUID().toString(), "100"))).kind())
                .isEqualTo(Kind.BAD_RESPONSE);

        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isZero();
        assertThat(server.fundBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("1000");
    }

    @Test
    void aPositionIndexSentAsAStringIsReadAndTheTopUpCompletes() {
        server.injectFault(BybitFault.appliedThen(BybitFault.Type.APPLIED_RETYPED, BybitDialectServer.POSITION_LIST,
                "positionIdx"));
        TopUpDriver topUps = isolated();

        topUps.confirmedThenRedeliveredInVain(topUps.open("100"));

        BybitSeeds.assertIsolatedTopUpOf100MovedOnce(server);
    }

    /**
     * Each money-moving call (the transfer of a cross or an isolated top-up, the add-margin step)
     * with each spoiled answer. Add-margin carries no client id and touches the position, so after
     * its answer is lost Bybit's history cannot tell it happened: such a top-up stays open, never failed.
     */
    static Stream<Arguments> spoiledAfterMoving() {
        return Stream.of(
                        new Call("cross transfer", false, BybitDialectServer.INTER_TRANSFER, "status", "transferId", true),
                        new Call("isolated transfer", true, BybitDialectServer.INTER_TRANSFER, "status", "transferId",
                                true),
                        new Call("isolated add-margin", true, BybitDialectServer.ADD_MARGIN, "retCode", "retCode", false))
                .flatMap(call -> Stream.of(
                        Arguments.of(Named.of(call.name(), call), BybitFault.appliedThen(BybitFault.Type.APPLIED_HTML_PAGE, call.path(), null)),
                        Arguments.of(Named.of(call.name(), call), BybitFault.appliedThen(BybitFault.Type.APPLIED_MISSING_FIELD, call.path(),
                                call.missing())),
                        Arguments.of(Named.of(call.name(), call), BybitFault.appliedThen(BybitFault.Type.APPLIED_RETYPED, call.path(),
                                call.retyped()))));
    }

    /** @param confirmable whether Bybit's history can tell the top-up happened once its answer is spoiled */
    record Call(String name, boolean isolated, String path, String missing, String retyped, boolean confirmable) {}

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterMovingIsNeverARefusal(Call call, BybitFault fault) {
        server.injectFault(fault);
        String key = call.isolated() ? ISOLATED_KEY : CROSS_KEY;
        String intentId = UUID.randomUUID().toString();

        SpoiledAfterMoving.assertNeverARefusal(() -> BybitSeeds.client(server, key)
                .transferToMargin(call.isolated() ? BybitSeeds.isolatedTopUp(intentId, "100")
                        : BybitSeeds.crossTopUp(intentId, "100")));

        assertThat(server.requestCount(call.path())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterMovingIsReconciledAndMovesTheMoneyOnce(Call call, BybitFault fault) {
        server.injectFault(fault);
        TopUpDriver topUps = call.isolated() ? isolated() : cross();

        IntentState state = topUps.neverFailed(topUps.open("100"), 3).state();

        if (call.confirmable()) {
            assertThat(state).isEqualTo(IntentState.CONFIRMED);
        } else {
            assertThat(state).isNotEqualTo(IntentState.CONFIRMED);
        }
        if (call.isolated()) {
            BybitSeeds.assertIsolatedTopUpOf100MovedOnce(server);
        } else {
            assertThat(server.transfers(CROSS_KEY)).hasSize(1);
            assertThat(server.fundBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("900");
        }
    }
}
