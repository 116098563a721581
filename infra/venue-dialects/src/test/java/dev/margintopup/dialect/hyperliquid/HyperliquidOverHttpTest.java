package dev.margintopup.dialect.hyperliquid;

import static dev.margintopup.dialect.ExpectedPositions.BY_VALUE;
import static dev.margintopup.dialect.ExpectedPositions.position;
import static dev.margintopup.dialect.hyperliquid.HyperliquidSeeds.ACCOUNT;
import static dev.margintopup.dialect.hyperliquid.HyperliquidSeeds.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.hyperliquid.HyperliquidVenue;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Hyperliquid adapter against the dialect server over HTTP: reads, moves, keys and nonces. */
class HyperliquidOverHttpTest {

    private HyperliquidDialectServer server;
    private HyperliquidVenue venue;

    @BeforeEach
    void start() {
        server = HyperliquidSeeds.server();
        venue = HyperliquidSeeds.client(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void crossSnapshotIsTheVenuesCrossMaintenanceOverItsCrossAccountValue() {
        MarginSnapshot snapshot = venue.readMargin(HyperliquidSeeds.CROSS);

        assertThat(snapshot.venue()).isEqualTo("hyperliquid");
        assertThat(snapshot.asset()).isEqualTo("USDC");
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("9000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("750");
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0833333333333");
        assertThat(snapshot.sourceFree()).as("a margin read reads no source").isNull();
        assertThat(snapshot.transferStep()).isEqualByComparingTo("0.01");
        assertThat(snapshot.asOf()).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
        // Only the cross position: the isolated ETH has its own margin.
        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position("BTC", Position.Side.LONG, "1", "60000", "750", "51645.57"));
    }

    @Test
    void aHealthyCrossReadIsOneRequestAndTheSpotBalanceIsReadApart() {
        int before = server.requestCounts().values().stream().mapToInt(Integer::intValue).sum();

        venue.readMargin(HyperliquidSeeds.CROSS);

        assertThat(server.requestCounts().values().stream().mapToInt(Integer::intValue).sum() - before).isEqualTo(1);
        assertThat(venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDC", "SPOT"))).isEqualByComparingTo("1000");
        assertThat(catchThrowableOfType(VenueException.class,
                () -> venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDC", "FUNDING"))).kind())
                .isEqualTo(Kind.CONFIG);
    }

    @Test
    void aRatioOnlyCrossReadListsNoPositions() {
        MarginSnapshot snapshot = venue.readMargin(new MarginQuery(HyperliquidSeeds.CROSS.mode(), null, "USDC", "SPOT", false));

        assertThat(snapshot.positions()).isEmpty();
        assertThat(snapshot.marginRatio()).isEqualByComparingTo("0.0833333333333");
    }

    @Test
    void isolatedSnapshotIsThePositionsOwnEquityWithItsLiquidationPrice() {
        MarginSnapshot snapshot = venue.readMargin(HyperliquidSeeds.ISOLATED);

        // equity = raw USD (3000 − 10 × 3000) + 10 × 2800; maintenance 28 000 ÷ 25 ÷ 2.
        assertThat(snapshot.marginBalance()).isEqualByComparingTo("1000");
        assertThat(snapshot.maintenanceMargin()).isEqualByComparingTo("560");
        assertThat(snapshot.markPrice()).isEqualByComparingTo("2800");
        assertThat(snapshot.liquidationPrice()).isEqualByComparingTo("2755.10");
        assertThat(snapshot.positions()).usingRecursiveFieldByFieldElementComparator(BY_VALUE).containsExactly(
                position(ETH, Position.Side.LONG, "10", "2800", "560", "2755.10"));
    }

    @Test
    void anIsolatedQueryWithoutThatPositionHasNothingToProtect() {
        MarginSnapshot snapshot = venue.readMargin(new MarginQuery(HyperliquidSeeds.ISOLATED.mode(), "SOL", "USDC", "SPOT"));

        assertThat(snapshot.maintenanceMargin()).isZero();
        assertThat(snapshot.marginRatio()).isZero();
    }

    @Test
    void aCrossTopUpMovesSpotIntoPerpOnceAndIsFoundInTheLedger() {
        TransferInstruction instruction = HyperliquidSeeds.cross("250.5");

        TransferReceipt receipt = venue.transferToMargin(instruction);

        assertThat(receipt.applied()).isTrue();
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("749.5");
        assertThat(server.perpBalance(ACCOUNT)).isEqualByComparingTo("10250.5");
        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.Found.class);
        assertThat(venue.findTransfer(HyperliquidSeeds.cross("250.4"))).as("another amount is not ours")
                .isInstanceOf(TransferLookup.NotFound.class);
    }

    @Test
    void resendingTheSameTopUpIsRefusedAsAUsedNonceAndReportedOutcomeUnknownNeverFailed() {
        TransferInstruction instruction = HyperliquidSeeds.cross("100");
        venue.transferToMargin(instruction);

        VenueException resent = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(instruction));

        assertThat(resent.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(resent.getMessage()).contains("duplicate nonce").contains("reconcile");
        assertThat(server.transfers(ACCOUNT)).hasSize(1);
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("900");
    }

    @Test
    void aNonceWindowThatMovedOnRefusesTheFirstSendAndTheLedgerSaysNothingMoved() {
        TransferInstruction instruction = HyperliquidSeeds.cross("100");
        // The same key signed 100 newer actions elsewhere (a trading bot): our nonce is below its window.
        long now = System.currentTimeMillis();
        for (int i = 0; i < 100; i++) {
            server.useNonce(ACCOUNT, now + 5_000 + i);
        }

        VenueException refused = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(instruction));

        assertThat(refused.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
        assertThat(refused.getMessage()).contains("nonce too low");
        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.NotFound.class);
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1000");
    }

    @Test
    void aTransferTheSpotBalanceCannotCoverIsRefusedAndMovesNothing() {
        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(HyperliquidSeeds.cross("5000")));

        assertThat(refused.kind()).isEqualTo(Kind.INSUFFICIENT_BALANCE);
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1000");
        assertThat(server.transfers(ACCOUNT)).isEmpty();
    }

    @Test
    void aThrottledTransferIsRateLimitedAndMovesNothing() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.RATE_LIMIT, HyperliquidDialectServer.USD_CLASS_TRANSFER));

