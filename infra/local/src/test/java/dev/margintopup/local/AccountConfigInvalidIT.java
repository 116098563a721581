package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditEntry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A bad account config never moves money: every invalid field is reported by name, with a reason
 * the person who wrote the item can act on, and the account gets no schedule. Each account is in
 * breach on the paper venue, so that a valid config would have moved money.
 */
class AccountConfigInvalidIT {

    private static final String MARGIN_PATH = "/api/v1/margin";
    private static final String TRANSFERS_PATH = "/api/v1/transfers";

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    /** One bad attribute: which field the problem must name, a word of the reason, and how to break the item. */
    record BadField(String field, String reasonContains,
            BiConsumer<Map<String, AttributeValue>, PipelineFixture.Account> breakIt) {}

    static Stream<Arguments> badFields() {
        return Stream.of(
                bad("triggerRatio given as a string", "triggerRatio", "got string \"0.8\"",
                        (item, a) -> item.put("triggerRatio", s("0.8"))),
                bad("triggerRatio above 1", "triggerRatio", "between 0 and 1",
                        (item, a) -> item.put("triggerRatio", n("1.2"))),
                bad("targetRatio above triggerRatio", "targetRatio", "must be below triggerRatio",
                        (item, a) -> item.put("targetRatio", n("0.9"))),
                bad("maxTransfer zero", "maxTransfer", "greater than 0",
                        (item, a) -> item.put("maxTransfer", n("0"))),
                bad("dailyCap negative", "dailyCap", "got -100",
                        (item, a) -> item.put("dailyCap", n("-100"))),
                bad("minTransfer above maxTransfer", "minTransfer", "must not exceed maxTransfer",
                        (item, a) -> item.put("minTransfer", n("6000"))),
                bad("cooldownSeconds negative", "cooldownSeconds", "got -1",
                        (item, a) -> item.put("cooldownSeconds", n("-1"))),
                bad("checkRateMinutes zero", "checkRateMinutes", "from 1 to 1440",
                        (item, a) -> item.put("checkRateMinutes", n("0"))),
                bad("readSecretId outside the prefix", "readSecretId", "margin-topup/read/",
                        (item, a) -> item.put("readSecretId", s("other-app/read/" + a.id()))),
                bad("readSecretId under transfer/", "readSecretId", "margin-topup/read/",
                        (item, a) -> item.put("readSecretId", s("margin-topup/transfer/" + a.id()))),
                bad("transferSecretId is another account's read key", "transferSecretId",
                        "must be under \"margin-topup/transfer/\"",
                        (item, a) -> item.put("transferSecretId", s("margin-topup/read/someone-else"))),
                bad("enabled missing", "enabled", "missing",
                        (item, a) -> item.remove("enabled")),
                bad("enabled as a string", "enabled", "write {\"BOOL\": true}",
                        (item, a) -> item.put("enabled", s("true"))),
                bad("marginMode hedge", "marginMode", "got \"hedge\"",
                        (item, a) -> item.put("marginMode", s("hedge"))),
                bad("isolated without a symbol", "symbol", "required when marginMode is isolated",
                        (item, a) -> item.put("marginMode", s("isolated"))),
                bad("asset in lower case", "asset", "did you mean \"USDT\"?",
                        (item, a) -> item.put("asset", s("usdt"))),
                bad("sourceWallet the futures wallet itself", "sourceWallet", "never the margin wallet itself",
                        (item, a) -> item.put("sourceWallet", s("FUTURES"))),
                bad("venue not supported", "venue", "got \"ftx\"",
                        (item, a) -> item.put("venue", s("ftx"))),
                bad("venueEndpoint not http", "venueEndpoint", "http or https URL",
                        (item, a) -> item.put("venueEndpoint", s("ftp://x"))),
                bad("unknown attribute", "triger", "unknown field",
                        (item, a) -> item.put("triger", n("0.8"))),
                bad("accountId with a space", "accountId", "letters, digits",
                        (item, a) -> item.put("accountId", s(idWithSpace(a)))));
    }

