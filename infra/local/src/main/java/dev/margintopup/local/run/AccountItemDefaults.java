package dev.margintopup.local.run;

import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a scenario account into the Accounts-table item a user would write. Scenario files
 * only state what differs from the defaults of {@code TopUpSettings}. A control account ({@code managed: false}) is
 * the same account in dry run: checked and recorded, never topped up.
 */
final class AccountItemDefaults {

    private AccountItemDefaults() {}

    static Map<String, AttributeValue> item(Scenario scenario, ScenarioAccount account, String venueEndpoint,
            String readSecretId, String transferSecretId) {
        Map<String, Object> values = account.effectiveConfig();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("accountId", AttributeValue.fromS(account.id()));
        item.put("venue", AttributeValue.fromS("paper"));
        item.put("venueEndpoint", AttributeValue.fromS(venueEndpoint));
        item.put("marginMode", AttributeValue.fromS(account.marginMode()));
        if ("isolated".equals(account.marginMode())) {
            item.put("symbol", AttributeValue.fromS(scenario.symbol()));
        }
        item.put("asset", AttributeValue.fromS(asset(scenario)));
        item.put("readSecretId", AttributeValue.fromS(readSecretId));
        item.put("transferSecretId", AttributeValue.fromS(transferSecretId));
        item.put("enabled", AttributeValue.fromBool(true));
        item.put("dryRun", AttributeValue.fromBool(!account.managed()));
        values.forEach((name, value) -> item.put(name, attribute(value)));
        return item;
    }

    /** The collateral asset: what the symbol is quoted in (BTCUSDT → USDT). */
    static String asset(Scenario scenario) {
        for (String quote : List.of("FDUSD", "USDT", "USDC", "BUSD", "USD")) {
            if (scenario.symbol().endsWith(quote)) {
                return quote;
            }
        }
        throw new IllegalArgumentException("scenario " + scenario.name() + ": cannot tell the collateral asset of "
                + scenario.symbol() + "; use a symbol quoted in USDT, USDC, FDUSD, BUSD or USD");
    }

    private static AttributeValue attribute(Object value) {
        return switch (value) {
            case BigDecimal n -> AttributeValue.fromN(n.toPlainString());
            case Number n -> AttributeValue.fromN(n.toString());
            case Boolean b -> AttributeValue.fromBool(b);
            default -> AttributeValue.fromS(String.valueOf(value));
        };
    }
}
