package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.paper.Wallet;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Ordered sources end to end: the item in the emulator's Accounts table, its schedule, the real
 * checker and transfer functions through the template's rules, and the paper venue over HTTP. A
 * top-up breach of the fixture's account needs 226.67 USDT; its funding wallet gives 100 above its
 * floor, its spot wallet the rest.
 */
class SourcesIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    /** FUNDING 300 with a floor of 200, then SPOT 1 000 with a floor of 50. */
    private PipelineFixture.Account twoSources() {
        return twoSources("300", "200", "1000", item -> {});
    }

    private PipelineFixture.Account twoSources(String funding, String fundingFloor, String spot,
            java.util.function.Consumer<Map<String, AttributeValue>> customize) {
        PipelineFixture.Account account = fx.seedOnVenue(funding);
        fx.venue.seedAccount(PaperAccount.builder(account.apiKey(), account.apiSecret())
                .balance(Wallet.FUTURES, "USDT", "1000")
                .balance(Wallet.FUNDING, "USDT", funding)
                .balance(Wallet.SPOT, "USDT", spot)
                .position(PaperPosition.cross(account.symbol(), Side.LONG, "1", "50000", "0.01"))
                .build());
        fx.storeKeys(account, account.apiSecret());
        Map<String, AttributeValue> item = fx.item(account);
        item.remove("sourceWallet");
        item.put("sources", AttributeValue.fromL(List.of(
                source("FUNDING", fundingFloor),
                source("SPOT", "50"))));
        customize.accept(item);
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        return account;
    }

    private static AttributeValue source(String wallet, String floor) {
        return AttributeValue.fromM(Map.of("wallet", s(wallet), "floor", n(floor)));
    }

    @Test
    void a_top_up_is_drawn_from_two_sources_in_order_with_the_first_ones_floor_respected() {
        PipelineFixture.Account account = twoSources();
        fx.breach(account);

        JsonNode check = fx.nextCheck(account);
        fx.pipeline.deliverEvents();

        assertOutcome(check, "TOP_UP_REQUESTED");
        assertThat(check.path("amount").decimalValue()).isEqualByComparingTo("226.67");
        List<TransferRecord> transfers = fx.venueTransfers(account);
        assertThat(transfers).extracting(TransferRecord::from).containsExactly(Wallet.FUNDING, Wallet.SPOT);
        assertThat(transfers).extracting(TransferRecord::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("100"), new BigDecimal("126.67"));
        assertThat(transfers).extracting(TransferRecord::clientId).doesNotHaveDuplicates();
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.FUNDING, "USDT")).as("the floor stays")
                .isEqualByComparingTo("200");
        assertThat(fx.pipeline.publishedEvents("TopUpCompleted"))
                .filteredOn(e -> e.path("detail").path("accountId").asText().equals(account.id())).hasSize(2);
        assertThat(fx.pipeline.ledger().state(account.id()).openIntentId()).isNull();
        assertOutcome(fx.nextCheck(account), "NO_ACTION");
    }

    @Test
    void a_crash_while_the_second_leg_is_in_flight_reconciles_and_moves_nothing_twice() {
        PipelineFixture.Account account = twoSources();
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        JsonNode firstLeg = requested(account);
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(firstLeg)), "CONFIRMED");
        JsonNode secondLeg = requested(account);
        String secondId = secondLeg.path("detail").path("intentId").asText();

        // The worker claims the second leg, the venue applies it, and the worker dies before recording it.
        fx.crashAfterTheVenueApplied(account, secondId);
        fx.clock.advance(PipelineFixture.LEASE.plus(Duration.ofMinutes(1)));
        JsonNode retried = fx.pipeline.invokeTransfer(Json.write(secondLeg));
        JsonNode again = fx.pipeline.invokeTransfer(Json.write(secondLeg));

        assertOutcome(retried, "CONFIRMED");
        assertThat(retried.path("detail").asText()).isEqualTo("reconciled");
        assertOutcome(again, "DUPLICATE");
        assertThat(fx.venueTransfers(account)).as("one transfer per leg").hasSize(2);
        assertThat(fx.movedByVenue(account)).isEqualByComparingTo("226.67");
    }

    /**
     * BTC falls from 50 000 to 45 500 in ten minutes. FUNDING holds 2 000 with a floor of 100 and runs
     * dry during the crash; SPOT (8 000) carries the rest. Margin plus everything the sources may give
     * absorbs about 21 % at the start and falls below the account's 15 % near 46 000, before the bottom.
     */
    @Test
    void the_first_source_runs_dry_mid_crash_the_second_saves_the_account_and_rescue_capacity_low_comes_first() {
        PipelineFixture.Account account = twoSources("2000", "100", "8000", item -> {
            item.put("triggerRatio", n("0.5"));
            item.put("targetRatio", n("0.2"));
            item.put("rescueMovePercent", n("15"));
        });
        List<String> path = List.of("50000", "49500", "49000", "48500", "48000", "47500", "47000", "46500", "46000",
                "45500", "46500");
        int bottom = path.indexOf("45500");
        Integer lowAt = null;
        for (int minute = 0; minute < path.size(); minute++) {
            fx.venue.setMarkPrice(account.symbol(), path.get(minute));
            JsonNode check = fx.nextCheck(account);
            fx.pipeline.deliverEvents();
            assertThat(check.path("outcome").asText()).as("minute %d: %s", minute, check)
                    .isIn("NO_ACTION", "TOP_UP_REQUESTED");
            if (lowAt == null && rescueLowEvents(account) > 0) {
                lowAt = minute;
            }
        }

        assertThat(lowAt).as("RescueCapacityLow published").isNotNull().isGreaterThan(0).isLessThan(bottom);
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.FUNDING, "USDT")).as("run dry to its floor")
                .isEqualByComparingTo("100");
        List<Wallet> drawnFrom = fx.venueTransfers(account).stream().map(TransferRecord::from).toList();
        assertThat(drawnFrom).as("in order: funding until it ran dry, then spot").isSorted()
                .contains(Wallet.SPOT).filteredOn(w -> w == Wallet.FUNDING).hasSizeGreaterThanOrEqualTo(2);
        assertThat(fx.venue.liquidations(account.apiKey())).as("the account survives the crash").isEmpty();
        assertThat(rescueLowEvents(account)).as("once per level").isEqualTo(1);
    }

    private static long rescueLowEvents(PipelineFixture.Account account) {
        return fx.pipeline.publishedEvents("RescueCapacityLow").stream()
                .filter(e -> e.path("detail").path("accountId").asText().equals(account.id())).count();
    }

    private static JsonNode requested(PipelineFixture.Account account) {
        return fx.pipeline.drainEvents("TopUpRequested").stream()
                .filter(e -> e.path("detail").path("accountId").asText().equals(account.id()))
                .reduce((first, second) -> second).orElseThrow();
    }
}
