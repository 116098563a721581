package dev.margintopup.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.testing.Accounts;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hyperliquid's own field rules: USDC from spot, positions named by their coin. */
class AccountValidatorHyperliquidTest {

    private static final AccountValidator VALIDATOR =
            new AccountValidator(Accounts.SECRET_PREFIX, Set.of("hyperliquid", "paper"));

    private static Map<String, Object> item(Object... fields) {
        Object[] all = new Object[fields.length + 8];
        System.arraycopy(new Object[] {"venue", "hyperliquid", "asset", "USDC", "sourceWallet", "SPOT",
                "venueEndpoint", null}, 0, all, 0, 8);
        System.arraycopy(fields, 0, all, 8, fields.length);
        return Accounts.item("desk-hl", all);
    }

    @Test
    void aCrossAccountInUsdcFromSpotIsValid() {
        Validation validation = VALIDATOR.validate(item());

        assertThat(validation).isInstanceOf(Validation.Valid.class);
        AccountConfig config = ((Validation.Valid) validation).config();
        assertThat(config.venue()).isEqualTo("hyperliquid");
        assertThat(config.venueEndpoint()).isNull();
    }

    @Test
    void anIsolatedPositionIsNamedByItsCoinAsTheVenueListsIt() {
        assertThat(VALIDATOR.validate(item("marginMode", "isolated", "symbol", "ETH"))).isInstanceOf(Validation.Valid.class);
        assertThat(VALIDATOR.validate(item("marginMode", "isolated", "symbol", "kPEPE"))).isInstanceOf(Validation.Valid.class);

        assertThat(problems(item("marginMode", "isolated", "symbol", "ETH-USD")))
                .containsExactly(Map.entry("symbol", true));
        assertThat(problems(item("marginMode", "isolated", "symbol", "eth"))).containsExactly(Map.entry("symbol", true));
    }

    @Test
    void anotherAssetOrSourceWalletIsRefusedByFieldNameWithTheReason() {
        Validation validation = VALIDATOR.validate(item("asset", "USDT", "sourceWallet", "FUNDING"));

        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        assertThat(((Validation.Invalid) validation).problems()).extracting(FieldProblem::field)
                .containsExactly("asset", "sourceWallet");
        assertThat(((Validation.Invalid) validation).problems()).extracting(FieldProblem::reason)
                .anySatisfy(reason -> assertThat(reason).contains("must be USDC").contains("USDT"))
                .anySatisfy(reason -> assertThat(reason).contains("must be SPOT").contains("spot USDC"));
    }

    @Test
    void aSourcesListMayNameTheSpotWalletOnly() {
        Map<String, Object> spot = item("sourceWallet", null, "sources",
                java.util.List.of(Map.of("wallet", "SPOT", "floor", new java.math.BigDecimal("100"))));
        assertThat(VALIDATOR.validate(spot)).isInstanceOf(Validation.Valid.class);

        Validation funding = VALIDATOR.validate(item("sourceWallet", null, "sources",
                java.util.List.of(Map.of("wallet", "SPOT"), Map.of("wallet", "FUNDING"))));
        assertThat(funding).isInstanceOf(Validation.Invalid.class);
        assertThat(((Validation.Invalid) funding).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("sources[1].wallet");
            assertThat(problem.reason()).contains("list SPOT only");
        });
    }

    @Test
    void crossAndIsolatedAccountsMaySweepBackToSpot() {
        Map<String, java.math.BigDecimal> sweep = Map.of("afterMinutes", new java.math.BigDecimal("30"),
                "lookbackDays", new java.math.BigDecimal("3"), "dailyCap", new java.math.BigDecimal("2000"));
        for (Validation validation : java.util.List.of(VALIDATOR.validate(item("sweep", sweep)),
                VALIDATOR.validate(item("marginMode", "isolated", "symbol", "ETH", "sweep", sweep)))) {
            assertThat(validation).isInstanceOf(Validation.Valid.class);
            assertThat(((Validation.Valid) validation).config().sweep()).isNotNull();
        }
    }

    @Test
    void otherVenuesKeepTheirRules() {
        assertThat(VALIDATOR.validate(Accounts.item("desk-paper", "marginMode", "isolated", "symbol", "ETHUSDT")))
                .isInstanceOf(Validation.Valid.class);
        assertThat(problems(Accounts.item("desk-paper", "marginMode", "isolated", "symbol", "kPEPE")))
                .containsExactly(Map.entry("symbol", true));
    }

    private static java.util.List<Map.Entry<String, Boolean>> problems(Map<String, Object> item) {
        Validation validation = VALIDATOR.validate(item);
        assertThat(validation).isInstanceOf(Validation.Invalid.class);
        return ((Validation.Invalid) validation).problems().stream()
                .map(p -> Map.entry(p.field(), !p.reason().isBlank())).toList();
    }
}
