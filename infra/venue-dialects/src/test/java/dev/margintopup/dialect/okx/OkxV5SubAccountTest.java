package dev.margintopup.dialect.okx;

import static dev.margintopup.dialect.okx.OkxSeeds.KEY;
import static dev.margintopup.dialect.okx.OkxSeeds.PASSPHRASE;
import static dev.margintopup.dialect.okx.OkxSeeds.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.dialect.SpoiledAfterMoving;
import dev.margintopup.dialect.TopUpDriver;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.topup.TransferResult.Outcome;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.okx.OkxClientId;
import dev.margintopup.venue.okx.OkxV5Venue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A top-up drawn from the owner's sub-account on OKX: the main account's key reads the sub-account's
 * funding balance and moves it into its own trading account, funds transfer type 2 under the client id
 * derived from the intent, found again in transfer-state by it; a refusal moves nothing, and an answer
 * spoiled after the money moved is reconciled, never a refusal.
 */
class OkxV5SubAccountTest {

    private static final String SUB = "desk2sub";

    private OkxDialectServer server;

    @BeforeEach
    void start() {
        server = OkxSeeds.server(OkxSeeds.trader().subAccountFunding(SUB, "USDT", "2000"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TopUpDriver topUps() {
        return new TopUpDriver(Instant.now().minusSeconds(1), () -> OkxSeeds.client(server),
                "venue", OkxV5Venue.NAME, "venueEndpoint", server.baseUrl());
    }

    private static TransferInstruction fromSubAccount(String subAcct, String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), "SUBACCOUNT",
                MarginMode.CROSS, null, Instant.now().minusSeconds(1), subAcct);
    }

    @Test
    void theSubAccountsFundingBalanceIsReadWithTheMainKey() {
        assertThat(OkxSeeds.client(server).sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SUBACCOUNT", SUB)))
                .isEqualByComparingTo("2000");
    }

    @Test
    void aTopUpFromFundingThenTheSubAccountMovesEachLegOnceUnderItsOwnClientId() {
        TopUpDriver topUps = topUps();
        Intent first = topUps.openInLegs("FUNDING", "100", "SUBACCOUNT:" + SUB, "300");

        topUps.confirmedThenRedeliveredInVain(first);
        Intent second = topUps.nextLeg(first);
        topUps.confirmedThenRedeliveredInVain(second);

        assertThat(server.transfers(KEY)).singleElement()
                .satisfies(t -> assertThat(t.clientId()).isEqualTo(OkxClientId.of(first.intentId())));
        assertThat(server.subAccountTransfers(KEY)).singleElement().satisfies(t -> {
            assertThat(t.subAcct()).isEqualTo(SUB);
            assertThat(t.transfer().clientId()).isEqualTo(OkxClientId.of(second.intentId()));
            assertThat(t.transfer().amt()).isEqualByComparingTo("300");
        });
        assertThat(server.fundingBalance(KEY, "USDT")).isEqualByComparingTo("900");
        assertThat(server.subAccountFunding(KEY, SUB, "USDT")).isEqualByComparingTo("1700");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5900");
    }

    @Test
    void aLostSubAccountTransferAnswerIsFoundByClientIdAndNeverSentAgain() {
        server.injectFault(OkxFault.of(OkxFault.Type.LOSE_RESPONSE, OkxDialectServer.TRANSFER));
        TopUpDriver topUps = topUps();

        assertThat(topUps.confirmedThenRedeliveredInVain(topUps.openInLegs("SUBACCOUNT:" + SUB, "300")).detail())
                .isEqualTo("reconciled");

        assertThat(server.requestCount(OkxDialectServer.TRANSFER)).isEqualTo(1);
        assertThat(server.subAccountFunding(KEY, SUB, "USDT")).isEqualByComparingTo("1700");
    }

    static Stream<OkxFault> spoiledAfterMoving() {
        return Stream.of(
                OkxFault.appliedThen(OkxFault.Type.APPLIED_HTML_PAGE, OkxDialectServer.TRANSFER, null),
                OkxFault.appliedThen(OkxFault.Type.APPLIED_MISSING_FIELD, OkxDialectServer.TRANSFER, "transId"),
                OkxFault.appliedThen(OkxFault.Type.APPLIED_RETYPED, OkxDialectServer.TRANSFER, "amt"));
    }

    @ParameterizedTest
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterTheSubAccountMovedIsNeverARefusal(OkxFault fault) {
        server.injectFault(fault);

        SpoiledAfterMoving.assertNeverARefusal(() -> OkxSeeds.client(server)
                .transferToMargin(fromSubAccount(SUB, "300")));

        assertThat(server.subAccountFunding(KEY, SUB, "USDT")).isEqualByComparingTo("1700");
    }

    @ParameterizedTest
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterTheSubAccountMovedIsReconciledAndMovesTheMoneyOnce(OkxFault fault) {
        server.injectFault(fault);
        TopUpDriver topUps = topUps();

        assertThat(topUps.neverFailed(topUps.openInLegs("SUBACCOUNT:" + SUB, "300"), 3).state())
                .isEqualTo(IntentState.CONFIRMED);

        assertThat(server.subAccountTransfers(KEY)).hasSize(1);
        assertThat(server.subAccountFunding(KEY, SUB, "USDT")).isEqualByComparingTo("1700");
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5800");
    }

    @Test
    void moreThanTheSubAccountHoldsIsRefusedAsInsufficientAndTheLegFailsMovingNothing() {
        TopUpDriver topUps = topUps();

        assertThat(topUps.deliver(topUps.openInLegs("SUBACCOUNT:" + SUB, "2500")).outcome())
                .isEqualTo(Outcome.FAILED);

        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferToMargin(fromSubAccount(SUB, "2500")));
        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(refused.venueCode()).isEqualTo("58116");
        assertThat(server.subAccountTransfers(KEY)).isEmpty();
        assertThat(server.subAccountFunding(KEY, SUB, "USDT")).isEqualByComparingTo("2000");
    }

    @Test
    void aSubAccountTheMainAccountDoesNotHaveIsRefusedByOkxsCodeMovingNothing() {
        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferToMargin(fromSubAccount("nosuchsub", "300")));
        VenueException unreadable = catchThrowableOfType(VenueException.class, () -> OkxSeeds.client(server)
                .sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SUBACCOUNT", "nosuchsub")));

        assertThat(refused.kind()).isEqualTo(Kind.CONFIG);
        assertThat(refused.venueCode()).isEqualTo("58115");
        assertThat(refused.getMessage()).doesNotContain(SECRET, PASSPHRASE);
        assertThat(unreadable.kind()).isEqualTo(Kind.CONFIG);
        assertThat(unreadable.venueCode()).isEqualTo("59510");
        assertThat(server.subAccountTransfers(KEY)).isEmpty();
        assertThat(server.tradingBalance(KEY, "USDT")).isEqualByComparingTo("5500");
    }

    @Test
    void aSubAccountSourceForAnIsolatedPositionIsRefusedBeforeAnyRequest() {
        TransferInstruction isolated = new TransferInstruction(UUID.randomUUID().toString(), "USDT",
                new BigDecimal("300"), "SUBACCOUNT", MarginMode.ISOLATED, OkxSeeds.ETH, Instant.now(), SUB);

        assertThat(catchThrowableOfType(VenueException.class,
                () -> OkxSeeds.client(server).transferToMargin(isolated)).kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.requestCounts()).isEmpty();
    }
}
