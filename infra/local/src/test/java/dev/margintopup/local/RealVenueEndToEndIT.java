package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.testing.Concurrently;
import dev.margintopup.venue.VenueCredentials;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The foundation's exactly-once tests with each real venue adapter, against a local server that
 * speaks that venue's dialect: a breach moves money once however often and however concurrently
 * the check is delivered, and a crash after the venue applied the transfer is reconciled by
 * client id without moving more.
 */
class RealVenueEndToEndIT {

    private static PipelineFixture fx;
    private static List<RealVenueDialects> dialects;

    @BeforeAll
    static void start() {
        // Binance finds a leg by its time, so simulated time must stay behind the dialect's clock however
        // far the class advances it: its sweeps wait out calm periods and leases, more than an hour in all.
        fx = PipelineFixture.withWarmAdapters(java.time.Instant.now().minus(Duration.ofHours(3)).truncatedTo(
                java.time.temporal.ChronoUnit.MINUTES)).start();
        dialects = List.of(new RealVenueDialects.Binance(), new RealVenueDialects.Bybit(), new RealVenueDialects.Okx(),
                new RealVenueDialects.Hyperliquid());
    }

    @AfterAll
    static void stop() {
        dialects.forEach(RealVenueDialects::close);
        fx.close();
    }

    /** The servers live for the class; JUnit must not close them after each invocation. */
    static Stream<RealVenueDialects> venues() {
        return dialects.stream();
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("venues")
    void a_breach_delivered_many_times_and_concurrently_moves_money_once(RealVenueDialects venue) throws Exception {
        Managed account = manage(venue);
        venue.breach(account.credentials());
        String input = fx.nextCheckInput(account.id());

        List<JsonNode> results = new ArrayList<>(Concurrently.times(4, () -> fx.pipeline.invokeChecker(input)));
        for (int i = 0; i < 10; i++) {
            results.add(fx.pipeline.invokeChecker(input));
        }
        fx.pipeline.deliverEvents();

        assertThat(results).extracting(r -> r.path("outcome").asText()).containsOnlyOnce("TOP_UP_REQUESTED");
        JsonNode requested = results.stream().filter(r -> r.path("outcome").asText().equals("TOP_UP_REQUESTED"))
                .findFirst().orElseThrow();
        assertThat(venue.transfers(account.credentials())).as("one transfer on %s", venue).isEqualTo(1);
        assertThat(venue.transferred(account.credentials())).isEqualByComparingTo(requested.path("amount").decimalValue());
        assertThat(fx.pipeline.publishedEvents("TopUpCompleted"))
                .anySatisfy(e -> assertThat(e.path("detail").path("accountId").asText()).isEqualTo(account.id()));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("venues")
    void a_crash_after_the_venue_applied_the_transfer_is_reconciled_by_client_id(RealVenueDialects venue) {
        Managed account = manage(venue);
        venue.breach(account.credentials());
        JsonNode check = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        assertOutcome(check, "TOP_UP_REQUESTED");
        String requested = Json.write(fx.pipeline.drainEvents("TopUpRequested").stream()
                .filter(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .findFirst().orElseThrow());

        fx.crashAfterTheVenueApplied(account.id(), check.path("intentId").asText(), venue.venue(), venue.baseUrl(),
                account.credentials());
        assertThat(venue.transfers(account.credentials())).isEqualTo(1);

        fx.clock.advance(PipelineFixture.LEASE.plus(Duration.ofMinutes(5)));
        JsonNode retried = fx.pipeline.invokeTransfer(requested);

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
        assertThat(venue.transfers(account.credentials())).as("nothing more moved on %s", venue).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("venues")
    void a_healthy_check_is_one_venue_request_and_no_aws_call_once_warm(RealVenueDialects venue) {
        Managed account = manage(venue, "0.5");
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "NO_ACTION"); // warms the container

        fx.pipeline.functionCalls().reset();
        Map<String, Integer> before = venue.requests();
        for (int i = 0; i < 3; i++) {
            assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "NO_ACTION");
        }

        assertThat(fx.pipeline.functionCalls().snapshot()).as("AWS calls of three warm no-op checks on %s", venue)
                .isEmpty();
        Map<String, Integer> made = requestsSince(venue, before);
        assertThat(made.values().stream().mapToInt(Integer::intValue).sum())
                .as("venue requests of three warm no-op checks on %s: %s", venue, made).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("venues")
    void a_source_floor_is_never_touched_and_what_it_holds_back_is_announced(RealVenueDialects venue) {
        // Each venue seeds 50 000 in its source wallet (FUNDING; Hyperliquid's spot USDC): above a 49 000
        // floor it may give 1 000, less than the breach needs.
        Managed account = manage(venue, venue.seedCrossAccount(), "0.15", item -> {
            item.remove("sourceWallet");
            item.put("sources", AttributeValue.fromL(List.of(
                    AttributeValue.fromM(Map.of("wallet", s(venue.sourceWallet()), "floor", n("49000"))))));
        });
        venue.breach(account.credentials());

        JsonNode check = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        fx.pipeline.deliverEvents();

        assertOutcome(check, "TOP_UP_REQUESTED");
        assertThat(check.path("detail").asText()).isEqualTo("limited by SOURCE_BALANCE");
        assertThat(venue.transfers(account.credentials())).as("one transfer on %s", venue).isEqualTo(1);
        assertThat(venue.transferred(account.credentials())).isEqualByComparingTo("1000");
        assertThat(fx.pipeline.publishedEvents("MarginAtRisk"))
                .filteredOn(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .singleElement().satisfies(e -> assertThat(e.path("detail").path("cause").asText())
                        .isEqualTo("SOURCE_BALANCE"));
    }

    @org.junit.jupiter.api.Test
    void on_binance_a_top_up_is_drawn_from_funding_then_spot_with_the_funding_floor_respected() {
        RealVenueDialects.Binance binance = (RealVenueDialects.Binance) dialects.getFirst();
        Managed account = manage(binance, binance.seedCrossAccount("2000", "50000"), "0.15", twoSources());
        binance.breach(account.credentials());

        JsonNode check = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        fx.pipeline.deliverEvents();

        // Margin balance 1 500, maintenance 257.5: 3 650 reaches the 0.05 target; funding gives 1 500 above its floor.
        assertOutcome(check, "TOP_UP_REQUESTED");
        assertThat(check.path("amount").decimalValue()).isEqualByComparingTo("3650");
        assertThat(binance.transferLegs(account.credentials()))
                .containsExactly("FUNDING_UMFUTURE 1500", "MAIN_UMFUTURE 2150");
        assertThat(binance.balance(account.credentials(), dev.margintopup.dialect.binance.Wallet.FUNDING))
                .isEqualByComparingTo("500");
    }

    @org.junit.jupiter.api.Test
    void on_binance_a_crash_while_the_second_leg_is_in_flight_reconciles_and_moves_nothing_twice() {
        RealVenueDialects.Binance binance = (RealVenueDialects.Binance) dialects.getFirst();
        Managed account = manage(binance, binance.seedCrossAccount("2000", "50000"), "0.15", twoSources());
        binance.breach(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(requested(account))), "CONFIRMED");
        JsonNode secondLeg = requested(account);

        fx.crashAfterTheVenueApplied(account.id(), secondLeg.path("detail").path("intentId").asText(),
                binance.venue(), binance.baseUrl(), account.credentials());
        fx.clock.advance(PipelineFixture.LEASE.plus(Duration.ofMinutes(5)));
        JsonNode retried = fx.pipeline.invokeTransfer(Json.write(secondLeg));

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
        assertThat(binance.transferLegs(account.credentials()))
                .containsExactly("FUNDING_UMFUTURE 1500", "MAIN_UMFUTURE 2150");
    }

    /**
     * Binance cross, breached at 51 500 and topped up by 3 650 to its 0.05 target, recovers to 55 500:
     * margin 9 150 against 277.5 of maintenance, 3 600 above what the target needs. After three calm
     * minutes exactly that goes back to Funding, once, however often the sweep is delivered.
     */
    @org.junit.jupiter.api.Test
    void on_binance_a_sweep_after_recovery_returns_exactly_the_excess_to_funding_once() throws Exception {
        RealVenueDialects.Binance binance = (RealVenueDialects.Binance) dialects.getFirst();
        Managed account = manage(binance, binance.seedCrossAccount(), "0.15", item -> item.put("sweep",
                AttributeValue.fromM(Map.of("afterMinutes", n("3"), "lookbackDays", n("1"), "dailyCap", n("10000")))));
        binance.breach(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        binance.setMark(account.credentials(), "55500");
        String requested = sweepRequestedOnceCalm(account);
        List<String> outcomes = deliveredConcurrentlyThenOnceMore(requested);

        assertThat(outcomes).containsOnlyOnce("CONFIRMED");
        assertThat(binance.transferLegs(account.credentials()))
                .containsExactly("FUNDING_UMFUTURE 3650", "UMFUTURE_FUNDING 3600");
        assertThat(binance.balance(account.credentials(), dev.margintopup.dialect.binance.Wallet.FUNDING))
                .isEqualByComparingTo("49950");
    }

    /**
     * Bybit unified, target 0.1: breached at 2 600 and topped up by 7 000, it recovers to 2 900 (margin
     * 16 000 against 1 450 of maintenance, 1 500 above the target). A lost answer to the sweep's
     * inter-transfer is reconciled by transferId: exactly the excess goes back to FUND, once.
     */
    @org.junit.jupiter.api.Test
    void on_bybit_a_sweep_whose_answer_is_lost_is_reconciled_and_returns_exactly_the_excess_once() {
        RealVenueDialects.Bybit bybit = (RealVenueDialects.Bybit) dialects.get(1);
        Managed account = manage(bybit, bybit.seedCrossAccount(), "0.15", item -> {
            item.put("targetRatio", n("0.1"));
            item.put("sweep", AttributeValue.fromM(Map.of("afterMinutes", n("3"), "lookbackDays", n("1"),
                    "dailyCap", n("10000"))));
        });
        bybit.breach(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        bybit.setMark(account.credentials(), "2900");
        String requested = sweepRequestedOnceCalm(account);

        sweptOnceThoughTheTransferAnswerIsLost(bybit, requested);

        assertThat(bybit.transferLegs(account.credentials())).containsExactly("FUND→UNIFIED 7000", "UNIFIED→FUND 1500");
        assertThat(bybit.fund(account.credentials())).isEqualByComparingTo("44500");
    }

    /** An isolated account on {@code symbol}, drawing from and sweeping back to FUNDING, target {@code target}. */
    private static java.util.function.Consumer<Map<String, AttributeValue>> isolatedSweeping(String symbol,
            String target) {
        return item -> {
            item.put("marginMode", s("isolated"));
            item.put("symbol", s(symbol));
            item.put("sourceWallet", s("FUNDING"));
            item.put("targetRatio", n(target));
            item.put("sweep", AttributeValue.fromM(Map.of("afterMinutes", n("3"), "lookbackDays", n("1"),
                    "dailyCap", n("10000"))));
        };
    }

    /** The transfer function's outcomes for {@code requested} delivered three times at once, then once more. */
    private static List<String> deliveredConcurrentlyThenOnceMore(String requested) throws Exception {
        List<String> outcomes = new ArrayList<>(Concurrently.times(3, () -> {
            try {
                return fx.pipeline.invokeTransfer(requested).path("outcome").asText();
            } catch (dev.margintopup.topup.RetryLater leaseHeldElsewhere) {
                return "RETRY_LATER";
            }
        }));
        outcomes.add(fx.pipeline.invokeTransfer(requested).path("outcome").asText());
        return outcomes;
    }

    /** A Binance isolated account, target 0.06, breached at 51 500, topped up by 2 791.67, recovered to 55 500. */
    private static Managed binanceIsolatedToppedUpThenRecovered(RealVenueDialects.Binance binance) {
        VenueCredentials credentials = binance.seedIsolatedAccount();
        Managed account = manage(binance, credentials, "0.15", isolatedSweeping(binance.symbol(credentials), "0.06"));
        binance.breach(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        assertThat(binance.isolatedMargin(account.credentials())).isEqualByComparingTo("12791.67");
        binance.setMark(account.credentials(), "55500");
        return account;
    }

    /**
     * Binance isolated, target 0.06: breached at 51 500 (margin 1 500 against 257.5 of maintenance) and
     * topped up by 2 791.67, it recovers to 55 500: margin 8 291.67 against 277.5. The target needs only
     * 4 625, but Binance keeps the initial margin of 5 550 in the position, so the sweep reduces it by
     * 2 741.67 and returns that to Funding, once, however often and concurrently it is delivered; the
     * position is left at the venue's floor, its ratio 0.05, below the target and far from the trigger.
     */
    @org.junit.jupiter.api.Test
    void on_binance_an_isolated_sweep_returns_exactly_what_the_venue_releases_once_even_delivered_concurrently()
            throws Exception {
        RealVenueDialects.Binance binance = (RealVenueDialects.Binance) dialects.getFirst();
        Managed account = binanceIsolatedToppedUpThenRecovered(binance);
        String requested = sweepRequestedOnceCalm(account);

        List<String> outcomes = deliveredConcurrentlyThenOnceMore(requested);

        assertThat(outcomes).containsOnlyOnce("CONFIRMED");
        assertThat(binance.marginChanges(account.credentials())).containsExactly("1 2791.67", "2 2741.67");
        assertThat(binance.transferLegs(account.credentials()))
                .containsExactly("FUNDING_UMFUTURE 2791.67", "UMFUTURE_FUNDING 2741.67");
        assertThat(binance.isolatedMargin(account.credentials())).isEqualByComparingTo("10050");
        JsonNode after = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        assertOutcome(after, "NO_ACTION");
        assertThat(after.path("marginRatio").decimalValue()).as("at the venue's floor, below the target")
                .isLessThan(new java.math.BigDecimal("0.06"));
    }

    /**
     * Binance isolated: the answer to the sweep's reduce is lost. The attempt cannot tell, and its retry
     * finds the reduce in the position-margin history and no transfer back: it sends the transfer alone,
     * so the position is reduced once and Funding receives the amount once.
     */
    @org.junit.jupiter.api.Test
    void on_binance_a_lost_answer_to_an_isolated_sweeps_reduce_is_finished_with_the_transfer_back_alone() {
        RealVenueDialects.Binance binance = (RealVenueDialects.Binance) dialects.getFirst();
        Managed account = binanceIsolatedToppedUpThenRecovered(binance);
        String requested = sweepRequestedOnceCalm(account);

        binance.loseNextMarginChangeAnswer();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fx.pipeline.invokeTransfer(requested))
                .isInstanceOf(dev.margintopup.topup.RetryLater.class);
        assertThat(binance.marginChanges(account.credentials())).containsExactly("1 2791.67", "2 2741.67");
        fx.clock.advance(PipelineFixture.LEASE.plus(Duration.ofMinutes(3)));
        JsonNode retried = fx.pipeline.invokeTransfer(requested);

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
        assertThat(binance.marginChanges(account.credentials())).containsExactly("1 2791.67", "2 2741.67");
        assertThat(binance.transferLegs(account.credentials()))
                .containsExactly("FUNDING_UMFUTURE 2791.67", "UMFUTURE_FUNDING 2741.67");
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(dev.margintopup.ledger.AuditEntry::kind)
                .contains("RECONCILED_UNFINISHED");
    }

    /**
     * Bybit isolated, target 0.1: breached at 2 650 (margin 8 500 against 1 325 of maintenance) and topped
     * up by 4 750, it recovers to 2 900: margin 15 750 against 1 450, 1 250 above the target. The sweep
     * reduces the position by that and sends it back to FUND; the lost answer to the transfer back is
     * reconciled by transferId, and nothing moves twice.
     */
    @org.junit.jupiter.api.Test
    void on_bybit_an_isolated_sweep_whose_transfer_back_is_lost_is_reconciled_and_returns_the_excess_once() {
        RealVenueDialects.Bybit bybit = (RealVenueDialects.Bybit) dialects.get(1);
        VenueCredentials credentials = bybit.seedIsolatedAccount();
        Managed account = manage(bybit, credentials, "0.15", isolatedSweeping(bybit.symbol(credentials), "0.1"));
        bybit.setMark(account.credentials(), "2650");
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        assertThat(bybit.isolatedMargin(account.credentials())).isEqualByComparingTo("16750");
        bybit.setMark(account.credentials(), "2900");
        String requested = sweepRequestedOnceCalm(account);

        sweptOnceThoughTheTransferAnswerIsLost(bybit, requested);

        assertThat(bybit.transferLegs(account.credentials())).containsExactly("FUND→UNIFIED 4750", "UNIFIED→FUND 1250");
        assertThat(bybit.isolatedMargin(account.credentials())).isEqualByComparingTo("15500");
        assertThat(bybit.fund(account.credentials())).isEqualByComparingTo("46500");
        JsonNode after = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        assertOutcome(after, "NO_ACTION");
        assertThat(after.path("marginRatio").decimalValue()).as("at the target, far from the 0.15 trigger")
                .isLessThanOrEqualTo(new java.math.BigDecimal("0.1"));
    }

    /**
     * Delivers the sweep with the answer to its inter-transfer lost, then once more: the first is
     * reconciled by transferId, the second is a duplicate.
     */
    private static void sweptOnceThoughTheTransferAnswerIsLost(RealVenueDialects.Bybit bybit, String requested) {
        bybit.loseNextTransferAnswer();
        JsonNode first = fx.pipeline.invokeTransfer(requested);
        JsonNode again = fx.pipeline.invokeTransfer(requested);
        assertOutcome(first, "CONFIRMED");
        assertThat(first.path("detail").asText()).isEqualTo("reconciled");
        assertOutcome(again, "DUPLICATE");
    }

    static Stream<RealVenueDialects.Sweeping> sweepingVenues() {
        return dialects.stream().filter(d -> d instanceof RealVenueDialects.Okx || d instanceof RealVenueDialects.Hyperliquid)
                .map(RealVenueDialects.Sweeping.class::cast);
    }

    /** A cross account that sweeps after three calm minutes, breached and topped up to its 0.05 target. */
    private static Managed toppedUpAndSweeping(RealVenueDialects.Sweeping venue) {
        Managed account = manage(venue, venue.seedCrossAccount(), "0.15", item -> item.put("sweep",
                AttributeValue.fromM(Map.of("afterMinutes", n("3"), "lookbackDays", n("1"), "dailyCap", n("10000")))));
        venue.breach(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        assertThat(venue.transferLegs(account.credentials())).as("the top-up on %s", venue).hasSize(1);
        return account;
    }

    /**
     * OKX (topped up by 4 200, recovered to 59 000: equity 7 700, 5 900 needed at the target) and
     * Hyperliquid (topped up by 11 375, recovered to 60 000: value 21 375, 15 000 needed): after three
     * calm minutes exactly the excess goes back to the source wallet, once, however often and however
     * concurrently the sweep is delivered.
     */
    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("sweepingVenues")
    void a_sweep_after_recovery_returns_exactly_the_excess_once_even_delivered_twice_and_concurrently(
            RealVenueDialects.Sweeping venue) throws Exception {
        Managed account = toppedUpAndSweeping(venue);
        BigDecimal before = venue.source(account.credentials());
        venue.recover(account.credentials());
        String requested = sweepRequestedOnceCalm(account);
        BigDecimal excess = new BigDecimal(Json.read(requested).path("detail").path("amount").asText());

        List<String> outcomes = deliveredConcurrentlyThenOnceMore(requested);

        assertThat(outcomes).containsOnlyOnce("CONFIRMED");
        assertThat(excess).as("the excess on %s", venue).isEqualByComparingTo(
                venue instanceof RealVenueDialects.Okx ? "1800" : "6375");
        assertThat(venue.transferLegs(account.credentials()).getLast()).endsWith(" " + excess.stripTrailingZeros()
                .toPlainString());
        assertThat(venue.transferLegs(account.credentials())).hasSize(2);
        assertThat(venue.source(account.credentials())).isEqualByComparingTo(before.add(excess));
        fx.pipeline.deliverEvents();
        assertThat(fx.pipeline.publishedEvents("SweepCompleted"))
                .anySatisfy(e -> assertThat(e.path("detail").path("accountId").asText()).isEqualTo(account.id()));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("sweepingVenues")
    void a_sweep_whose_answer_is_lost_is_reconciled_and_moves_once(RealVenueDialects.Sweeping venue) {
        Managed account = toppedUpAndSweeping(venue);
        venue.recover(account.credentials());
        String requested = sweepRequestedOnceCalm(account);

        venue.loseNextTransferAnswer();
        JsonNode first = fx.pipeline.invokeTransfer(requested);
        JsonNode again = fx.pipeline.invokeTransfer(requested);

        assertOutcome(first, "CONFIRMED");
        assertThat(first.path("detail").asText()).isEqualTo("reconciled");
        assertOutcome(again, "DUPLICATE");
        assertThat(venue.transferLegs(account.credentials())).as("the top-up and one sweep on %s", venue).hasSize(2);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("sweepingVenues")
    void no_sweep_while_the_market_whipsaws_around_the_target(RealVenueDialects.Sweeping venue) {
        Managed account = toppedUpAndSweeping(venue);
        for (int minute = 0; minute < 8; minute++) {
            // Every other minute the mark dips back into the band: never three calm minutes in a row.
            if (minute % 2 == 1) {
                venue.dip(account.credentials());
            } else {
                venue.recover(account.credentials());
            }
            JsonNode check = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
            assertThat(check.path("outcome").asText()).as("minute %d on %s: %s", minute, venue, check)
                    .isEqualTo("NO_ACTION");
        }
        fx.pipeline.deliverEvents();
        assertThat(venue.transferLegs(account.credentials())).as("the top-up alone on %s", venue).hasSize(1);
    }

    /**
     * An isolated position on OKX and on Hyperliquid, breached at 2 800 and topped up to its 0.05 target,
     * recovers: the sweep reduces the position by exactly the amount the check decided and returns it to
     * the source wallet, once, however often and concurrently it is delivered; the position keeps at least
     * what the venue's reading says it keeps, and the next check finds it calm below the target.
     */
    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("sweepingVenues")
    void an_isolated_sweep_after_recovery_reduces_the_position_and_returns_the_amount_once(
            RealVenueDialects.Sweeping venue) throws Exception {
        VenueCredentials credentials = venue.seedIsolatedAccount();
        Managed account = manage(venue, credentials, "0.15", item -> {
            item.put("marginMode", s("isolated"));
            item.put("symbol", s(venue.symbol(credentials)));
            item.put("sweep", AttributeValue.fromM(Map.of("afterMinutes", n("3"), "lookbackDays", n("1"),
                    "dailyCap", n("10000"))));
        });
        venue.breachIsolated(account.credentials());
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        BigDecimal toppedUp = venue.isolatedMargin(account.credentials());
        BigDecimal sourceBefore = venue.source(account.credentials());
        venue.recoverIsolated(account.credentials());
        String requested = sweepRequestedOnceCalm(account);
        BigDecimal amount = new BigDecimal(Json.read(requested).path("detail").path("amount").asText());

        List<String> outcomes = deliveredConcurrentlyThenOnceMore(requested);

        assertThat(outcomes).containsOnlyOnce("CONFIRMED");
        assertThat(amount).as("what the sweep decided on %s", venue).isPositive();
        assertThat(venue.isolatedMargin(account.credentials())).as("the position reduced once on %s", venue)
                .isEqualByComparingTo(toppedUp.subtract(amount));
        assertThat(venue.source(account.credentials())).as("the source paid back once on %s", venue)
                .isEqualByComparingTo(sourceBefore.add(amount));
        assertThat(venue.transferLegs(account.credentials()).getLast()).endsWith(" " + amount.stripTrailingZeros()
                .toPlainString());
        JsonNode after = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        assertOutcome(after, "NO_ACTION");
        assertThat(after.path("marginRatio").decimalValue()).as("below the target on %s", venue)
                .isLessThanOrEqualTo(new BigDecimal("0.05"));
    }

    /**
     * A Hyperliquid account protected by moves, long 1 coin at 60 000 at 40× from 10 000 of perp
     * margin: room 9 250 against 59 250 a unit of move (maintenance falls with the price), so it
     * survives a 15.61 % move, inside a 20 % watch band. Every look there (the scheduled check and
     * its fast polls, decision 0016) reads the margin and the coin's last five one-minute candles
     * from the venue, and nothing from AWS. Flat candles leave the configured 5 % trigger; a coin
     * swinging 6 % within each minute widens it: Parkinson σ = ln 1.06 ÷ √(4 ln 2) = 0.0349941 a
     * minute (the closes do not move), × 3 × √(10 s poll + 10 s margin + 15 s transfer) = 8.0181 %,
     * shown rounded down.
     */
    @org.junit.jupiter.api.Test
    void on_hyperliquid_a_check_inside_the_watch_band_reads_the_coins_candles_and_widens_its_move() {
        RealVenueDialects.Hyperliquid hyperliquid = (RealVenueDialects.Hyperliquid) dialects.get(3);
        Managed account = manage(hyperliquid, hyperliquid.seedCrossAccount(), "0.15", movesOnly("20"));
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "NO_ACTION"); // warms the container
        java.time.Instant tick = java.time.Instant.EPOCH;
        int looks = 1 + (int) (Duration.between(tick, dev.margintopup.check.FastPolling.lastPollStart(tick, 1))
                .toSeconds() / dev.margintopup.account.MoveSettings.DEFAULT_POLL_INTERVAL_SECONDS);

        fx.pipeline.functionCalls().reset();
        Map<String, Integer> before = hyperliquid.requests();
        JsonNode calm = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        assertOutcome(calm, "NO_ACTION");
        assertThat(calm.path("detail").asText()).isEqualTo("survives a 15.61 % move, trigger 5 %");
        assertThat(requestsSince(hyperliquid, before)).as("venue requests of a warm check inside the band")
                .isEqualTo(Map.of("clearinghouseState", looks, "candleSnapshot", looks));

        hyperliquid.swingEachMinute(account.credentials(), "63600", 5);
        before = hyperliquid.requests();
        JsonNode wild = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
        assertOutcome(wild, "NO_ACTION");
        // Two thirds of the buffer the swings make plausible (decision 0034) pull the trigger out from 5 %.
        assertThat(wild.path("detail").asText()).isEqualTo("survives a 15.61 % move, trigger 5.34 %");
        assertThat(requestsSince(hyperliquid, before)).as("venue requests of a check in a wild market")
                .isEqualTo(Map.of("clearinghouseState", looks, "candleSnapshot", looks));
        assertThat(fx.pipeline.functionCalls().snapshot()).as("AWS calls of warm no-op checks inside the band")
                .isEmpty();
    }

    /** The account above with a 10 % watch band: far outside it, a check is one venue request and reads no candle. */
    @org.junit.jupiter.api.Test
    void on_hyperliquid_a_check_far_outside_the_watch_band_is_one_venue_request_no_candle_and_no_aws_call() {
        RealVenueDialects.Hyperliquid hyperliquid = (RealVenueDialects.Hyperliquid) dialects.get(3);
        Managed account = manage(hyperliquid, hyperliquid.seedCrossAccount(), "0.15", movesOnly("10"));
        assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "NO_ACTION"); // warms the container

        fx.pipeline.functionCalls().reset();
        Map<String, Integer> before = hyperliquid.requests();
        for (int i = 0; i < 3; i++) {
            assertOutcome(fx.pipeline.invokeChecker(fx.nextCheckInput(account.id())), "NO_ACTION");
        }

        assertThat(requestsSince(hyperliquid, before)).as("venue requests of three warm checks outside the band")
                .isEqualTo(Map.of("clearinghouseState", 3));
        assertThat(fx.pipeline.functionCalls().snapshot()).as("AWS calls of three warm no-op checks").isEmpty();
    }

    /** Moves instead of the ratio pair: trigger 5 %, target 10 %, the watch band as given, five minutes of candles. */
    private static java.util.function.Consumer<Map<String, AttributeValue>> movesOnly(String watchBandPercent) {
        return item -> {
            item.remove("triggerRatio");
            item.remove("targetRatio");
            item.put("triggerMovePercent", n("5"));
            item.put("targetMovePercent", n("10"));
            item.put("watchBandMovePercent", n(watchBandPercent));
            item.put("volatilityLookbackMinutes", n("5"));
        };
    }

    /** The venue's requests per kind made since {@code before}. */
    private static Map<String, Integer> requestsSince(RealVenueDialects venue, Map<String, Integer> before) {
        Map<String, Integer> made = new java.util.TreeMap<>();
        venue.requests().forEach((kind, count) -> {
            if (count > before.getOrDefault(kind, 0)) {
                made.put(kind, count - before.getOrDefault(kind, 0));
            }
        });
        return made;
    }

    /** Checks a recovered account minute by minute until it sweeps (within five): its SweepRequested event. */
    private static String sweepRequestedOnceCalm(Managed account) {
        JsonNode swept = null;
        for (int minute = 0; minute < 5 && swept == null; minute++) {
            JsonNode check = fx.pipeline.invokeChecker(fx.nextCheckInput(account.id()));
            assertThat(check.path("outcome").asText()).isIn("NO_ACTION", "SWEEP_REQUESTED");
            swept = check.path("outcome").asText().equals("SWEEP_REQUESTED") ? check : null;
        }
        assertThat(swept).as("a sweep once calm for three minutes").isNotNull();
        return Json.write(fx.pipeline.drainEvents("SweepRequested").stream()
                .filter(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .findFirst().orElseThrow());
    }

    /** FUNDING with a floor of 500, then SPOT. */
    private static java.util.function.Consumer<Map<String, AttributeValue>> twoSources() {
        return item -> {
            item.remove("sourceWallet");
            item.put("sources", AttributeValue.fromL(List.of(
                    AttributeValue.fromM(Map.of("wallet", s("FUNDING"), "floor", n("500"))),
                    AttributeValue.fromM(Map.of("wallet", s("SPOT"))))));
        };
    }

    private static JsonNode requested(Managed account) {
        return fx.pipeline.drainEvents("TopUpRequested").stream()
                .filter(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .reduce((first, second) -> second).orElseThrow();
    }

    /** Seeds an account on the venue, stores its key, and writes its item: trigger 0.15 (or as given), target 0.05. */
    private static Managed manage(RealVenueDialects venue) {
        return manage(venue, "0.15");
    }

    private static Managed manage(RealVenueDialects venue, String triggerRatio) {
        return manage(venue, venue.seedCrossAccount(), triggerRatio, item -> {});
    }

    private static Managed manage(RealVenueDialects venue, VenueCredentials credentials, String triggerRatio,
            java.util.function.Consumer<Map<String, AttributeValue>> customize) {
        return Managed.manage(fx, venue, credentials, triggerRatio, customize);
    }
}
