package dev.margintopup.dialect.bybit;

import static dev.margintopup.dialect.bybit.BybitSeeds.CANARY_SECRET;
import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.CROSS_USDT;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_BTC;
import static dev.margintopup.dialect.bybit.BybitSeeds.ISOLATED_KEY;
import static dev.margintopup.dialect.bybit.BybitSeeds.crossTopUp;
import static dev.margintopup.dialect.bybit.BybitSeeds.isolatedTopUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.dialect.bybit.BybitFault.Type;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.bybit.BybitV5Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each Bybit failure maps to its kind, names venue, endpoint and code, moves nothing and leaks no secret. */
class BybitV5ErrorsTest {

    private static final String INTENT = "3f1e2d4c-5b6a-4789-8abc-def012345678";
    private static final String WRONG_SECRET = "canary-wrong-secret-55aa";

    private BybitDialectServer server;
    private BybitV5Venue venue;
    private final List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        server = BybitSeeds.server();
        venue = BybitSeeds.client(server, CROSS_KEY);
    }

    @AfterEach
    void noMessageCarriesASecretOrASignature() {
        server.close();
        assertThat(messages).allSatisfy(m -> assertThat(m)
                .doesNotContain(CANARY_SECRET, WRONG_SECRET, CROSS_KEY, ISOLATED_KEY)
                .doesNotContainPattern("[0-9a-f]{64}"));
    }

    private VenueException failure(Executable call) {
        VenueException error = catchThrowableOfType(VenueException.class, call::execute);
        assertThat(error).as("a VenueException").isNotNull();
        messages.add(error.getMessage());
        assertThat(error.getMessage()).contains("bybit-v5", error.endpoint());
        return error;
    }

    private void nothingMoved() {
        assertThat(server.transfers(CROSS_KEY)).isEmpty();
        assertThat(server.transfers(ISOLATED_KEY)).isEmpty();
        assertThat(server.fundBalance(CROSS_KEY, "USDT")).isEqualByComparingTo("1000");
        assertThat(server.fundBalance(ISOLATED_KEY, "USDT")).isEqualByComparingTo("1000");
        assertThat(server.positionIM(ISOLATED_KEY, "BTCUSDT")).isEqualByComparingTo("3000");
    }

    // ---- error classes ----

    @Test
    void wrongSecretIsAuthWithTheSignatureCode() {
        BybitV5Venue wrong = BybitSeeds.client(server, CROSS_KEY, WRONG_SECRET);

        VenueException error = failure(() -> wrong.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.AUTH);
        assertThat(error.venueCode()).isEqualTo("10004");
        nothingMoved();
    }

    @Test
    void unknownKeyIsAuthWithTheInvalidKeyCode() {
        BybitV5Venue unknown = BybitSeeds.client(server, "not-a-key-at-all", CANARY_SECRET);

        VenueException error = failure(() -> unknown.readMargin(CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.AUTH);
        assertThat(error.venueCode()).isEqualTo("10003");
    }

    @Test
    void skewedVenueClockIsResyncedFromServerTimeAndTheRequestSucceeds() {
        server.skewClock(Duration.ofSeconds(30));

        assertThat(venue.transferToMargin(crossTopUp(INTENT, "100")).applied()).isTrue();

        assertThat(server.requestCount(BybitDialectServer.SERVER_TIME)).isEqualTo(1);
        assertThat(server.transfers(CROSS_KEY)).hasSize(1);
    }

    @Test
    void persistentSkewIsTimestampAfterOneResync() {
        server.skewClock(Duration.ofSeconds(30));
        server.misreportServerTime(Duration.ofSeconds(-30));

        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.TIMESTAMP);
        assertThat(error.venueCode()).isEqualTo("10002");
        assertThat(server.requestCount(BybitDialectServer.SERVER_TIME)).isEqualTo(1);
        nothingMoved();
    }

    @Test
    void fundingShortOfTheAmountIsInsufficientBalance() {
        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "5000")));

        assertThat(error.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(error.venueCode()).isEqualTo("131212");
        nothingMoved();
    }

    @Test
    void perUidThrottleIsRateLimitedWithTheResetHeader() {
        server.injectFault(BybitFault.of(Type.RATE_LIMIT, BybitDialectServer.INTER_TRANSFER));

        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(error.venueCode()).isEqualTo("10006");
        assertThat(error.getMessage()).contains("X-Bapi-Limit-Reset-Timestamp");
        nothingMoved();
    }

    @Test
    void ipThrottleIsRateLimitedAndSaysHowLongToStop() {
        server.injectFault(BybitFault.of(Type.IP_RATE_LIMIT, BybitDialectServer.WALLET_BALANCE));

        VenueException error = failure(() -> venue.readMargin(CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(error.getMessage()).contains("HTTP 403", "10 minutes");
    }

    @Test
    void serverErrorOnATransferIsOutcomeUnknown() {
        server.injectFault(BybitFault.of(Type.HTTP_500, BybitDialectServer.INTER_TRANSFER));

        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(error.venueCode()).isEqualTo("HTTP 500");
        nothingMoved();
    }

    @Test
    void maintenancePageIsOutcomeUnknown() {
        server.injectFault(BybitFault.of(Type.MAINTENANCE_503, BybitDialectServer.INTER_TRANSFER));

        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        nothingMoved();
    }

    // ---- malformed answers ----

    @Test
    void missingMaintenanceTotalIsABadResponseNamingIt() {
        server.injectFault(BybitFault.missingField(BybitDialectServer.WALLET_BALANCE, "totalMaintenanceMargin"));

        VenueException error = failure(() -> venue.readMargin(CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("totalMaintenanceMargin");
    }

    @Test
    void nonNumericPositionMaintenanceIsABadResponseNamingIt() {
        BybitV5Venue isolated = BybitSeeds.client(server, ISOLATED_KEY);
        server.injectFault(BybitFault.nonNumeric(BybitDialectServer.POSITION_LIST, "positionMM"));

        VenueException error = failure(() -> isolated.readMargin(ISOLATED_BTC));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("positionMM");
    }

    @Test
    void htmlInsteadOfJsonIsABadResponse() {
        server.injectFault(BybitFault.of(Type.HTML_PAGE, BybitDialectServer.WALLET_BALANCE));

        VenueException error = failure(() -> venue.readMargin(CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("not JSON");
    }

    @Test
    void emptyFundingAnswerIsABadResponse() {
        server.injectFault(BybitFault.of(Type.EMPTY_BODY, BybitDialectServer.FUND_BALANCE));

        VenueException error = failure(() -> venue.sourceFree(BybitSeeds.FUNDING_USDT));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("empty");
    }

    @Test
    void malformedTransferAnswersLeaveTheOutcomeUnknownAndMoveNothing() {
        server.injectFault(BybitFault.missingField(BybitDialectServer.INTER_TRANSFER, "transferId"));
        server.injectFault(BybitFault.nonNumeric(BybitDialectServer.INTER_TRANSFER, "retCode"));
        server.injectFault(BybitFault.of(Type.HTML_PAGE, BybitDialectServer.INTER_TRANSFER));
        server.injectFault(BybitFault.of(Type.EMPTY_BODY, BybitDialectServer.INTER_TRANSFER));

        assertThat(failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100"))).getMessage())
                .contains("transferId");
        assertThat(failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100"))).getMessage())
                .contains("retCode");
        assertThat(failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100"))).kind())
                .isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100"))).kind())
                .isEqualTo(Kind.OUTCOME_UNKNOWN);
        nothingMoved();
    }

    // ---- account mode and key checks ----

    @Test
    void classicAccountIsRefusedWithConfig() {
        server.seedAccount(BybitSeeds.cross().unifiedMarginStatus(1).build());

        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("classic", "Unified Trading Account");
        nothingMoved();
    }

    @Test
    void crossItemOnAnIsolatedMarginAccountIsConfig() {
        BybitV5Venue isolated = BybitSeeds.client(server, ISOLATED_KEY);

        VenueException error = failure(() -> isolated.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("REGULAR_MARGIN");
        nothingMoved();
    }

    @Test
    void keyThatCanWithdrawIsRefusedForEveryRole() {
        server.seedAccount(BybitSeeds.cross().walletPermissions("AccountTransfer", "Withdraw").build());

        assertThat(failure(() -> venue.readMargin(CROSS_USDT)).kind()).isEqualTo(Kind.CONFIG);
        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("Withdraw");
        nothingMoved();
    }

    @Test
    void readOnlyKeyIsRefusedForTransfersButReadsMargin() {
        server.seedAccount(BybitSeeds.cross().readOnly(true).walletPermissions().build());
        server.setMarkPrice("ETHUSDT", "2900");

        assertThat(venue.readMargin(CROSS_USDT).maintenanceMargin()).isEqualByComparingTo("1450");
        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("read-only");
        nothingMoved();
    }

    @Test
    void transferKeyWithoutAccountTransferIsConfig() {
        server.seedAccount(BybitSeeds.cross().walletPermissions("SubMemberTransfer").build());

        VenueException error = failure(() -> venue.transferToMargin(crossTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("AccountTransfer");
        nothingMoved();
    }

    @Test
    void isolatedAddWithoutThePositionPermissionIsConfigBeforeAnythingMoves() {
        server.seedAccount(BybitSeeds.isolated().contractPermissions().build());
        BybitV5Venue isolated = BybitSeeds.client(server, ISOLATED_KEY);

        VenueException error = failure(() -> isolated.transferToMargin(isolatedTopUp(INTENT, "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("Position");
        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isZero();
        nothingMoved();
    }

    @Test
    void intentIdThatIsNotAUuidIsConfigAndNothingIsSent() {
        VenueException error = failure(() -> venue.transferToMargin(crossTopUp("intent-7", "100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.requestCount(BybitDialectServer.INTER_TRANSFER)).isZero();
    }
}
