package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Escalating alerts, a liquidation while at risk, and fast polling inside the watch band, end to
 * end: the real checker on the emulator against the paper venue over HTTP. The fixture's account
 * is a 1-unit long at 50,000 with a 1 % maintenance rate on 1,000 USDT, trigger 0.8, target 0.6;
 * the paper engine liquidates it below about 49,495.
 */
class MarginAlertsIT {

    /** Simulated time stays behind the paper venue's own clock, which stamps its liquidations. */
    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture(
            Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES));

    @Test
    void as_the_ratio_climbs_each_rise_in_severity_is_announced_and_the_liquidation_after_it_once() {
        PipelineFixture.Account account = fx.account(item -> {}, "0");

        fx.venue.setMarkPrice(account.symbol(), "49600");   // ratio 0.827: past the trigger, nothing can move
        assertOutcome(fx.nextCheck(account), "ALERT");
        fx.venue.setMarkPrice(account.symbol(), "49590");   // 0.841: no worse to a person
        assertOutcome(fx.nextCheck(account), "ALERT");
        fx.venue.setMarkPrice(account.symbol(), "49550");   // 0.901: half the trigger's room left
        assertOutcome(fx.nextCheck(account), "ALERT");
        fx.venue.setMarkPrice(account.symbol(), "49520");   // 0.952: a quarter left
        assertOutcome(fx.nextCheck(account), "ALERT");
        assertThat(fx.venue.setMarkPrice(account.symbol(), "49490")).as("the paper engine liquidates").hasSize(1);
        assertOutcome(fx.nextCheck(account), "POSITION_GONE");
        assertOutcome(fx.nextCheck(account), "NO_ACTION");
        fx.pipeline.deliverEvents();

        assertThat(events("MarginAtRisk", account)).extracting(e -> e.path("detail").path("severity").asText())
                .containsExactly("WARNING", "CRITICAL", "IMMINENT");
        assertThat(events("MarginAtRisk", account).getFirst().path("detail").path("shortfall").asText())
                .isEqualTo("226.67");
        assertThat(events("PositionLiquidated", account)).singleElement().satisfies(e -> {
            assertThat(e.path("detail").path("cause").asText()).isEqualTo("liquidation");
            assertThat(e.path("detail").path("symbol").asText()).isEqualTo(account.symbol());
            assertThat(new BigDecimal(e.path("detail").path("liquidationPrice").asText())).isEqualByComparingTo("49490");
            assertThat(e.path("detail").path("lastSeverity").asText()).isEqualTo("IMMINENT");
        });
        assertThat(fx.venue.requestCount("/api/v1/liquidations")).as("asked once, in the rare case only")
                .isEqualTo(1);
    }

    @Test
    void inside_the_watch_band_a_breach_between_scheduled_checks_is_acted_on_within_one_poll_interval() {
        PipelineFixture.Account account = fx.account(item -> {
            item.put("triggerMovePercent", n("0.5"));
            item.put("targetMovePercent", n("1.5"));
            item.put("watchBandMovePercent", n("2"));
            item.put("pollIntervalSeconds", n("10"));
        });
        // About 1 % from liquidation at 50,000: inside the 2 % band, below the 0.8 ratio trigger.
        assertOutcome(fx.nextCheck(account), "NO_ACTION"); // warms the container: key fetched, last seen written

        fx.pipeline.functionCalls().reset();
        int marginReads = fx.venue.requestCount("/api/v1/margin");
        JsonNode watched = fx.nextCheck(account);
        assertOutcome(watched, "NO_ACTION");
        assertThat(fx.venue.requestCount("/api/v1/margin") - marginReads)
                .as("the scheduled check and five polls, 10 s apart, the last 10 s before the next check").isEqualTo(6);
        assertThat(fx.pipeline.functionCalls().snapshot()).as("AWS calls of a warm minute inside the band").isEmpty();

        String input = fx.nextCheckInput(account);
        Instant scheduled = fx.clock.instant();
        Instant breach = scheduled.plus(Duration.ofSeconds(25));
        fx.pipeline.beforeEachPoll(at -> {
            if (!at.isBefore(breach)) {
                fx.venue.setMarkPrice(account.symbol(), "49600");
            }
        });
        JsonNode acted = fx.pipeline.invokeChecker(input);
        Instant actedAt = fx.clock.instant();

        assertOutcome(acted, "TOP_UP_REQUESTED");
        assertThat(acted.path("checkId").asText()).isEqualTo(account.id() + "@" + scheduled.plusSeconds(30));
        assertThat(Duration.between(breach, actedAt)).as("acted on within one poll interval")
                .isLessThanOrEqualTo(Duration.ofSeconds(10));

        // The same invocation delivered again polls at the same offsets: nothing opens twice.
        fx.clock.set(scheduled);
        JsonNode again = fx.pipeline.invokeChecker(input);
        fx.pipeline.beforeEachPoll(at -> {});
        fx.pipeline.deliverEvents();

        assertOutcome(again, "DUPLICATE");
        assertThat(events("TopUpRequested", account)).hasSize(1);
        assertThat(fx.venueTransfers(account)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo(acted.path("amount").decimalValue()));
    }

    private static List<JsonNode> events(String detailType, PipelineFixture.Account account) {
        return fx.pipeline.publishedEvents(detailType).stream()
                .filter(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .toList();
    }
}
