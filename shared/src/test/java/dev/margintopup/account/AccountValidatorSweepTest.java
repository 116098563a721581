package dev.margintopup.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sweep-back settings: off unless given, named by place, never able to leave the account at or past its trigger. */
class AccountValidatorSweepTest {

    private static Map<String, Object> sweep(Object... nameValues) {
        Map<String, Object> sweep = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            sweep.put((String) nameValues[i], nameValues[i + 1]);
        }
        return sweep;
    }

    private static Map<String, Object> paperItemWith(Object sweep) {
        Map<String, Object> item = AccountValidatorTest.validItem();
        item.put("venue", "paper");
        item.put("sweep", sweep);
        return item;
    }

    private static Map<String, Object> settings() {
        return sweep("afterMinutes", new BigDecimal("30"), "lookbackDays", new BigDecimal("3"),
                "dailyCap", new BigDecimal("2000"));
    }

    private static List<FieldProblem> problems(Map<String, Object> item) {
        return AccountValidatorSourcesTest.problems(item);
    }

    private static AccountConfig config(Map<String, Object> item) {
        return AccountValidatorSourcesTest.config(item);
    }

    @Test
    void an_account_without_sweep_never_sweeps() {
        Map<String, Object> item = AccountValidatorTest.validItem();
        item.put("venue", "paper");
        assertThat(config(item).sweep()).isNull();
    }

    @Test
    void sweep_settings_are_read_with_the_target_as_their_ratio_and_round_trip_through_the_item() {
        AccountConfig config = config(paperItemWith(settings()));

        assertThat(config.sweep()).isEqualTo(new SweepSettings(Duration.ofMinutes(30), 3, new BigDecimal("2000"),
                new BigDecimal("0.6")));
        assertThat(config(AccountValidator.toItem(config))).isEqualTo(config);
    }

    @Test
    void a_sweep_ratio_at_or_past_the_trigger_is_refused_by_its_field_name_as_crossing_the_trigger() {
        for (String ratio : List.of("0.8", "0.9")) {
            Map<String, Object> settings = settings();
            settings.put("toRatio", new BigDecimal(ratio));

            assertThat(problems(paperItemWith(settings))).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("sweep.toRatio");
                assertThat(p.reason()).contains("would cross the trigger");
            });
        }
    }

    @Test
    void a_sweep_ratio_between_target_and_trigger_is_refused_and_one_below_the_target_is_kept() {
        Map<String, Object> between = settings();
        between.put("toRatio", new BigDecimal("0.7"));
        assertThat(problems(paperItemWith(between))).extracting(FieldProblem::field).containsExactly("sweep.toRatio");

        Map<String, Object> below = settings();
        below.put("toRatio", new BigDecimal("0.5"));
        assertThat(config(paperItemWith(below)).sweep().toRatio()).isEqualByComparingTo("0.5");
    }

    @Test
    void caps_look_backs_and_waits_out_of_range_are_each_named_by_place() {
        Map<String, Object> bad = sweep("afterMinutes", new BigDecimal("0"), "lookbackDays", new BigDecimal("8"),
                "dailyCap", new BigDecimal("-1"), "every", "hour");

        assertThat(problems(paperItemWith(bad))).extracting(FieldProblem::field).containsExactlyInAnyOrder(
                "sweep.every", "sweep.afterMinutes", "sweep.lookbackDays", "sweep.dailyCap");
        assertThat(problems(paperItemWith(sweep("afterMinutes", new BigDecimal("5")))))
                .extracting(FieldProblem::field).containsExactlyInAnyOrder("sweep.lookbackDays", "sweep.dailyCap");
        assertThat(problems(paperItemWith("yes"))).extracting(FieldProblem::field).containsExactly("sweep");
    }

    @Test
    void binance_bybit_and_okx_cross_accounts_may_sweep() {
        for (String venue : List.of("binance-usdm", "bybit-v5", "okx-v5")) {
            Map<String, Object> item = paperItemWith(settings());
            item.put("venue", venue);
            assertThat(config(item).sweep()).as(venue).isNotNull();
        }
    }

    @Test
    void a_venue_whose_adapter_cannot_move_margin_back_refuses_sweep_by_name() {
        for (String venue : List.of("binance")) {
            Map<String, Object> item = paperItemWith(settings());
            item.put("venue", venue);

            assertThat(problems(item)).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("sweep");
                assertThat(p.reason()).contains("sweep is not available on venue " + venue + " yet");
            });
        }
    }

    private static Map<String, Object> isolatedItemOn(String venue) {
        Map<String, Object> item = paperItemWith(settings());
        item.put("venue", venue);
        item.put("marginMode", "isolated");
        item.put("symbol", "BTCUSDT");
        return item;
    }

    @Test
    void isolated_positions_may_sweep_on_the_venues_whose_adapter_reduces_a_positions_margin() {
        // Hyperliquid's isolated items (USDC from SPOT, a coin's name) are AccountValidatorHyperliquidTest's.
        for (String venue : AccountValidator.ISOLATED_SWEEP_VENUES.stream().filter(v -> !v.equals("hyperliquid"))
                .toList()) {
            AccountConfig config = config(isolatedItemOn(venue));

            assertThat(config.sweep()).as(venue).isNotNull();
            assertThat(config(AccountValidator.toItem(config))).as(venue).isEqualTo(config);
        }
        assertThat(AccountValidator.ISOLATED_SWEEP_VENUES).containsExactlyInAnyOrder("paper", "binance-usdm",
                "bybit-v5", "okx-v5", "hyperliquid");
    }

    @Test
    void an_isolated_sweep_on_a_venue_that_cannot_reduce_a_positions_margin_is_refused_by_name() {
        assertThat(problems(isolatedItemOn("binance"))).filteredOn(p -> p.reason().contains("isolated"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("sweep");
                    assertThat(p.reason()).contains("sweep of an isolated position is not available on venue binance");
                });
    }

    @Test
    void an_account_with_several_sources_may_sweep_and_keeps_them_in_order() {
        Map<String, Object> twoSources = paperItemWith(settings());
        twoSources.remove("sourceWallet");
        twoSources.put("sources", List.of(Map.of("wallet", "FUNDING"), Map.of("wallet", "SPOT")));

        AccountConfig config = config(twoSources);
        assertThat(config.sweep()).isNotNull();
        assertThat(config.sources()).extracting(Source::wallet).containsExactly("FUNDING", "SPOT");
        assertThat(config(AccountValidator.toItem(config))).isEqualTo(config);
    }

    private static Map<String, Object> movesAlone(Map<String, Object> sweep) {
        Map<String, Object> item = AccountValidatorMovesTest.movesItem();
        item.put("venue", "paper");
        item.put("sweep", sweep);
        return item;
    }

    @Test
    void an_account_protected_by_moves_alone_may_sweep_without_a_ratio_and_round_trips_through_the_item() {
        AccountConfig config = config(movesAlone(settings()));

        assertThat(config.sweep().toRatio()).as("no ratio: it keeps what survives its target move").isNull();
        assertThat(config.sweep().after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config(AccountValidator.toItem(config))).isEqualTo(config);
    }

    @Test
    void a_sweep_ratio_on_an_account_protected_by_moves_alone_is_refused_by_its_field_name_as_a_contradiction() {
        Map<String, Object> settings = settings();
        settings.put("toRatio", new BigDecimal("0.5"));

        assertThat(problems(movesAlone(settings))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("sweep.toRatio");
            assertThat(p.reason()).contains("contradicts an account protected by moves alone");
        });
    }
}
