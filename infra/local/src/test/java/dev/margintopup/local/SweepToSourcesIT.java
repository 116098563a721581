package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.paper.Wallet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A sweep back to two sources end to end (decision 0030): the item in the emulator's Accounts table, the real
 * checker and transfer functions through the template's rules, the DynamoDB ledger on the emulator and the paper
 * venue over HTTP. The fixture's account breaches at 49 600 and is topped up by 226.67 USDT: 100 from FUNDING
 * (300, floor 200), then 126.67 from SPOT. Recovered to 51 000 it holds far more than its 0.6 target needs, so the
 * sweep is bounded by what came in: each source gets back exactly its part, SPOT (drawn last) first.
 */
class SweepToSourcesIT {

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    private static final int AFTER_MINUTES = 3;

    /** The account's item with {@code sources} and {@code sweep}, as {@link #twoSourcesSweeping()} writes it. */
    private static Map<String, AttributeValue> item(PipelineFixture.Account account, List<AttributeValue> sources) {
        Map<String, AttributeValue> item = fx.item(account);
        item.remove("sourceWallet");
        item.put("sources", AttributeValue.fromL(sources));
        item.put("sweep", AttributeValue.fromM(Map.of("afterMinutes", n(Integer.toString(AFTER_MINUTES)),
                "lookbackDays", n("2"), "dailyCap", n("1000"))));
        return item;
    }

    private static final AttributeValue FUNDING = AttributeValue.fromM(Map.of("wallet", s("FUNDING"), "floor", n("200")));
    private static final AttributeValue SPOT = AttributeValue.fromM(Map.of("wallet", s("SPOT"), "floor", n("50")));

    /** Topped up from both sources at the breach, then recovered to 51 000 and calm until a sweep is requested. */
    private PipelineFixture.Account sweepRequested() {
        PipelineFixture.Account account = twoSourcesSweeping();
        fx.breach(account);
        assertOutcome(fx.nextCheck(account), "TOP_UP_REQUESTED");
        fx.pipeline.deliverEvents();
        fx.venue.setMarkPrice(account.symbol(), "51000");
        for (int minute = 0; minute <= AFTER_MINUTES + 1; minute++) {
            if (fx.nextCheck(account).path("outcome").asText().equals("SWEEP_REQUESTED")) {
                return account;
            }
        }
        throw new AssertionError("no sweep once calm");
    }

    private PipelineFixture.Account twoSourcesSweeping() {
        PipelineFixture.Account account = fx.seedOnVenue("300");
        fx.venue.seedAccount(PaperAccount.builder(account.apiKey(), account.apiSecret())
                .balance(Wallet.FUTURES, "USDT", "1000")
                .balance(Wallet.FUNDING, "USDT", "300")
                .balance(Wallet.SPOT, "USDT", "1000")
                .position(PaperPosition.cross(account.symbol(), Side.LONG, "1", "50000", "0.01"))
                .build());
        fx.storeKeys(account, account.apiSecret());
        fx.pipeline.putAccount(item(account, List.of(FUNDING, SPOT)));
        fx.pipeline.syncSchedules();
        return account;
    }

    @Test
    void a_sweep_returns_to_each_source_exactly_what_came_from_it_once_even_with_every_leg_delivered_twice() {
        PipelineFixture.Account account = sweepRequested();
        assertThat(sweptOut(account)).isEmpty();
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.FUNDING, "USDT")).isEqualByComparingTo("200");
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.SPOT, "USDT")).isEqualByComparingTo("873.33");
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).filteredOn(e -> e.kind().equals("SWEEP_DECIDED"))
                .singleElement().satisfies(e -> assertThat(new BigDecimal(e.details().get("amount")))
                        .as("all that came in, no more").isEqualByComparingTo("226.67"));

        // Each leg's SweepRequested is delivered twice: the second delivery finds the leg settled.
        JsonNode first = fx.pipeline.drainEvents("SweepRequested").getFirst();
        assertThat(first.path("detail").path("toWallet").asText()).as("the source drawn last").isEqualTo("SPOT");
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(first)), "CONFIRMED");
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(first)), "DUPLICATE");
        JsonNode second = fx.pipeline.drainEvents("SweepRequested").getFirst();
        assertThat(second.path("detail").path("toWallet").asText()).isEqualTo("FUNDING");
        assertThat(second.path("detail").path("intentId").asText())
                .isNotEqualTo(first.path("detail").path("intentId").asText());
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(second)), "CONFIRMED");
        assertOutcome(fx.pipeline.invokeTransfer(Json.write(second)), "DUPLICATE");
        fx.pipeline.deliverEvents();

        List<TransferRecord> out = sweptOut(account);
        assertThat(out).extracting(TransferRecord::to).containsExactly("SPOT", "FUNDING");
        assertThat(out).extracting(TransferRecord::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("126.67"), new BigDecimal("100"));
        assertThat(out).extracting(TransferRecord::clientId).doesNotHaveDuplicates();
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.FUNDING, "USDT")).isEqualByComparingTo("300");
        assertThat(fx.venue.walletBalance(account.apiKey(), Wallet.SPOT, "USDT")).isEqualByComparingTo("1000");
        assertThat(fx.pipeline.publishedEvents("SweepCompleted"))
                .filteredOn(e -> e.path("detail").path("accountId").asText().equals(account.id())).hasSize(2);
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).filteredOn(e -> e.kind().equals("SWEEP_DECIDED"))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("legs", "SPOT 126.67, FUNDING 100.00"));
        assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(AuditEntry::kind).contains("LEG_OPENED");
        assertThat(fx.pipeline.ledger().state(account.id()).openIntentId()).isNull();

        for (int minute = 0; minute < 2 * AFTER_MINUTES; minute++) {
            assertOutcome(fx.nextCheck(account), "NO_ACTION");
        }
        fx.pipeline.deliverEvents();
        assertThat(sweptOut(account)).as("nothing more to return: every source has its part back").hasSize(2);
    }

    @Test
    void a_leg_to_a_wallet_the_account_no_longer_lists_moves_nothing_and_the_legs_after_it_are_not_sent() {
        PipelineFixture.Account account = sweepRequested();
        JsonNode first = fx.pipeline.drainEvents("SweepRequested").getFirst();
        assertThat(first.path("detail").path("toWallet").asText()).isEqualTo("SPOT");
        // The owner drops SPOT from the sources before the transfer function gets to the leg.
        fx.pipeline.putAccount(item(account, List.of(FUNDING)));

        JsonNode refused = fx.pipeline.invokeTransfer(Json.write(first));
        fx.pipeline.deliverEvents();

        assertOutcome(refused, "FAILED");
        assertThat(refused.path("detail").asText()).contains("no longer lists SPOT");
        assertThat(sweptOut(account)).as("nothing left margin").isEmpty();
        assertThat(fx.pipeline.ledger().sweptOn(account.id(), fx.pipeline.ledger().today()))
                .as("the sweep's whole amount is back on the day: the FUNDING leg is never sent").isZero();
        assertThat(fx.pipeline.ledger().state(account.id()).openIntentId()).isNull();
    }

    private static List<TransferRecord> sweptOut(PipelineFixture.Account account) {
        return fx.venueTransfers(account).stream().filter(t -> t.from() == Wallet.FUTURES).toList();
    }
}
