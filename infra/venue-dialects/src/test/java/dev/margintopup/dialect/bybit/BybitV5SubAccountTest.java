package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.bybit.BybitSeeds.CANARY_SECRET;
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
import dev.margintopup.venue.bybit.BybitV5Venue;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A top-up drawn from the owner's sub-account on Bybit: the main account's key reads the sub-account's
 * Funding wallet by UID and moves it into its own Unified wallet with a universal transfer under the
 * intent's transferId, found again by it; a refusal moves nothing, and an answer spoiled after the
 * money moved is reconciled, never a refusal.
 */
class BybitV5SubAccountTest {

    private static final String MAIN_KEY = "bybit-main-key-00003";
    private static final String MAIN_UID = "691355";
    private static final String SUB_UID = "592334";

    private BybitDialectServer server;

    @BeforeEach
    void start() {
        server = BybitSeeds.server();
        server.seedAccount(main().build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The cross account of {@link BybitSeeds#cross()} as a main account whose sub-account holds 2000 USDT. */
    private static BybitAccount.Builder main() {
        return BybitAccount.builder(MAIN_KEY, CANARY_SECRET)
                .memberId(MAIN_UID)
                .walletPermissions("AccountTransfer", "SubMemberTransfer")
                .fund("USDT", "1000")
                .unified("USDT", "10000")
                .subAccountFund(SUB_UID, "USDT", "2000")
                .position(BybitPosition.cross("ETHUSDT", "Buy", "10", "3000", "10", "0.05"));
    }

    private TopUpDriver topUps() {
        return new TopUpDriver(BybitSeeds.CLOCK.instant(), () -> BybitSeeds.client(server, MAIN_KEY),
                "venue", BybitV5Venue.NAME, "venueEndpoint", server.baseUrl());
    }

    private static TransferInstruction fromSubAccount(String uid, String amount) {
        return new TransferInstruction(UUID.randomUUID().toString(), "USDT", new BigDecimal(amount), "SUBACCOUNT",
                MarginMode.CROSS, null, BybitSeeds.CLOCK.instant(), uid);
    }

    @Test
    void theSubAccountsFundingWalletIsReadByItsUidWithTheMainKey() {
        BigDecimal free = BybitSeeds.client(server, MAIN_KEY)
                .sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SUBACCOUNT", SUB_UID));

        assertThat(free).isEqualByComparingTo("2000");
    }

    @Test
    void aTopUpFromFundingThenTheSubAccountMovesEachLegOnceUnderItsOwnTransferId() {
        TopUpDriver topUps = topUps();
        Intent first = topUps.openInLegs("FUNDING", "100", "SUBACCOUNT:" + SUB_UID, "300");

        topUps.confirmedThenRedeliveredInVain(first);
        Intent second = topUps.nextLeg(first);
        topUps.confirmedThenRedeliveredInVain(second);

        assertThat(server.transfers(MAIN_KEY)).singleElement()
                .satisfies(t -> assertThat(t.transferId()).isEqualTo(first.intentId()));
        assertThat(server.memberTransfers(MAIN_KEY)).singleElement().satisfies(t -> {
            assertThat(t.transfer().transferId()).isEqualTo(second.intentId());
            assertThat(t.fromMemberId()).isEqualTo(SUB_UID);
            assertThat(t.toMemberId()).isEqualTo(MAIN_UID);
            assertThat(t.transfer().amount()).isEqualByComparingTo("300");
        });
        assertThat(server.fundBalance(MAIN_KEY, "USDT")).isEqualByComparingTo("900");
        assertThat(server.subAccountFund(MAIN_KEY, SUB_UID, "USDT")).isEqualByComparingTo("1700");
        assertThat(server.unifiedBalance(MAIN_KEY, "USDT")).isEqualByComparingTo("10400");
    }

    @Test
    void aLostSubAccountTransferAnswerIsFoundByTransferIdAndNeverSentAgain() {
        server.injectFault(BybitFault.of(BybitFault.Type.LOSE_RESPONSE, BybitDialectServer.UNIVERSAL_TRANSFER));
        TopUpDriver topUps = topUps();
        Intent intent = topUps.openInLegs("SUBACCOUNT:" + SUB_UID, "300");

        assertThat(topUps.confirmedThenRedeliveredInVain(intent).detail()).isEqualTo("reconciled");

        assertThat(server.requestCount(BybitDialectServer.UNIVERSAL_TRANSFER)).isEqualTo(1);
        assertThat(server.subAccountFund(MAIN_KEY, SUB_UID, "USDT")).isEqualByComparingTo("1700");
    }

    static Stream<BybitFault> spoiledAfterMoving() {
        return Stream.of(
                BybitFault.appliedThen(BybitFault.Type.APPLIED_HTML_PAGE, BybitDialectServer.UNIVERSAL_TRANSFER, null),
                BybitFault.appliedThen(BybitFault.Type.APPLIED_MISSING_FIELD, BybitDialectServer.UNIVERSAL_TRANSFER,
                        "status"),
                BybitFault.appliedThen(BybitFault.Type.APPLIED_RETYPED, BybitDialectServer.UNIVERSAL_TRANSFER,
                        "transferId"));
    }

    @ParameterizedTest
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterTheSubAccountMovedIsNeverARefusal(BybitFault fault) {
        server.injectFault(fault);

        SpoiledAfterMoving.assertNeverARefusal(() -> BybitSeeds.client(server, MAIN_KEY)
                .transferToMargin(fromSubAccount(SUB_UID, "300")));

        assertThat(server.subAccountFund(MAIN_KEY, SUB_UID, "USDT")).isEqualByComparingTo("1700");
    }

    @ParameterizedTest
    @MethodSource("spoiledAfterMoving")
    void anAnswerUnreadableAfterTheSubAccountMovedIsReconciledAndMovesTheMoneyOnce(BybitFault fault) {
        server.injectFault(fault);
        TopUpDriver topUps = topUps();

        assertThat(topUps.neverFailed(topUps.openInLegs("SUBACCOUNT:" + SUB_UID, "300"), 3).state())
                .isEqualTo(IntentState.CONFIRMED);

        assertThat(server.memberTransfers(MAIN_KEY)).hasSize(1);
        assertThat(server.subAccountFund(MAIN_KEY, SUB_UID, "USDT")).isEqualByComparingTo("1700");
        assertThat(server.unifiedBalance(MAIN_KEY, "USDT")).isEqualByComparingTo("10300");
    }

    @Test
    void moreThanTheSubAccountHoldsIsRefusedAsInsufficientAndTheLegFailsMovingNothing() {
        TopUpDriver topUps = topUps();
        Intent intent = topUps.openInLegs("SUBACCOUNT:" + SUB_UID, "2500");

        assertThat(topUps.deliver(intent).outcome()).isEqualTo(Outcome.FAILED);

        VenueException refused = catchThrowableOfType(VenueException.class, () -> BybitSeeds.client(server, MAIN_KEY)
                .transferToMargin(fromSubAccount(SUB_UID, "2500")));
        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(refused.venueCode()).isEqualTo("131228");
        assertThat(server.memberTransfers(MAIN_KEY)).isEmpty();
        assertThat(server.subAccountFund(MAIN_KEY, SUB_UID, "USDT")).isEqualByComparingTo("2000");
    }

    @Test
    void aUidThatIsNotOneOfTheMainAccountsSubAccountsIsRefusedMovingNothing() {
        VenueException refused = catchThrowableOfType(VenueException.class, () -> BybitSeeds.client(server, MAIN_KEY)
                .transferToMargin(fromSubAccount("100200", "300")));
        VenueException unreadable = catchThrowableOfType(VenueException.class, () -> BybitSeeds.client(server, MAIN_KEY)
                .sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "SUBACCOUNT", "100200")));

        assertThat(refused.kind()).isEqualTo(Kind.REJECTED);
        assertThat(refused.getMessage()).contains("100200").doesNotContain(CANARY_SECRET);
        assertThat(unreadable.kind()).isEqualTo(Kind.REJECTED);
        assertThat(server.memberTransfers(MAIN_KEY)).isEmpty();
        assertThat(server.unifiedBalance(MAIN_KEY, "USDT")).isEqualByComparingTo("10000");
    }

    @Test
    void aKeyWithoutSubMemberTransferOrOfASubAccountIsRefusedBeforeAnyTransferIsSent() {
        server.seedAccount(main().walletPermissions("AccountTransfer").build());
        VenueException withoutPermission = catchThrowableOfType(VenueException.class,
                () -> BybitSeeds.client(server, MAIN_KEY).transferToMargin(fromSubAccount(SUB_UID, "300")));
        server.seedAccount(main().master(false).build());
        VenueException ofASubAccount = catchThrowableOfType(VenueException.class,
                () -> BybitSeeds.client(server, MAIN_KEY).transferToMargin(fromSubAccount(SUB_UID, "300")));

        assertThat(withoutPermission.kind()).isEqualTo(Kind.CONFIG);
        assertThat(withoutPermission.getMessage()).contains("SubMemberTransfer");
        assertThat(ofASubAccount.kind()).isEqualTo(Kind.CONFIG);
        assertThat(ofASubAccount.getMessage()).contains("main account's key");
        assertThat(server.requestCount(BybitDialectServer.UNIVERSAL_TRANSFER)).isZero();
    }

    @Test
    void aSubAccountSourceForAnIsolatedPositionIsRefusedBeforeAnyRequest() {
        TransferInstruction isolated = new TransferInstruction(UUID.randomUUID().toString(), "USDT",
                new BigDecimal("300"), "SUBACCOUNT", MarginMode.ISOLATED, "BTCUSDT", BybitSeeds.CLOCK.instant(), SUB_UID);

        assertThat(catchThrowableOfType(VenueException.class,
                () -> BybitSeeds.client(server, MAIN_KEY).transferToMargin(isolated)).kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.requestCounts()).isEmpty();
    }
}
