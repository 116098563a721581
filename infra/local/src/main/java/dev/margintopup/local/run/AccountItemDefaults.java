package dev.margintopup.local.run;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountItems;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.margintopup.venue.connect.VenueFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a scenario account into the Accounts-table item a user would write. Scenario files
 * only state what differs from the defaults of {@code TopUpSettings}. A control account ({@code managed: false}) is
 * the same account in dry run: checked and recorded, never topped up.
 */
public final class AccountItemDefaults {

    private AccountItemDefaults() {}

    static Map<String, AttributeValue> item(Scenario scenario, ScenarioAccount account, String venueEndpoint,
            String readSecretId, String transferSecretId) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        account.item(scenario.symbol(), asset(scenario), venueEndpoint, readSecretId, transferSecretId)
                .forEach((name, value) -> item.put(name, attribute(value)));
        return item;
    }

    /**
     * The account's config as the checker validates it from the item; what a run without the
     * pipeline decides with.
     *
     * @throws IllegalArgumentException when the account makes an invalid item
     */
    public static AccountConfig config(Scenario scenario, ScenarioAccount account, String venueEndpoint) {
        return validated(scenario, account, item(scenario, account, venueEndpoint, "margin-topup/read/" + account.id(),
                "margin-topup/transfer/" + account.id()));
    }

    /** The config the checker reads from {@code item}, the account's item. */
    static AccountConfig validated(Scenario scenario, ScenarioAccount account, Map<String, AttributeValue> item) {
        Validation validation = new AccountValidator("margin-topup", VenueFactory.supportedVenues())
                .validate(AccountItems.from(item).attributes());
        if (validation instanceof Validation.Invalid invalid) {
            throw new IllegalArgumentException("scenario " + scenario.name() + ": account " + account.id()
                    + " makes an invalid account item: " + invalid.problems());
        }
        return ((Validation.Valid) validation).config();
    }

    /** The collateral asset: what the symbol is quoted in (BTCUSDT → USDT). */
    static String asset(Scenario scenario) {
        String asset = ScenarioAccount.assetOf(scenario.symbol());
        if (asset == null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + ": cannot tell the collateral asset of "
                    + scenario.symbol() + "; use a symbol quoted in USDT, USDC, FDUSD, BUSD or USD");
        }
        return asset;
    }

    private static AttributeValue attribute(Object value) {
        return switch (value) {
            case BigDecimal n -> AttributeValue.fromN(n.toPlainString());
            case Number n -> AttributeValue.fromN(n.toString());
            case Boolean b -> AttributeValue.fromBool(b);
            case List<?> list -> AttributeValue.fromL(list.stream().map(AccountItemDefaults::attribute).toList());
            case Map<?, ?> map -> {
                Map<String, AttributeValue> fields = new LinkedHashMap<>();
                map.forEach((name, field) -> fields.put(String.valueOf(name), attribute(field)));
                yield AttributeValue.fromM(fields);
            }
            default -> AttributeValue.fromS(String.valueOf(value));
        };
    }
}
