package dev.margintopup.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The move settings of an account item: either form protects alone, both together, never half of one. */
class AccountValidatorMovesTest {

    private static final AccountValidator VALIDATOR =
            new AccountValidator("margin-topup", Set.of("binance", "bybit", "paper"));

    /** The documented example item, protected by moves instead of the ratio pair. */
    static Map<String, Object> movesItem() {
        Map<String, Object> item = AccountValidatorTest.validItem();
        item.remove("triggerRatio");
        item.remove("targetRatio");
        item.put("triggerMovePercent", new BigDecimal("3"));
        item.put("targetMovePercent", new BigDecimal("8"));
        return item;
    }

    @Test
    void moves_alone_protect_an_account_with_the_documented_defaults() {
        Validation.Valid valid = valid(movesItem());

        AccountConfig config = valid.config();
        assertThat(config.hasRatioSettings()).isFalse();
        assertThat(config.moves()).isEqualTo(new MoveSettings(new BigDecimal("3"), new BigDecimal("8"),
                new BigDecimal("6"), 10, 30, new BigDecimal("3")));
        assertThat(config.moves().triggerMove()).isEqualByComparingTo("0.03");
        assertThat(valid.warnings()).isEmpty();
    }

    @Test
    void every_knob_is_read_and_round_trips_through_the_item() {
        Map<String, Object> item = movesItem();
        item.put("watchBandMovePercent", new BigDecimal("5"));
        item.put("pollIntervalSeconds", new BigDecimal("15"));
        item.put("volatilityLookbackMinutes", new BigDecimal("60"));
        item.put("volatilityMultiple", new BigDecimal("2.5"));

        AccountConfig config = valid(item).config();

        assertThat(config.moves()).isEqualTo(new MoveSettings(new BigDecimal("3"), new BigDecimal("8"),
                new BigDecimal("5"), 15, 60, new BigDecimal("2.5")));
        assertThat(valid(AccountValidator.toItem(config)).config()).isEqualTo(config);
    }

    @Test
    void both_forms_are_accepted_and_the_validator_says_how_they_combine() {
        Map<String, Object> item = movesItem();
        item.put("triggerRatio", new BigDecimal("0.8"));
        item.put("targetRatio", new BigDecimal("0.6"));

        Validation.Valid valid = valid(item);

        assertThat(valid.config().hasRatioSettings()).isTrue();
        assertThat(valid.warnings()).contains(AccountValidator.BOTH_FORMS);
        assertThat(AccountValidator.BOTH_FORMS).contains("either triggers", "larger of the two targets");
    }

    @Test
    void neither_form_names_both_ways_out() {
        Map<String, Object> item = movesItem();
        item.remove("triggerMovePercent");
        item.remove("targetMovePercent");

        assertThat(problems(item)).containsExactly(
                new FieldProblem("triggerRatio", "missing; must be a number (N) between 0 and 1 exclusive"
                        + " (or give triggerMovePercent and targetMovePercent instead)"),
                new FieldProblem("targetRatio", "missing; must be a number (N) between 0 and 1 exclusive"
                        + " (or give triggerMovePercent and targetMovePercent instead)"));
    }

    @Test
    void half_a_form_is_refused_by_the_missing_field_s_name() {
        Map<String, Object> noTrigger = movesItem();
        noTrigger.remove("triggerMovePercent");
        assertThat(problems(noTrigger)).extracting(FieldProblem::field).containsExactly("triggerMovePercent");

        Map<String, Object> halfRatio = movesItem();
        halfRatio.put("triggerRatio", new BigDecimal("0.8"));
        assertThat(problems(halfRatio)).extracting(FieldProblem::field).containsExactly("targetRatio");
    }

    @Test
    void a_target_move_not_beyond_the_trigger_move_is_refused() {
        Map<String, Object> item = movesItem();
        item.put("targetMovePercent", new BigDecimal("3"));

        assertOnlyProblem(item, "targetMovePercent", "must be above triggerMovePercent (3)", "got 3");
    }

    @Test
    void a_watch_band_inside_the_trigger_is_refused() {
        Map<String, Object> item = movesItem();
        item.put("watchBandMovePercent", new BigDecimal("2"));

        assertOnlyProblem(item, "watchBandMovePercent", "at least triggerMovePercent (3)", "got 2");
    }

    @Test
    void polling_no_faster_than_the_schedule_is_refused() {
        Map<String, Object> item = movesItem(); // checkRateMinutes 2
        item.put("pollIntervalSeconds", new BigDecimal("120"));

        assertOnlyProblem(item, "pollIntervalSeconds", "shorter than the check interval (checkRateMinutes 2 = 120 s)");
    }

    @Test
    void out_of_range_moves_and_knobs_are_refused_each_by_name() {
        Map<String, Object> item = movesItem();
        item.put("triggerMovePercent", new BigDecimal("0"));
        item.put("targetMovePercent", new BigDecimal("100"));
        item.put("volatilityLookbackMinutes", new BigDecimal("1"));
        item.put("volatilityMultiple", new BigDecimal("-1"));
        item.put("pollIntervalSeconds", new BigDecimal("2.5"));

        assertThat(problems(item)).extracting(FieldProblem::field).containsExactlyInAnyOrder("triggerMovePercent",
                "targetMovePercent", "pollIntervalSeconds", "volatilityLookbackMinutes", "volatilityMultiple");
    }

    @Test
    void a_move_knob_without_move_settings_is_refused_not_ignored() {
        Map<String, Object> item = AccountValidatorTest.validItem();
        item.put("watchBandMovePercent", new BigDecimal("6"));
        item.put("volatilityMultiple", new BigDecimal("3"));

        assertThat(problems(item)).extracting(FieldProblem::field)
                .containsExactly("watchBandMovePercent", "volatilityMultiple");
        assertThat(problems(item)).allSatisfy(p -> assertThat(p.reason())
                .startsWith("applies only to move-based protection: give triggerMovePercent and targetMovePercent"));
    }

    @Test
    void a_move_written_as_a_string_says_how_to_write_it() {
        Map<String, Object> item = movesItem();
        item.put("triggerMovePercent", "3");

        assertOnlyProblem(item, "triggerMovePercent", "write {\"N\": \"3\"}");
    }

    private static void assertOnlyProblem(Map<String, Object> item, String field, String... saying) {
        assertThat(problems(item)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(saying);
        });
    }

    private static Validation.Valid valid(Map<String, Object> item) {
        Validation validation = VALIDATOR.validate(item);
        assertThat(validation).isInstanceOf(Validation.Valid.class);
        return (Validation.Valid) validation;
    }

    private static java.util.List<FieldProblem> problems(Map<String, Object> item) {
        Validation validation = VALIDATOR.validate(item);
        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid) validation).problems();
    }
}
