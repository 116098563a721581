package dev.margintopup.testing;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Account items for tests, made valid by the real validator: a cross-margin USDT account on the
 * paper venue, trigger 0.5, target 0.3, per-transfer cap 1,000, daily cap 2,000, minimum 10,
 * cooldown 5 minutes. Tests change the fields they are about.
 */
public final class Accounts {

    public static final String SECRET_PREFIX = "margin-topup";
    public static final AccountValidator VALIDATOR = new AccountValidator(SECRET_PREFIX, Set.of("paper"));

    private Accounts() {}

    public static Map<String, Object> item(String accountId) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("accountId", accountId);
        item.put("venue", "paper");
        item.put("venueEndpoint", "http://127.0.0.1:1");
        item.put("marginMode", "cross");
        item.put("asset", "USDT");
        item.put("sourceWallet", "FUNDING");
        item.put("triggerRatio", new BigDecimal("0.5"));
        item.put("targetRatio", new BigDecimal("0.3"));
        item.put("maxTransfer", new BigDecimal("1000"));
        item.put("dailyCap", new BigDecimal("2000"));
        item.put("minTransfer", new BigDecimal("10"));
        item.put("cooldownSeconds", new BigDecimal("300"));
        item.put("readSecretId", SECRET_PREFIX + "/read/" + accountId);
        item.put("transferSecretId", SECRET_PREFIX + "/transfer/" + accountId);
        item.put("enabled", Boolean.TRUE);
        return item;
    }

    /** The item with some fields replaced (a {@code null} value removes the field). */
    public static Map<String, Object> item(String accountId, Object... nameValues) {
        Map<String, Object> item = item(accountId);
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (nameValues[i + 1] == null) {
                item.remove((String) nameValues[i]);
            } else {
                item.put((String) nameValues[i], nameValues[i + 1]);
            }
        }
        return item;
    }

    public static AccountConfig config(Map<String, Object> item) {
        return switch (VALIDATOR.validate(item)) {
            case Validation.Valid valid -> valid.config();
            case Validation.Invalid invalid -> throw new IllegalArgumentException("test item is invalid: "
                    + invalid.problems());
        };
    }

    public static AccountConfig config(String accountId, Object... nameValues) {
        return config(item(accountId, nameValues));
    }
}
