package dev.margintopup.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.json.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ordered sources: each wallet once, never the margin wallet, floors never negative, named by place. */
class AccountValidatorSourcesTest {

    private static final AccountValidator VALIDATOR =
            new AccountValidator("margin-topup", Set.of("binance", "binance-usdm", "bybit-v5", "okx-v5", "paper"));

    private static Map<String, Object> source(Object... nameValues) {
        Map<String, Object> source = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            source.put((String) nameValues[i], nameValues[i + 1]);
        }
        return source;
    }

    private static Map<String, Object> withSources(Object sources) {
        Map<String, Object> item = AccountValidatorTest.validItem();
        item.remove("sourceWallet");
        item.put("sources", sources);
        return item;
    }

    static List<FieldProblem> problems(Map<String, Object> item) {
        return switch (VALIDATOR.validate(item)) {
            case Validation.Invalid invalid -> invalid.problems();
            case Validation.Valid valid -> throw new AssertionError("expected invalid, got " + valid.config());
        };
    }

    static AccountConfig config(Map<String, Object> item) {
        return switch (VALIDATOR.validate(item)) {
            case Validation.Valid valid -> valid.config();
            case Validation.Invalid invalid -> throw new AssertionError("expected valid: " + invalid.problems());
        };
    }

    @Test
    void sources_are_read_in_order_with_their_floors_and_caps_and_round_trip_through_the_item() {
        AccountConfig config = config(withSources(List.of(
                source("wallet", "FUNDING", "floor", new BigDecimal("500"), "cap", new BigDecimal("2000")),
                source("wallet", "SPOT"))));

        assertThat(config.sources()).containsExactly(
                new Source("FUNDING", null, new BigDecimal("500"), new BigDecimal("2000")),
                new Source("SPOT", null, BigDecimal.ZERO, null));
        assertThat(config.sourceWallet()).isEqualTo("FUNDING");
        assertThat(config(AccountValidator.toItem(config))).isEqualTo(config);
    }

    @Test
    void a_source_wallet_alone_is_one_source_without_floor_or_cap_and_stays_written_as_before() {
        AccountConfig config = config(AccountValidatorTest.validItem());

        assertThat(config.sources()).containsExactly(Source.only(config.sourceWallet()));
        assertThat(AccountValidator.toItem(config)).containsKey("sourceWallet").doesNotContainKey("sources");
    }

    @Test
    void the_sources_survive_the_schedule_input_as_plain_json() {
        AccountConfig config = config(withSources(List.of(
                source("wallet", "SPOT", "floor", new BigDecimal("100.5")),
                source("wallet", "FUNDING", "cap", new BigDecimal("750")))));

        AccountItem carried = AccountItem.fromJson(Json.read(Json.write(AccountItem.of(config))));

        assertThat(config(carried.attributes())).isEqualTo(config);
    }

    @Test
    void a_source_equal_to_the_margin_wallet_is_refused_by_its_place() {
        assertThat(problems(withSources(List.of(source("wallet", "FUNDING"), source("wallet", "FUTURES")))))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("sources[1].wallet");
                    assertThat(p.reason()).contains("margin wallet itself");
                });
    }

    @Test
    void a_duplicate_source_is_refused_naming_the_first() {
        assertThat(problems(withSources(List.of(source("wallet", "SPOT"), source("wallet", "FUNDING"),
                source("wallet", "SPOT", "floor", new BigDecimal("10"))))))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("sources[2].wallet");
                    assertThat(p.reason()).contains("duplicates sources[0]");
                });
    }

    @Test
    void a_negative_floor_and_a_cap_that_is_not_positive_are_refused_by_their_places() {
        assertThat(problems(withSources(List.of(source("wallet", "FUNDING", "floor", new BigDecimal("-1")),
                source("wallet", "SPOT", "cap", BigDecimal.ZERO)))))
                .extracting(FieldProblem::field).containsExactly("sources[0].floor", "sources[1].cap");
    }

    @Test
    void a_sub_account_source_is_refused_on_a_venue_whose_adapter_cannot_move_between_sub_accounts() {
        for (String venue : List.of("binance-usdm", "paper")) {
            Map<String, Object> item = withSources(List.of(source("wallet", "FUNDING"),
                    source("wallet", "SUBACCOUNT", "subAccount", "desk-2")));
            item.put("venue", venue);

            assertThat(problems(item)).as(venue).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("sources[1].wallet");
                assertThat(p.reason()).contains(venue, "cannot move money between sub-accounts");
            });
        }
    }

    @Test
    void a_sub_account_source_is_read_on_bybit_by_its_uid_and_on_okx_by_its_name_and_round_trips() {
        Map<String, Object> bybit = withSources(List.of(source("wallet", "FUNDING", "floor", new BigDecimal("100")),
                source("wallet", "SUBACCOUNT", "subAccount", "592334", "floor", new BigDecimal("1000"))));
        bybit.put("venue", "bybit-v5");
        Map<String, Object> okx = withSources(List.of(source("wallet", "SUBACCOUNT", "subAccount", "desk-2")));
        okx.put("venue", "okx-v5");

        AccountConfig onBybit = config(bybit);
        AccountConfig onOkx = config(okx);

        assertThat(onBybit.sources()).containsExactly(new Source("FUNDING", null, new BigDecimal("100"), null),
                new Source("SUBACCOUNT", "592334", new BigDecimal("1000"), null));
        assertThat(onOkx.sources()).containsExactly(new Source("SUBACCOUNT", "desk-2", BigDecimal.ZERO, null));
        assertThat(config(AccountValidator.toItem(onBybit))).isEqualTo(onBybit);
        assertThat(config(AccountValidator.toItem(onOkx))).isEqualTo(onOkx);
    }

    @Test
    void a_bybit_sub_account_named_otherwise_than_by_its_uid_is_refused_by_its_place() {
        Map<String, Object> item = withSources(List.of(source("wallet", "SUBACCOUNT", "subAccount", "desk-2")));
        item.put("venue", "bybit-v5");

        assertThat(problems(item)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("sources[0].subAccount");
            assertThat(p.reason()).contains("UID");
        });
    }

    @Test
    void a_sub_account_source_is_refused_for_an_isolated_position() {
        Map<String, Object> item = withSources(List.of(source("wallet", "FUNDING"),
                source("wallet", "SUBACCOUNT", "subAccount", "desk-2")));
        item.put("venue", "okx-v5");
        item.put("marginMode", "isolated");
        item.put("symbol", "ETH-USDT-SWAP");

        assertThat(problems(item)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("sources[1].wallet");
            assertThat(p.reason()).contains("cross account only");
        });
    }

    @Test
    void a_sweep_is_refused_when_its_one_source_is_a_sub_account() {
        Map<String, Object> item = withSources(List.of(source("wallet", "SUBACCOUNT", "subAccount", "592334")));
        item.put("venue", "bybit-v5");
        item.put("sweep", Map.of("afterMinutes", new BigDecimal("30"), "lookbackDays", new BigDecimal("1"),
                "dailyCap", new BigDecimal("1000")));

        assertThat(problems(item)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("sweep");
            assertThat(p.reason()).contains("never to a sub-account");
        });
    }

    @Test
    void a_wallet_the_venues_adapter_cannot_draw_from_in_this_mode_is_refused_by_its_place() {
        Map<String, Object> bybit = withSources(List.of(source("wallet", "FUNDING"), source("wallet", "SPOT")));
        bybit.put("venue", "bybit-v5");
        Map<String, Object> okxCross = withSources(List.of(source("wallet", "SPOT")));
        okxCross.put("venue", "okx-v5");
        Map<String, Object> okxIsolated = withSources(List.of(source("wallet", "SPOT"), source("wallet", "FUNDING")));
        okxIsolated.put("venue", "okx-v5");
        okxIsolated.put("marginMode", "isolated");
        okxIsolated.put("symbol", "ETH-USDT-SWAP");

        assertThat(problems(bybit)).extracting(FieldProblem::field).containsExactly("sources[1].wallet");
        assertThat(problems(okxCross)).extracting(FieldProblem::field).containsExactly("sources[0].wallet");
        assertThat(config(okxIsolated).sources()).extracting(Source::wallet).containsExactly("SPOT", "FUNDING");
    }

    @Test
    void both_a_source_wallet_and_sources_is_refused() {
        Map<String, Object> item = withSources(List.of(source("wallet", "SPOT")));
        item.put("sourceWallet", "FUNDING");

        assertThat(problems(item)).extracting(FieldProblem::field).containsExactly("sourceWallet");
    }

    @Test
    void an_empty_list_a_non_map_and_an_unknown_source_field_are_refused_by_their_places() {
        assertThat(problems(withSources(List.of()))).extracting(FieldProblem::field).containsExactly("sources");
        assertThat(problems(withSources("FUNDING"))).extracting(FieldProblem::field).containsExactly("sources");
        assertThat(problems(withSources(List.of(source("wallet", "FUNDING"), "SPOT"))))
                .extracting(FieldProblem::field).containsExactly("sources[1]");
        assertThat(problems(withSources(List.of(source("wallet", "FUNDING", "flor", BigDecimal.ONE)))))
                .extracting(FieldProblem::field).containsExactly("sources[0].flor");
    }

    @Test
    void what_a_source_may_give_is_its_free_balance_above_the_floor_within_its_cap_in_whole_steps() {
        Source source = new Source("FUNDING", null, new BigDecimal("500"), new BigDecimal("2000"));
        BigDecimal step = new BigDecimal("0.01");

        assertThat(source.mayGive(new BigDecimal("400"), step)).isEqualByComparingTo("0");
        assertThat(source.mayGive(new BigDecimal("1234.567"), step)).isEqualByComparingTo("734.56");
        assertThat(source.mayGive(new BigDecimal("9000"), step)).isEqualByComparingTo("2000");
    }
}
