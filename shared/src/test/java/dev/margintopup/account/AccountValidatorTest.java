package dev.margintopup.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AccountValidatorTest {

    private static final AccountValidator VALIDATOR =
            new AccountValidator("margin-topup", Set.of("binance", "bybit", "paper"));

    /** The example item from the docs: a cross-margin Binance account. */
    static Map<String, Object> validItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("accountId", "binance-main");
        item.put("venue", "binance");
        item.put("marginMode", "cross");
        item.put("asset", "USDT");
        item.put("sourceWallet", "FUNDING");
        item.put("triggerRatio", new BigDecimal("0.8"));
        item.put("targetRatio", new BigDecimal("0.6"));
        item.put("maxTransfer", new BigDecimal("1000"));
        item.put("dailyCap", new BigDecimal("5000"));
        item.put("minTransfer", new BigDecimal("10"));
        item.put("cooldownSeconds", new BigDecimal("300"));
        item.put("checkRateMinutes", new BigDecimal("2"));
        item.put("readSecretId", "margin-topup/read/binance-main");
        item.put("transferSecretId", "margin-topup/transfer/binance-main");
        item.put("enabled", true);
        return item;
    }

    private static Map<String, Object> validItemWith(Consumer<Map<String, Object>> change) {
        Map<String, Object> item = validItem();
        change.accept(item);
        return item;
    }

    private static Validation.Invalid invalid(Map<String, Object> item) {
        Validation validation = VALIDATOR.validate(item);
        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        return (Validation.Invalid) validation;
    }

    private static Validation.Valid valid(Map<String, Object> item) {
        Validation validation = VALIDATOR.validate(item);
        assertThat(validation).isInstanceOf(Validation.Valid.class);
        return (Validation.Valid) validation;
    }

    @Nested
    class A_valid_item {

        @Test
        void becomes_the_account_config_it_describes() {
            Validation.Valid valid = valid(validItem());

            assertThat(valid.config()).isEqualTo(new AccountConfig(
                    "binance-main", "binance", MarginMode.CROSS, null, "USDT", "FUNDING",
                    new BigDecimal("0.8"), new BigDecimal("0.6"), new BigDecimal("1000"), new BigDecimal("5000"),
                    new BigDecimal("10"), Duration.ofMinutes(5), 2, "margin-topup/read/binance-main",
                    "margin-topup/transfer/binance-main", true, false, null));
            assertThat(valid.warnings()).isEmpty();
        }

        @Test
        void an_isolated_position_carries_its_symbol() {
            Validation.Valid valid = valid(validItemWith(item -> {
                item.put("marginMode", "isolated");
                item.put("symbol", "BTCUSDT");
            }));

            assertThat(valid.config().marginMode()).isEqualTo(MarginMode.ISOLATED);
            assertThat(valid.config().symbol()).isEqualTo("BTCUSDT");
        }

        @Test
        void optional_attributes_left_out_take_their_defaults() {
            Validation.Valid valid = valid(validItemWith(item -> item.remove("checkRateMinutes")));

            assertThat(valid.config().checkRateMinutes()).isEqualTo(1);
            assertThat(valid.config().dryRun()).isFalse();
            assertThat(valid.config().venueEndpoint()).isNull();
        }

        @Test
        void optional_attributes_set_to_null_take_their_defaults() {
            Validation.Valid valid = valid(validItemWith(item -> {
                item.put("checkRateMinutes", null);
                item.put("dryRun", null);
                item.put("venueEndpoint", null);
                item.put("symbol", null);
            }));

            assertThat(valid.config().checkRateMinutes()).isEqualTo(1);
            assertThat(valid.config().dryRun()).isFalse();
            assertThat(valid.config().venueEndpoint()).isNull();
        }

        @Test
        void an_empty_symbol_is_allowed_in_cross_mode() {
            assertThat(valid(validItemWith(item -> item.put("symbol", ""))).config().symbol()).isNull();
        }

        @Test
        void dry_run_and_a_venue_endpoint_are_read_when_present() {
            Validation.Valid valid = valid(validItemWith(item -> {
                item.put("dryRun", true);
                item.put("venueEndpoint", "http://localhost:8080");
            }));

            assertThat(valid.config().dryRun()).isTrue();
            assertThat(valid.config().venueEndpoint()).isEqualTo("http://localhost:8080");
        }

        @Test
        void whole_numbers_written_with_a_fraction_of_zero_are_whole() {
            Validation.Valid valid = valid(validItemWith(item -> item.put("cooldownSeconds", new BigDecimal("60.00"))));

            assertThat(valid.config().cooldown()).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void boundary_values_are_accepted() {
            Validation.Valid valid = valid(validItemWith(item -> {
                item.put("minTransfer", new BigDecimal("1000"));
                item.put("cooldownSeconds", new BigDecimal("86400"));
                item.put("checkRateMinutes", new BigDecimal("1440"));
                item.put("triggerRatio", new BigDecimal("0.99999999"));
                item.put("targetRatio", new BigDecimal("0.00000001"));
            }));

            assertThat(valid.config().minTransfer()).isEqualByComparingTo("1000");
            assertThat(valid.config().cooldown()).isEqualTo(Duration.ofDays(1));
            assertThat(valid.config().checkRateMinutes()).isEqualTo(1440);
        }

        @Test
        void a_secret_prefix_given_with_a_trailing_slash_means_the_same() {
            AccountValidator validator = new AccountValidator("margin-topup/", Set.of("binance"));

            assertThat(validator.validate(validItem())).isInstanceOf(Validation.Valid.class);
        }
    }

    @Nested
    class Shared_keys {

        private Map<String, Object> sharedItem() {
            return validItemWith(item -> {
                item.remove("readSecretId");
                item.remove("transferSecretId");
                item.put("readKeyName", "desk-1");
                item.put("transferKeyName", "desk-1.transfer");
            });
        }

        @Test
        void an_account_naming_its_keys_reads_them_from_the_deployment_s_two_shared_secrets() {
            AccountConfig config = valid(sharedItem()).config();

            assertThat(config.readKey()).isEqualTo(new KeyRef("margin-topup/read-keys", "desk-1", "readKeyName"));
            assertThat(config.transferKey())
                    .isEqualTo(new KeyRef("margin-topup/transfer-keys", "desk-1.transfer", "transferKeyName"));
            assertThat(config.sharesOneKey()).isFalse();
        }

        @Test
        void a_secret_of_the_account_s_own_is_still_a_whole_secret() {
            AccountConfig config = valid(validItem()).config();

            assertThat(config.readKey()).isEqualTo(KeyRef.ownSecret("margin-topup/read/binance-main", "readSecretId"));
            assertThat(config.transferKey())
                    .isEqualTo(KeyRef.ownSecret("margin-topup/transfer/binance-main", "transferSecretId"));
        }

        @Test
        void each_role_chooses_its_layout_on_its_own() {
            AccountConfig config = valid(validItemWith(item -> {
                item.remove("readSecretId");
                item.put("readKeyName", "desk-1");
            })).config();

            assertThat(config.readKey().shared()).isTrue();
            assertThat(config.transferKey()).isEqualTo(
                    KeyRef.ownSecret("margin-topup/transfer/binance-main", "transferSecretId"));
        }

        @Test
        void a_key_name_and_a_secret_id_for_the_same_role_contradict_each_other_and_nothing_wins() {
            Validation.Invalid invalid = invalid(validItemWith(item -> {
                item.put("readKeyName", "desk-1");
                item.put("transferKeyName", "desk-1");
            }));

            assertThat(invalid.problems()).extracting(FieldProblem::field)
                    .containsExactly("readKeyName", "transferKeyName");
            assertThat(invalid.problems().getFirst().reason()).contains("contradicts readSecretId");
            assertThat(invalid.problems().get(1).reason()).contains("contradicts transferSecretId");
        }

        @Test
        void neither_a_key_name_nor_a_secret_id_says_both_ways_to_give_the_key() {
            Validation.Invalid invalid = invalid(validItemWith(remove("readSecretId")));

            assertThat(invalid.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("readSecretId");
                assertThat(problem.reason()).contains("or give readKeyName", "margin-topup/read-keys");
            });
        }

        @Test
        void a_key_name_must_be_a_plain_name() {
            for (Object bad : List.of("", "desk 1", "desk/1", "x".repeat(65), n("7"))) {
                Validation.Invalid invalid = invalid(validItemWith(item -> {
                    item.remove("readSecretId");
                    item.put("readKeyName", bad);
                }));
                assertThat(invalid.problems()).as("readKeyName %s", bad).extracting(FieldProblem::field)
                        .containsExactly("readKeyName");
            }
        }

        @Test
        void the_item_written_back_names_the_keys_the_way_it_was_given() {
            AccountConfig config = valid(sharedItem()).config();
            Map<String, Object> item = AccountValidator.toItem(config);

            assertThat(item).containsEntry("readKeyName", "desk-1").containsEntry("transferKeyName", "desk-1.transfer")
                    .doesNotContainKeys("readSecretId", "transferSecretId");
            assertThat(valid(new LinkedHashMap<>(item)).config()).isEqualTo(config);
        }
    }

    @Nested
    class Warnings {

        @Test
        void one_key_for_reading_and_transferring_is_allowed_but_flagged() {
            Validation.Valid valid = valid(validItemWith(
                    item -> item.put("transferSecretId", "margin-topup/read/binance-main")));

            assertThat(valid.warnings()).containsExactly(
                    "one API key is used for reading and transferring; give the checker a read-only key");
        }

        @Test
        void a_daily_cap_below_the_per_transfer_cap_is_allowed_but_flagged() {
            Validation.Valid valid = valid(validItemWith(item -> item.put("dailyCap", new BigDecimal("500"))));

            assertThat(valid.warnings()).containsExactly(
                    "dailyCap (500) is below maxTransfer (1000): no transfer will exceed the daily cap");
        }
    }

    /** One bad attribute in an otherwise valid item, and what the user is told about it. */
    record Case(String name, Consumer<Map<String, Object>> change, String field, List<String> saying) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case bad(String name, Consumer<Map<String, Object>> change, String field, String... saying) {
        return new Case(name, change, field, List.of(saying));
    }

    private static Consumer<Map<String, Object>> remove(String field) {
        return item -> item.remove(field);
    }

    private static Consumer<Map<String, Object>> set(String field, Object value) {
        return item -> item.put(field, value);
    }

    private static BigDecimal n(String value) {
        return new BigDecimal(value);
    }

    static Stream<Case> badFields() {
        return Stream.of(
                bad("accountId missing", remove("accountId"), "accountId",
                        "missing; must be a string (S) of 1 to 48 letters, digits, '_', '.' or '-'"),
                bad("accountId a number", set("accountId", n("42")), "accountId", "got number 42"),
                bad("accountId empty", set("accountId", ""), "accountId", "got \"\""),
                bad("accountId too long", set("accountId", "a".repeat(49)), "accountId", "1 to 48",
                        "(it becomes part of schedule names)"),
                bad("accountId with a character schedule names refuse", set("accountId", "main/1"), "accountId",
                        "got \"main/1\""),

                bad("venue missing", remove("venue"), "venue", "missing; must be a string (S), one of binance, bybit, paper"),
                bad("venue a map", set("venue", Map.of("S", "binance")), "venue", "got a map (M)"),
                bad("venue unsupported", set("venue", "kraken"), "venue",
                        "one of binance, bybit, paper, got \"kraken\""),
                bad("venue in the wrong case", set("venue", "Binance"), "venue", "did you mean \"binance\"?"),

                bad("marginMode missing", remove("marginMode"), "marginMode", "missing; must be", "\"cross\" or \"isolated\""),
                bad("marginMode a boolean", set("marginMode", true), "marginMode", "got boolean true"),
                bad("marginMode neither cross nor isolated", set("marginMode", "portfolio"), "marginMode",
                        "got \"portfolio\""),
                bad("marginMode in capitals", set("marginMode", "CROSS"), "marginMode", "did you mean \"cross\"?"),

                bad("symbol missing in isolated mode", set("marginMode", "isolated"), "symbol",
                        "required when marginMode is isolated", "e.g. BTCUSDT"),
                bad("symbol empty in isolated mode", item -> {
                    item.put("marginMode", "isolated");
                    item.put("symbol", "");
                }, "symbol", "required when marginMode is isolated", "got \"\""),
                bad("symbol present in cross mode", set("symbol", "BTCUSDT"), "symbol",
                        "must be absent or empty when marginMode is cross, got \"BTCUSDT\""),
                bad("symbol a number", item -> {
                    item.put("marginMode", "isolated");
                    item.put("symbol", n("1"));
                }, "symbol", "got number 1"),
                bad("symbol badly formed", item -> {
                    item.put("marginMode", "isolated");
                    item.put("symbol", "btcusdt");
                }, "symbol", "2 to 32 characters", "did you mean \"BTCUSDT\"?"),

                bad("asset missing", remove("asset"), "asset", "missing; must be a string (S) of 2 to 12 characters"),
                bad("asset a list", set("asset", List.of("USDT")), "asset", "got a list (L)"),
                bad("asset in lower case", set("asset", "usdt"), "asset", "did you mean \"USDT\"?"),
                bad("asset too long", set("asset", "ABCDEFGHIJKLM"), "asset", "got \"ABCDEFGHIJKLM\""),

                bad("sourceWallet missing", remove("sourceWallet"), "sourceWallet", "missing; must be", "FUNDING or SPOT"),
                bad("sourceWallet a set", set("sourceWallet", Set.of("FUNDING")), "sourceWallet", "got a set"),
                bad("sourceWallet the margin wallet", set("sourceWallet", "MARGIN"), "sourceWallet",
                        "never the margin wallet itself", "got \"MARGIN\""),
                bad("sourceWallet an address", set("sourceWallet", "0x52908400098527886E0F7030069857D2E4169EE7"),
                        "sourceWallet", "never an address"),
                bad("sourceWallet in lower case", set("sourceWallet", "funding"), "sourceWallet",
                        "did you mean \"FUNDING\"?"),

                bad("triggerRatio missing", remove("triggerRatio"), "triggerRatio",
                        "missing; must be a number (N) between 0 and 1 exclusive"),
                bad("triggerRatio NULL", set("triggerRatio", null), "triggerRatio", "got NULL"),
                bad("triggerRatio zero", set("triggerRatio", n("0")), "triggerRatio", "got 0"),
                bad("triggerRatio one", set("triggerRatio", n("1")), "triggerRatio", "got 1"),
                bad("triggerRatio above one", set("triggerRatio", n("1.2")), "triggerRatio", "got 1.2"),

                bad("targetRatio missing", remove("targetRatio"), "targetRatio", "missing; must be a number (N)"),
                bad("targetRatio a string", set("targetRatio", "0.6"), "targetRatio", "got string \"0.6\""),
                bad("targetRatio negative", set("targetRatio", n("-0.6")), "targetRatio", "got -0.6"),
                bad("targetRatio equal to the trigger", set("targetRatio", n("0.8")), "targetRatio",
                        "must be below triggerRatio (0.8), got 0.8"),

                bad("maxTransfer missing", remove("maxTransfer"), "maxTransfer", "missing; must be a number (N) greater than 0"),
                bad("maxTransfer a string", set("maxTransfer", "1000"), "maxTransfer",
                        "got string \"1000\"; write {\"N\": \"1000\"}, not {\"S\": \"1000\"}"),
                bad("maxTransfer zero", set("maxTransfer", n("0")), "maxTransfer", "greater than 0, got 0"),

                bad("dailyCap missing", remove("dailyCap"), "dailyCap", "missing; must be a number (N) greater than 0"),
                bad("dailyCap binary", set("dailyCap", new byte[] {1}), "dailyCap", "got binary (B)"),
                bad("dailyCap negative", set("dailyCap", n("-1")), "dailyCap", "greater than 0, got -1"),

                bad("minTransfer missing", remove("minTransfer"), "minTransfer", "missing; must be a number (N) of at least 0"),
                bad("minTransfer a boolean", set("minTransfer", false), "minTransfer", "got boolean false"),
                bad("minTransfer negative", set("minTransfer", n("-0.01")), "minTransfer", "got -0.01"),
                bad("minTransfer above maxTransfer", set("minTransfer", n("1500")), "minTransfer",
                        "must not exceed maxTransfer (1000), got 1500"),

                bad("cooldownSeconds missing", remove("cooldownSeconds"), "cooldownSeconds",
                        "missing; must be a whole number (N) of seconds from 0 to 86400"),
                bad("cooldownSeconds a string", set("cooldownSeconds", "300"), "cooldownSeconds",
                        "got string \"300\"; write {\"N\": \"300\"}"),
                bad("cooldownSeconds negative", set("cooldownSeconds", n("-1")), "cooldownSeconds", "got -1"),
                bad("cooldownSeconds over a day", set("cooldownSeconds", n("86401")), "cooldownSeconds", "got 86401"),
                bad("cooldownSeconds fractional", set("cooldownSeconds", n("1.5")), "cooldownSeconds", "got 1.5"),

                bad("checkRateMinutes a string", set("checkRateMinutes", "5"), "checkRateMinutes",
                        "must be a whole number (N) of minutes from 1 to 1440 (default 1), got string \"5\""),
                bad("checkRateMinutes zero", set("checkRateMinutes", n("0")), "checkRateMinutes", "got 0"),
                bad("checkRateMinutes over a day", set("checkRateMinutes", n("1441")), "checkRateMinutes", "got 1441"),
                bad("checkRateMinutes fractional", set("checkRateMinutes", n("2.5")), "checkRateMinutes", "got 2.5"),

                bad("readSecretId missing", remove("readSecretId"), "readSecretId",
                        "missing; must be a string (S) without whitespace starting with \"margin-topup/read/\""),
                bad("readSecretId a number", set("readSecretId", n("7")), "readSecretId", "got number 7"),
                bad("readSecretId outside the prefix", set("readSecretId", "prod/read/binance-main"), "readSecretId",
                        "starting with \"margin-topup/read/\"", "got \"prod/read/binance-main\""),
                bad("readSecretId the bare prefix", set("readSecretId", "margin-topup/"), "readSecretId",
                        "got \"margin-topup/\""),
                bad("readSecretId with whitespace", set("readSecretId", "margin-topup/read/binance main"), "readSecretId",
                        "without whitespace"),
                bad("readSecretId with a trailing space", set("readSecretId", "margin-topup/read/binance-main "),
                        "readSecretId", "did you mean \"margin-topup/read/binance-main\"?"),

                bad("transferSecretId missing", remove("transferSecretId"), "transferSecretId",
                        "missing; must be", "e.g. \"margin-topup/transfer/my-account\""),
                bad("transferSecretId a list", set("transferSecretId", List.of()), "transferSecretId", "got a list (L)"),
                bad("transferSecretId outside the prefix", set("transferSecretId", "binance-main"), "transferSecretId",
                        "got \"binance-main\""),
                bad("readSecretId under transfer/", set("readSecretId", "margin-topup/transfer/binance-main"),
                        "readSecretId", "starting with \"margin-topup/read/\""),
                bad("transferSecretId another account's read key",
                        set("transferSecretId", "margin-topup/read/other-account"), "transferSecretId",
                        "or be the same id as readSecretId"),

                bad("enabled missing", remove("enabled"), "enabled", "missing; must be a boolean (BOOL)"),
                bad("enabled NULL", set("enabled", null), "enabled", "must be a boolean (BOOL), got NULL"),
                bad("enabled a string", set("enabled", "true"), "enabled",
                        "got string \"true\"; write {\"BOOL\": true}, not {\"S\": \"true\"}"),
                bad("enabled a number", set("enabled", n("1")), "enabled", "got number 1"),

                bad("dryRun a string", set("dryRun", "False"), "dryRun", "write {\"BOOL\": false}"),

                bad("venueEndpoint not http", set("venueEndpoint", "ftp://example.com"), "venueEndpoint",
                        "an http or https URL (S)", "got \"ftp://example.com\""),
                bad("venueEndpoint not a URL", set("venueEndpoint", "localhost:8080"), "venueEndpoint",
                        "got \"localhost:8080\""),
                bad("venueEndpoint empty", set("venueEndpoint", ""), "venueEndpoint",
                        "got \"\"; remove the attribute to leave it unset"),
                bad("venueEndpoint a number", set("venueEndpoint", n("8080")), "venueEndpoint", "got number 8080"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void a_bad_attribute_is_reported_by_name_with_a_reason_the_user_can_act_on(Case bad) {
        Validation.Invalid invalid = invalid(validItemWith(bad.change()));

        assertThat(invalid.problems()).hasSize(1);
        FieldProblem problem = invalid.problems().getFirst();
        assertThat(problem.field()).isEqualTo(bad.field());
        assertThat(problem.reason()).contains(bad.saying());
    }

    @Test
    void a_number_written_as_a_string_says_how_to_write_it_as_a_number() {
        Validation.Invalid invalid = invalid(validItemWith(set("triggerRatio", "0.8")));

        assertThat(invalid.problems()).containsExactly(new FieldProblem("triggerRatio",
                "must be a number (N) between 0 and 1 exclusive, got string \"0.8\";"
                        + " write {\"N\": \"0.8\"}, not {\"S\": \"0.8\"}"));
    }

    @Test
    void a_target_at_or_above_the_trigger_names_the_trigger() {
        Validation.Invalid invalid = invalid(validItemWith(set("targetRatio", n("0.85"))));

        assertThat(invalid.problems()).containsExactly(
                new FieldProblem("targetRatio", "must be below triggerRatio (0.8), got 0.85"));
    }

    @Test
    void an_item_with_several_bad_attributes_reports_every_one_in_attribute_order() {
        Validation.Invalid invalid = invalid(validItemWith(item -> {
            item.put("venue", "kraken");
            item.put("triggerRatio", "0.8");
            item.remove("dailyCap");
            item.put("minTransfer", n("-1"));
            item.put("transferSecretId", "binance-main");
            item.put("enabled", "yes");
            item.put("owner", "alice");
        }));

        assertThat(invalid.accountId()).isEqualTo("binance-main");
        assertThat(invalid.problems()).extracting(FieldProblem::field).containsExactly(
                "venue", "triggerRatio", "dailyCap", "minTransfer", "transferSecretId", "enabled", "owner");
    }

    @Test
    void cross_field_rules_wait_for_both_fields_to_be_valid() {
        // The target cannot be compared with a trigger that is itself bad: one problem, not two.
        Validation.Invalid invalid = invalid(validItemWith(item -> {
            item.put("triggerRatio", n("2"));
            item.put("targetRatio", n("0.9"));
        }));

        assertThat(invalid.problems()).extracting(FieldProblem::field).containsExactly("triggerRatio");
    }

    @Test
    void an_empty_item_reports_every_required_attribute_and_no_account_id() {
        Validation.Invalid invalid = invalid(new LinkedHashMap<>());

        assertThat(invalid.accountId()).isNull();
        assertThat(invalid.problems()).extracting(FieldProblem::field).containsExactly(
                "accountId", "venue", "marginMode", "asset", "sourceWallet", "triggerRatio", "targetRatio",
                "maxTransfer", "dailyCap", "minTransfer", "cooldownSeconds", "readSecretId", "transferSecretId",
                "enabled");
        assertThat(invalid.problems()).allSatisfy(problem -> assertThat(problem.reason()).startsWith("missing; must be"));
    }

    @Test
    void an_invalid_account_id_is_not_reported_as_the_item_s_id() {
        Validation.Invalid invalid = invalid(validItemWith(set("accountId", "bad id")));

        assertThat(invalid.accountId()).isNull();
    }

    @Nested
    class Unknown_attributes {

        private FieldProblem onlyProblem(String name) {
            Validation.Invalid invalid = invalid(validItemWith(set(name, "x")));
            assertThat(invalid.problems()).hasSize(1);
            return invalid.problems().getFirst();
        }

        @Test
        void are_named_with_the_known_field_that_differs_only_in_case() {
            assertThat(onlyProblem("TriggerRatio"))
                    .isEqualTo(new FieldProblem("TriggerRatio", "unknown field; did you mean triggerRatio?"));
        }

        @Test
        void are_named_with_the_known_field_a_typo_away() {
            assertThat(onlyProblem("trigerRatio").reason()).isEqualTo("unknown field; did you mean triggerRatio?");
            assertThat(onlyProblem("dailycaps").reason()).isEqualTo("unknown field; did you mean dailyCap?");
        }

        @Test
        void are_named_with_the_known_field_they_shorten() {
            assertThat(onlyProblem("cooldown").reason()).isEqualTo("unknown field; did you mean cooldownSeconds?");
        }

        @Test
        void with_stray_whitespace_are_shown_quoted() {
            assertThat(onlyProblem("enabled ")).isEqualTo(
                    new FieldProblem("enabled ", "unknown field \"enabled \"; did you mean enabled?"));
        }

        @Test
        void with_nothing_close_list_the_known_fields() {
            assertThat(onlyProblem("portfolio").reason())
                    .startsWith("unknown field; an account item has only accountId, venue, marginMode,")
                    .endsWith("dryRun, venueEndpoint, sweep");
        }

        @Test
        void beside_a_missing_field_point_to_it() {
            Validation.Invalid invalid = invalid(validItemWith(item -> {
                item.put("minimumTransfer", item.remove("minTransfer"));
            }));

            assertThat(invalid.problems()).extracting(FieldProblem::field).containsExactly("minTransfer", "minimumTransfer");
        }
    }

    @Nested
    class Round_trip {

        @Test
        void an_item_made_from_a_config_validates_back_to_that_config() {
            AccountConfig config = valid(validItem()).config();

            assertThat(VALIDATOR.validate(AccountValidator.toItem(config)))
                    .isEqualTo(new Validation.Valid(config, List.of()));
        }

        @Test
        void an_isolated_dry_run_config_with_an_endpoint_round_trips() {
            AccountConfig config = new AccountConfig("paper.iso_1", "paper", MarginMode.ISOLATED, "ETH-USDT-SWAP",
                    "USDC", "SPOT", new BigDecimal("0.75"), new BigDecimal("0.5"), new BigDecimal("250.5"),
                    new BigDecimal("100"), BigDecimal.ZERO, Duration.ZERO, 1440, "margin-topup/read/paper-key",
                    "margin-topup/read/paper-key", false, true, "https://paper.example.com:8443/api");

            Validation.Valid valid = valid(AccountValidator.toItem(config));

            assertThat(valid.config()).isEqualTo(config);
            assertThat(valid.warnings()).hasSize(2);
        }

        @Test
        void the_item_holds_only_plain_attribute_values_and_leaves_out_absent_optionals() {
            Map<String, Object> item = AccountValidator.toItem(valid(validItem()).config());

            assertThat(item).doesNotContainKeys("symbol", "venueEndpoint");
            assertThat(item).containsEntry("marginMode", "cross")
                    .containsEntry("cooldownSeconds", new BigDecimal("300"))
                    .containsEntry("checkRateMinutes", new BigDecimal("2"))
                    .containsEntry("dryRun", false);
            assertThat(item.values()).allSatisfy(
                    value -> assertThat(value).isInstanceOfAny(String.class, BigDecimal.class, Boolean.class));
        }
    }

    @Test
    void a_blank_secret_prefix_is_refused() {
        assertThatThrownBy(() -> new AccountValidator("/", Set.of("binance")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
