package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A sub-account as a source, end to end on Bybit and OKX: the item in the emulator's Accounts table,
 * the real checker and transfer functions through the template's rules, each venue's dialect server
 * over HTTP. The account draws from its own FUNDING to a floor, then from the owner's sub-account to
 * that one's floor; a crash while the sub-account leg is in flight is reconciled by client id.
 */
class SubAccountSourcesEndToEndIT {

    private static PipelineFixture fx;
    private static RealVenueDialects.Bybit bybit;
    private static RealVenueDialects.Okx okx;

    @BeforeAll
    static void start() {
        fx = PipelineFixture.withWarmAdapters(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES))
                .start();
        bybit = new RealVenueDialects.Bybit();
        okx = new RealVenueDialects.Okx();
    }

    @AfterAll
    static void stop() {
        bybit.close();
        okx.close();
        fx.close();
    }

    /**
     * Bybit at 2600: margin 6 000, maintenance 1 300, so the 0.05 target needs 20 000. FUNDING 5 000 with a
     * floor of 1 000 gives 4 000; the sub-account's 40 000 with a floor of 25 000 gives 15 000: 19 000 in all.
     * OKX at 57 000: equity 1 500, maintenance 285, the target needs 4 200. FUNDING 2 000 above 500 gives
     * 1 500; the sub-account's 9 000 above 6 500 gives 2 500: 4 000 in all. The servers live for the
     * class; JUnit must not close them after each invocation.
     */
    static Stream<Arguments> venues() {
        return Stream.of(
                Arguments.of(bybit, new Drawn("5000", "1000", "40000", "25000", "4000", "15000")),
                Arguments.of(okx, new Drawn("2000", "500", "9000", "6500", "1500", "2500")));
    }

    /** What each source holds and keeps, and what each leg then draws. */
    record Drawn(String funding, String fundingFloor, String sub, String subFloor, String fromFunding,
            String fromSub) {
        @Override public String toString() { return "FUNDING " + fromFunding + ", then SUBACCOUNT " + fromSub; }
    }

    @ParameterizedTest(name = "{0}: {1}", autoCloseArguments = false)
    @MethodSource("venues")
    void a_top_up_draws_funding_to_its_floor_then_the_sub_account_to_its_floor(
            RealVenueDialects.WithSubAccounts venue, Drawn drawn) {
        Managed account = manage(venue, drawn);
        venue.breach(account.credentials());

        JsonNode check = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        fx.pipeline.deliverEvents();

        assertOutcome(check, "TOP_UP_REQUESTED");
        assertThat(check.path("amount").decimalValue())
                .isEqualByComparingTo(new BigDecimal(drawn.fromFunding()).add(new BigDecimal(drawn.fromSub())));
        assertThat(venue.legs(account.credentials()))
                .containsExactly("FUNDING " + drawn.fromFunding(), "SUBACCOUNT " + drawn.fromSub());
        assertThat(venue.fundingBalance(account.credentials())).isEqualByComparingTo(drawn.fundingFloor());
        assertThat(venue.subAccountBalance(account.credentials())).as("the sub-account's floor stays")
                .isEqualByComparingTo(drawn.subFloor());
        assertThat(fx.pipeline.publishedEvents("TopUpCompleted"))
                .filteredOn(e -> e.path("detail").path("accountId").asText().equals(account.id())).hasSize(2);
        assertThat(fx.pipeline.ledger().state(account.id()).openIntentId()).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}", autoCloseArguments = false)
    @MethodSource("venues")
    void a_crash_while_the_sub_account_leg_is_in_flight_reconciles_and_moves_nothing_twice(
            RealVenueDialects.WithSubAccounts venue, Drawn drawn) {
        Managed account = manage(venue, drawn);
        venue.breach(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(requested(account))), "CONFIRMED");
        JsonNode subAccountLeg = requested(account);

        // The worker claims the sub-account leg, the venue applies it, and the worker dies before recording it.
        fx.crashAfterTheVenueApplied(account.id(), subAccountLeg.path("detail").path("intentId").asText(),
                venue.venue(), venue.baseUrl(), account.credentials());
        fx.clock.advance(PipelineFixture.LEASE.plus(Duration.ofMinutes(5)));
        JsonNode retried = fx.pipeline.invokeTransfer(Json.write(subAccountLeg));
        JsonNode again = fx.pipeline.invokeTransfer(Json.write(subAccountLeg));

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
        assertOutcome(again, "DUPLICATE");
        assertThat(venue.legs(account.credentials()))
                .containsExactly("FUNDING " + drawn.fromFunding(), "SUBACCOUNT " + drawn.fromSub());
        assertThat(venue.subAccountBalance(account.credentials())).isEqualByComparingTo(drawn.subFloor());
    }

    private static Managed manage(RealVenueDialects.WithSubAccounts venue, Drawn drawn) {
        Consumer<Map<String, AttributeValue>> sources = item -> {
            item.remove("sourceWallet");
            item.put("sources", AttributeValue.fromL(List.of(
                    AttributeValue.fromM(Map.of("wallet", s("FUNDING"), "floor", n(drawn.fundingFloor()))),
                    AttributeValue.fromM(Map.of("wallet", s("SUBACCOUNT"), "subAccount", s(venue.subAccount()),
                            "floor", n(drawn.subFloor()))))));
        };
        return Managed.manage(fx, venue, venue.seedCrossAccount(drawn.funding(), drawn.sub()), "0.15", sources);
    }

    private static JsonNode requested(Managed account) {
        return fx.pipeline.drainEvents("TopUpRequested").stream()
                .filter(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .reduce((first, second) -> second).orElseThrow();
    }
}