    private static Arguments bad(String name, String field, String reasonContains,
            BiConsumer<Map<String, AttributeValue>, PipelineFixture.Account> breakIt) {
        return Arguments.of(name, new BadField(field, reasonContains, breakIt));
    }

    private static String idWithSpace(PipelineFixture.Account account) {
        return account.id().replace('-', ' ');
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void an_invalid_account_field_is_reported_by_name_and_nothing_moves(String name, BadField bad) {
        PipelineFixture.Account account = breachedAccountOnVenue();
        Map<String, AttributeValue> item = fx.item(account);
        bad.breakIt().accept(item, account);
        String itemId = item.get("accountId").s();
        boolean idItselfBad = !itemId.equals(account.id());

        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        fx.pipeline.deliverEvents();

        List<JsonNode> reports = fx.pipeline.publishedEvents("AccountConfigInvalid").stream()
                .filter(e -> idItselfBad
                        ? problems(e).stream().anyMatch(p -> p.path("reason").asText().contains(itemId))
                        : account.id().equals(e.path("detail").path("accountId").asText()))
                .toList();
        assertThat(reports).as("one AccountConfigInvalid for one bad item").hasSize(1);
        assertThat(problems(reports.get(0)))
                .as("the report names the bad field and says why")
                .anySatisfy(p -> {
                    assertThat(p.path("field").asText()).isEqualTo(bad.field());
                    assertThat(p.path("reason").asText()).isNotBlank().contains(bad.reasonContains());
                });

        assertThat(fx.scheduleNames()).as("an invalid item gets no schedule")
                .noneMatch(schedule -> schedule.contains(account.id()) || schedule.contains(itemId));
        assertNoScheduledCheck(account);

        // Even a stale schedule still carrying this item would be refused by the checker.
        int marginReads = fx.venue.requestCount(MARGIN_PATH);
        assertOutcome(fx.pipeline.invokeChecker(Json.write(scheduledCheck(itemId, item, "2026-11-24T21:00:00Z"))),
                "INVALID_CONFIG");
        fx.pipeline.deliverEvents();
        assertThat(fx.venue.requestCount(MARGIN_PATH)).as("the checker never reads the venue with a bad config")
                .isEqualTo(marginReads);

        assertNothingMoved(account, itemId);
        if (!idItselfBad) {
            assertThat(fx.pipeline.ledger().auditTrail(account.id())).extracting(AuditEntry::kind)
                    .as("the audit trail keeps the rejection").contains("ACCOUNT_CONFIG_INVALID");
        }
    }

    @Test
    void an_item_that_turns_invalid_loses_its_schedule_and_moves_nothing() {
        PipelineFixture.Account account = fx.account(item -> {});
        assertThat(fx.schedule(account.id())).isPresent();
        fx.breach(account);

        Map<String, AttributeValue> item = fx.item(account);
        item.put("triggerRatio", s("0.8"));
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        fx.pipeline.deliverEvents();

        assertThat(fx.schedule(account.id())).as("the schedule is removed until the item is fixed").isEmpty();
        assertNoScheduledCheck(account);
        assertThat(invalidReportsFor(account)).singleElement()
                .satisfies(e -> assertThat(problems(e)).anySatisfy(
                        p -> assertThat(p.path("field").asText()).isEqualTo("triggerRatio")));
        assertNothingMoved(account, account.id());
    }

    @Test
    void a_bad_config_embedded_in_a_scheduled_check_is_reported_without_asking_the_venue() {
        PipelineFixture.Account account = breachedAccountOnVenue();
        ObjectNode payload = scheduledCheck(account, "2026-11-24T21:00:00Z");
        ((ObjectNode) payload.get("account")).put("triggerRatio", "0.8");
        int marginReads = fx.venue.requestCount(MARGIN_PATH);
        int transferRequests = fx.venue.requestCount(TRANSFERS_PATH);

        JsonNode result = fx.pipeline.invokeChecker(Json.write(payload));
        fx.pipeline.deliverEvents();

        assertOutcome(result, "INVALID_CONFIG");
        assertThat(invalidReportsFor(account)).singleElement().satisfies(e -> {
            assertThat(e.path("detail").path("reportedBy").asText()).isEqualTo("checker");
            assertThat(problems(e)).anySatisfy(p -> {
                assertThat(p.path("field").asText()).isEqualTo("triggerRatio");
                assertThat(p.path("reason").asText()).contains("got string \"0.8\"");
            });
        });
        assertThat(fx.venue.requestCount(MARGIN_PATH)).as("an invalid config is never used to call the venue")
                .isEqualTo(marginReads);
        assertThat(fx.venue.requestCount(TRANSFERS_PATH)).isEqualTo(transferRequests);
        assertNothingMoved(account, account.id());
    }

    @Test
    void a_read_secret_that_does_not_exist_is_reported_as_an_invalid_read_secret_id_and_nothing_moves() {
        // Keys are never stored: the item names a secret that is not there.
        PipelineFixture.Account account = breachedAccountOnVenue(false);
        fx.pipeline.putAccount(fx.item(account));
        fx.pipeline.syncSchedules();

        JsonNode result = fx.nextCheck(account);
        fx.pipeline.deliverEvents();

        assertOutcome(result, "INVALID_CONFIG");
        assertThat(invalidReportsFor(account)).singleElement().satisfies(e -> assertThat(problems(e)).anySatisfy(p -> {
            assertThat(p.path("field").asText()).isEqualTo("readSecretId");
            assertThat(p.path("reason").asText()).contains("margin-topup/read/" + account.id(), "does not exist");
        }));
        assertNothingMoved(account, account.id());
    }

    static Stream<Arguments> malformedChecks() {
        return Stream.of(
                Arguments.of("an empty object", "{}", List.of("no 'accountId' string")),
                Arguments.of("the scheduled time left as Scheduler's placeholder", null,
                        List.of("scheduledTime must be an ISO-8601 instant", "<aws.scheduler.scheduled-time>")),
                Arguments.of("not JSON at all", "not json", List.of("not valid JSON")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedChecks")
    void a_malformed_check_event_is_a_clear_bad_input_error_and_moves_nothing(String name, String payload,
            List<String> messageWords) {
        PipelineFixture.Account account = breachedAccountOnVenue();
        String event = payload != null ? payload
                : Json.write(scheduledCheck(account, "<aws.scheduler.scheduled-time>"));
        int marginReads = fx.venue.requestCount(MARGIN_PATH);
        int transferRequests = fx.venue.requestCount(TRANSFERS_PATH);

        JsonNode result = fx.pipeline.invokeChecker(event);
        fx.pipeline.deliverEvents();

        assertBadInput(result, messageWords);
        assertThat(fx.venue.requestCount(MARGIN_PATH)).isEqualTo(marginReads);
        assertThat(fx.venue.requestCount(TRANSFERS_PATH)).isEqualTo(transferRequests);
        assertNothingMoved(account, account.id());
    }

    @Test
    void a_transfer_event_of_another_detail_type_is_a_clear_bad_input_error_and_moves_nothing() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        ObjectNode event = topUpRequested(account, "0b6f5c43-58a1-3c4e-9f0e-2d7a6b1c9e85");
        event.put("detail-type", "MarginAtRisk");
        int transferRequests = fx.venue.requestCount(TRANSFERS_PATH);

        JsonNode result = fx.pipeline.invokeTransfer(Json.write(event));

        assertBadInput(result, List.of("detail-type TopUpRequested", "got 'MarginAtRisk'"));
        assertThat(fx.venue.requestCount(TRANSFERS_PATH)).isEqualTo(transferRequests);
        assertThat(fx.venueTransfers(account)).isEmpty();
    }

    @Test
    void a_top_up_requested_for_an_unknown_intent_is_a_clear_bad_input_error_and_moves_nothing() {
        PipelineFixture.Account account = fx.account(item -> {});
        fx.breach(account);
        String unknownIntent = "0b6f5c43-58a1-3c4e-9f0e-2d7a6b1c9e85";
        int transferRequests = fx.venue.requestCount(TRANSFERS_PATH);

        JsonNode result = fx.pipeline.invokeTransfer(Json.write(topUpRequested(account, unknownIntent)));

        assertBadInput(result, List.of("no intent " + unknownIntent, "for account " + account.id()));
        assertThat(fx.venue.requestCount(TRANSFERS_PATH)).isEqualTo(transferRequests);
        assertThat(fx.venueTransfers(account)).isEmpty();
        assertThat(fx.pipeline.ledger().intent(account.id(), unknownIntent)).as("no intent is made up").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static PipelineFixture.Account breachedAccountOnVenue() {
        return breachedAccountOnVenue(true);
    }

    /** An account in breach on the venue, with its keys stored (or not), and no item yet. */
    private static PipelineFixture.Account breachedAccountOnVenue(boolean storeKeys) {
        PipelineFixture.Account account = fx.seedOnVenue("10000");
        if (storeKeys) {
            fx.storeKeys(account, account.apiSecret());
        }
        fx.breach(account);
        return account;
    }

    /** What the account's schedule would deliver, built by hand from the account's valid item. */
    private static ObjectNode scheduledCheck(PipelineFixture.Account account, String scheduledTime) {
        return scheduledCheck(account.id(), fx.item(account), scheduledTime);
    }

    /** The checker's input for this item, shaped as schedule-sync writes it and Scheduler fills it in. */
    private static ObjectNode scheduledCheck(String accountId, Map<String, AttributeValue> item, String scheduledTime) {
        ObjectNode payload = Json.object();
        payload.put("accountId", accountId);
        payload.put("scheduledTime", scheduledTime);
        ObjectNode embedded = payload.putObject("account");
        item.forEach((name, value) -> {
            if (value.s() != null) {
                embedded.put(name, value.s());
            } else if (value.n() != null) {
                embedded.put(name, new BigDecimal(value.n()));
            } else if (value.bool() != null) {
                embedded.put(name, value.bool());
            }
        });
        return payload;
    }

    private static ObjectNode topUpRequested(PipelineFixture.Account account, String intentId) {
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        event.put("detail-type", "TopUpRequested");
        event.put("source", "margin-topup");
        event.put("time", fx.clock.instant().toString());
        ObjectNode detail = event.putObject("detail");
        detail.put("accountId", account.id());
        detail.put("intentId", intentId);
        detail.put("venue", "paper");
        detail.put("asset", "USDT");
        detail.put("amount", "226.67");
        detail.put("checkId", account.id() + "@" + fx.clock.instant());
        detail.put("marginRatio", "0.24");
        detail.put("expectedRatio", "0.08");
        detail.put("requestedAt", fx.clock.instant().toString());
        return event;
    }

    private static void assertBadInput(JsonNode result, List<String> messageWords) {
        assertThat(result.path("error").asText()).as("result %s", result).isEqualTo("BAD_INPUT");
        assertThat(result.path("message").asText()).as("the message says what is wrong")
                .contains(messageWords);
    }

    /** The invariant of this class: a bad config, or a bad event, moves no money and requests none. */
    private static void assertNothingMoved(PipelineFixture.Account account, String itemId) {
        assertThat(fx.venueTransfers(account)).as("nothing moved on the venue").isEmpty();
        assertThat(fx.pipeline.publishedEvents("TopUpRequested"))
                .as("no top-up was requested")
                .noneMatch(e -> {
                    String id = e.path("detail").path("accountId").asText();
                    return id.equals(account.id()) || id.equals(itemId);
                });
    }

    /** Scheduler has nothing to fire for the account, so no later check can act on the bad item. */
    private static void assertNoScheduledCheck(PipelineFixture.Account account) {
        fx.clock.advance(Duration.ofMinutes(1));
        assertThat(fx.pipeline.fireCheck(account.id(), fx.clock.instant()))
                .as("no schedule would check the account").isEmpty();
    }

    private static List<JsonNode> invalidReportsFor(PipelineFixture.Account account) {
        return fx.pipeline.publishedEvents("AccountConfigInvalid").stream()
                .filter(e -> account.id().equals(e.path("detail").path("accountId").asText()))
                .toList();
    }

    private static List<JsonNode> problems(JsonNode event) {
        return Json.MAPPER.convertValue(event.path("detail").path("problems"),
                Json.MAPPER.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }
}
