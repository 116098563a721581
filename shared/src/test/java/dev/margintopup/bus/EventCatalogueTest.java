package dev.margintopup.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.account.FieldProblem;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import dev.margintopup.alert.Severity;
import dev.margintopup.policy.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bus events' wire format is a public contract (README "Events"): the catalogue, its
 * records and the examples in events/ must agree, and a detail that does not fit its record is
 * refused with the field's name.
 */
class EventCatalogueTest {

    static final Path EVENTS = Path.of("..", "events");

    @ParameterizedTest
    @EnumSource(EventCatalogue.class)
    void every_catalogue_entry_has_an_example_file_of_its_detail_type(EventCatalogue entry) {
        JsonNode example = example(entry);

        assertThat(example.path("detail-type").asText()).isEqualTo(entry.detailType());
        assertThat(example.path("source").asText()).isEqualTo(EventCatalogue.SOURCE);
    }

    @Test
    void every_bus_event_in_the_events_folder_decodes_into_its_catalogue_record_and_encodes_back_unchanged()
            throws IOException {
        List<Path> busEvents = new ArrayList<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            files.filter(f -> read(f).has("detail-type")).forEach(busEvents::add);
        }
        assertThat(busEvents).hasSize(EventCatalogue.values().length);

        for (Path file : busEvents) {
            JsonNode event = read(file);
            EventCatalogue entry = EventCatalogue.named(event.path("detail-type").asText())
                    .orElseThrow(() -> new AssertionError(file + " has a detail-type the catalogue does not name"));
            assertThat(entry.exampleFile()).as("the catalogue's file for %s", entry).isEqualTo(file.getFileName().toString());

            EventDetail detail = EventCatalogue.decode(event);

            assertThat(detail).as(file.toString()).isInstanceOf(entry.detailRecord());
            assertThat(EventCatalogue.of(detail)).isEqualTo(entry);
            // Field names, types and the plain-decimal strings of amounts and ratios, exactly as published.
            assertThat(Json.tree(detail)).as(file.toString()).isEqualTo(event.get("detail"));
        }
    }

    @ParameterizedTest
    @EnumSource(EventCatalogue.class)
    void an_unknown_field_in_a_detail_is_refused_by_name(EventCatalogue entry) {
        ObjectNode event = example(entry).deepCopy();
        ((ObjectNode) event.get("detail")).put("amountt", "1");

        assertThatThrownBy(() -> EventCatalogue.decode(event))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining(entry.detailType())
                .hasMessageContaining("unknown field 'amountt'");
    }

    static Stream<Arguments> everyFieldOfEveryDetail() {
        return Stream.of(EventCatalogue.values()).flatMap(entry -> {
            List<Arguments> fields = new ArrayList<>();
            example(entry).get("detail").fieldNames().forEachRemaining(f -> fields.add(Arguments.of(entry, f)));
            return fields.stream();
        });
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyFieldOfEveryDetail")
    void a_detail_missing_any_of_its_fields_is_refused_by_name(EventCatalogue entry, String field) {
        ObjectNode event = example(entry).deepCopy();
        ((ObjectNode) event.get("detail")).remove(field);

        assertThatThrownBy(() -> EventCatalogue.decode(event))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("the " + entry.detailType() + " detail has no '" + field + "'");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_by_field_name_without_quoting_the_value() {
        ObjectNode event = example(EventCatalogue.TOP_UP_REQUESTED).deepCopy();
        ((ObjectNode) event.get("detail")).put("amount", "secret-looking-text");

        assertThatThrownBy(() -> EventCatalogue.decode(event))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("'amount' must be a decimal number")
                .hasMessageNotContaining("secret-looking-text");
    }

    @Test
    void an_event_of_another_source_or_an_unknown_detail_type_is_refused() {
        ObjectNode otherSource = ((ObjectNode) example(EventCatalogue.TOP_UP_FAILED).deepCopy()).put("source", "aws.s3");
        ObjectNode unknownType = ((ObjectNode) example(EventCatalogue.TOP_UP_FAILED).deepCopy()).put("detail-type", "TopUpMaybe");

        assertThatThrownBy(() -> EventCatalogue.decode(otherSource)).isInstanceOf(BadInput.class)
                .hasMessageContaining("source is 'aws.s3'");
        assertThatThrownBy(() -> EventCatalogue.decode(unknownType)).isInstanceOf(BadInput.class)
                .hasMessageContaining("'TopUpMaybe' is not one of");
    }

    @Test
    void amounts_and_ratios_go_on_the_wire_as_plain_decimal_strings_and_nulls_stay_null() {
        Instant at = Instant.parse("2026-11-24T21:00:02.118Z");
        JsonNode completed = Json.tree(new TopUpCompleted("a", "i", "paper", "USDT", new BigDecimal("2E+3"), "t-1",
                new BigDecimal("0.2049"), null, false, at));
        JsonNode atRisk = Json.tree(new MarginAtRisk("a", "a@x", "paper", new BigDecimal("1.0E-7"),
                new BigDecimal("0.2"), null, Severity.WARNING, null, new BigDecimal("120.5"), "USDT",
                Decision.Limit.DAILY_CAP, "cap", at));
        JsonNode movesOnly = Json.tree(new MarginAtRisk("a", "a@x", "paper", new BigDecimal("0.3"),
                null, new BigDecimal("3"), Severity.WARNING, null, BigDecimal.ZERO, "USDT",
                Decision.Limit.POSITIONS_UNREPORTED, "no positions", at));
        JsonNode invalid = Json.tree(new AccountConfigInvalid(null,
                List.of(new FieldProblem("targetRatio", "too high")), "checker", at));

        assertThat(completed.get("amount").isTextual()).isTrue();
        assertThat(completed.get("amount").textValue()).isEqualTo("2000");
        assertThat(completed.get("marginRatioAfter").isNull()).isTrue();
        assertThat(completed.get("completedAt").textValue()).isEqualTo("2026-11-24T21:00:02.118Z");
        assertThat(atRisk.get("marginRatio").textValue()).isEqualTo("0.00000010");
        assertThat(atRisk.get("cause").textValue()).isEqualTo("DAILY_CAP");
        assertThat(atRisk.get("shortfall").textValue()).isEqualTo("120.5");
        assertThat(atRisk.get("distanceToLiquidation").isNull()).as("unmeasured: present and null").isTrue();
        // A trigger the account does not have is left out, not null.
        assertThat(atRisk.has("triggerMovePercent")).isFalse();
        assertThat(movesOnly.has("triggerRatio")).isFalse();
        assertThat(movesOnly.get("triggerMovePercent").textValue()).isEqualTo("3");
        assertThat(EventCatalogue.decode(envelope(EventCatalogue.MARGIN_AT_RISK, movesOnly)))
                .isEqualTo(new MarginAtRisk("a", "a@x", "paper", new BigDecimal("0.3"), null, new BigDecimal("3"),
                        Severity.WARNING, null, BigDecimal.ZERO, "USDT", Decision.Limit.POSITIONS_UNREPORTED,
                        "no positions", at));
        assertThat(invalid.get("accountId").isNull()).isTrue();
        assertThat(invalid.get("problems").get(0).get("field").textValue()).isEqualTo("targetRatio");
    }

    @Test
    void a_transfer_event_of_another_detail_type_is_refused_with_both_names() {
        JsonNode atRisk = example(EventCatalogue.MARGIN_AT_RISK);

        assertThatThrownBy(() -> EventCatalogue.TOP_UP_REQUESTED.decodeOnly(atRisk, TopUpRequested.class))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("detail-type TopUpRequested")
                .hasMessageContaining("got 'MarginAtRisk'");
    }

    /** {@code detail} in the example's envelope. */
    static JsonNode envelope(EventCatalogue entry, JsonNode detail) {
        ObjectNode event = (ObjectNode) example(entry).deepCopy();
        event.set("detail", detail);
        return event;
    }

    static JsonNode example(EventCatalogue entry) {
        return read(EVENTS.resolve(entry.exampleFile()));
    }

    static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Json.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