        VenueException throttled = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(HyperliquidSeeds.cross("100")));

        assertThat(throttled.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(throttled.getMessage()).contains("1200");
        assertThat(server.transfers(ACCOUNT)).isEmpty();
    }

    @Test
    void anIsolatedTopUpMovesSpotToPerpThenAddsToThePosition() {
        TransferInstruction instruction = HyperliquidSeeds.isolated("100");

        venue.transferToMargin(instruction);

        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("900");
        assertThat(server.perpBalance(ACCOUNT)).isEqualByComparingTo("10000");
        assertThat(server.isolatedMargin(ACCOUNT, ETH)).isEqualByComparingTo("3100");
        assertThat(server.isolatedAdds(ACCOUNT)).singleElement()
                .satisfies(add -> assertThat(add.coin()).isEqualTo(ETH));
    }

    @Test
    void aCoinListedAfterTheAdapterFirstReadTheUniverseIsFound() {
        venue.transferToMargin(HyperliquidSeeds.isolated("10")); // reads the universe: BTC, ETH
        server.list("SOL", 20);
        server.seedAccount(HyperliquidSeeds.trader()
                .position(HyperliquidAccount.Position.isolated("SOL", "100", "150", 20, "2000")));

        venue.transferToMargin(new TransferInstruction("intent-sol", "USDC", new java.math.BigDecimal("10"), "SPOT",
                MarginMode.ISOLATED, "SOL", Instant.now()));

        assertThat(server.isolatedMargin(ACCOUNT, "SOL")).isEqualByComparingTo("2010");
    }

    @Test
    void anIsolatedTopUpWithoutThePositionMovesNothing() {
        server.list("SOL", 20);
        TransferInstruction missing = new TransferInstruction("intent-sol", "USDC", new java.math.BigDecimal("100"),
                "SPOT", MarginMode.ISOLATED, "SOL", Instant.now());

        VenueException refused = catchThrowableOfType(VenueException.class, () -> venue.transferToMargin(missing));

        assertThat(refused.kind()).isEqualTo(Kind.REJECTED);
        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isZero();
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1000");
    }

    @Test
    void anApiWalletKeyIsRefusedAtFirstUseNamingTheKeyNeededAndNothingIsSent() {
        HyperliquidVenue withAgentKey = HyperliquidSeeds.client(server, HyperliquidSeeds.AGENT_KEY);

        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> withAgentKey.transferToMargin(HyperliquidSeeds.cross("100")));

        assertThat(refused.kind()).isEqualTo(Kind.CONFIG);
        assertThat(refused.getMessage()).contains("API wallet").contains("account's own key")
                .contains(HyperliquidSeeds.AGENT).doesNotContain(HyperliquidSeeds.AGENT_KEY.substring(2));
        assertThat(server.requestCount(HyperliquidDialectServer.USD_CLASS_TRANSFER)).isZero();
        // Reading needs the address only: the same secret still reads the margin.
        assertThat(withAgentKey.readMargin(HyperliquidSeeds.CROSS).maintenanceMargin()).isEqualByComparingTo("750");
    }

    @Test
    void theServerRecoversTheSignersAddressAndRefusesOneItDoesNotKnow() {
        // A secret whose address and key agree, for an account the venue has never seen.
        String strangerAddress = HyperliquidDialectServer.addressOf(HyperliquidSeeds.STRANGER_KEY);
        HyperliquidVenue stranger = new HyperliquidVenue(server.baseUrl(),
                new dev.margintopup.venue.VenueCredentials(strangerAddress, HyperliquidSeeds.STRANGER_KEY, null),
                java.net.http.HttpClient.newHttpClient(), java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(2));

        VenueException refused = catchThrowableOfType(VenueException.class,
                () -> stranger.transferToMargin(HyperliquidSeeds.cross("100")));

        assertThat(refused.kind()).isEqualTo(Kind.AUTH);
        // The secret's apiKey (here the address) is cut to its start in every message, as any key is.
        assertThat(refused.getMessage()).contains("User or API Wallet " + strangerAddress.substring(0, 4) + "***")
                .contains("does not exist");
        assertThat(server.spotBalance(ACCOUNT)).isEqualByComparingTo("1000");
    }

    @Test
    void malformedInfoAnswersAreBadResponsesNamingTheField() {
        server.injectFault(HyperliquidFault.missingField("clearinghouseState", "crossMaintenanceMarginUsed"));
        assertThat(catchThrowableOfType(VenueException.class, () -> venue.readMargin(HyperliquidSeeds.CROSS)))
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
                    assertThat(e.getMessage()).contains("crossMaintenanceMarginUsed");
                });

        server.injectFault(HyperliquidFault.nonNumeric("clearinghouseState", "szi"));
        assertThat(catchThrowableOfType(VenueException.class, () -> venue.readMargin(HyperliquidSeeds.CROSS)))
                .satisfies(e -> assertThat(e.getMessage()).contains("szi"));

        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.EMPTY_BODY, "spotClearinghouseState"));
        assertThat(catchThrowableOfType(VenueException.class,
                () -> venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDC", "SPOT"))).kind())
                .isEqualTo(Kind.BAD_RESPONSE);

        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.RATE_LIMIT, "clearinghouseState"));
        assertThat(catchThrowableOfType(VenueException.class, () -> venue.readMargin(HyperliquidSeeds.CROSS)).kind())
                .isEqualTo(Kind.RATE_LIMITED);
    }

    @Test
    void anAnswerToAMoveThatCannotBeReadIsOutcomeUnknown() {
        for (HyperliquidFault fault : java.util.List.of(
                HyperliquidFault.of(HyperliquidFault.Type.GATEWAY_PAGE, HyperliquidDialectServer.USD_CLASS_TRANSFER),
                HyperliquidFault.of(HyperliquidFault.Type.HTTP_500, HyperliquidDialectServer.USD_CLASS_TRANSFER),
                HyperliquidFault.of(HyperliquidFault.Type.LOSE_RESPONSE, HyperliquidDialectServer.USD_CLASS_TRANSFER),
                HyperliquidFault.missingField(HyperliquidDialectServer.USD_CLASS_TRANSFER, "status"))) {
            server.injectFault(fault);

            VenueException e = catchThrowableOfType(VenueException.class,
                    () -> venue.transferToMargin(HyperliquidSeeds.cross("10")));

            assertThat(e.outcomeUnknown()).as(fault.type().name()).isTrue();
        }
        // Only the lost answer was applied.
        assertThat(server.transfers(ACCOUNT)).hasSize(1);
    }

    @Test
    void anUnreadableLedgerIsUnknownNeverNotFound() {
        server.injectFault(HyperliquidFault.nonNumeric("userNonFundingLedgerUpdates", "usdc"));
        TransferInstruction instruction = HyperliquidSeeds.cross("100");
        venue.transferToMargin(instruction);

        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.Unknown.class);
        assertThat(venue.findTransfer(instruction)).isInstanceOf(TransferLookup.Found.class);
    }

    @Test
    void noMessageCarriesTheSigningKey() {
        server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.GATEWAY_PAGE, HyperliquidDialectServer.USD_CLASS_TRANSFER));
        VenueException e = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(HyperliquidSeeds.cross("10")));

        assertThat(e.getMessage()).doesNotContain(HyperliquidSeeds.ACCOUNT_KEY.substring(2, 20));
        assertThat(venue.toString()).doesNotContain(HyperliquidSeeds.ACCOUNT_KEY.substring(2, 20));
    }
}
