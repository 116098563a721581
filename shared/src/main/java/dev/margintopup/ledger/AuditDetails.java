package dev.margintopup.ledger;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.Decision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each ledger move writes to the audit trail, in one place so that every {@link Ledger}
 * implementation keeps the same history. Only ids, amounts, ratios and reasons: never a key.
 */
public final class AuditDetails {

    public static final String TOP_UP_DECIDED = "TOP_UP_DECIDED";
    public static final String INTENT_CLAIMED = "INTENT_CLAIMED";
    public static final String INTENT_CONFIRMED = "INTENT_CONFIRMED";
    public static final String INTENT_FAILED = "INTENT_FAILED";
    public static final String INTENT_UNKNOWN = "INTENT_UNKNOWN";

    private AuditDetails() {}

    public static Map<String, String> decided(CheckId check, AccountConfig account, Decision.TopUp decision) {
        return Ledger.details(
                "checkId", check.value(),
                "marginRatio", decision.marginRatio().toPlainString(),
                "amount", decision.amount().toPlainString(),
                "asset", account.asset(),
                "expectedRatio", decision.expectedRatio().toPlainString(),
                "limitedBy", decision.limitedBy() == null ? "" : decision.limitedBy().name());
    }

    public static Map<String, String> claimed(Intent seen, Intent claimed) {
        return Ledger.details("from", seen.state().name(), "attempt", Integer.toString(claimed.attempt()));
    }

    public static Map<String, String> confirmed(Intent held, String venueTransferId, boolean reconciled) {
        return Ledger.details(
                "amount", held.amount().toPlainString(),
                "asset", held.asset(),
                "venueTransferId", venueTransferId == null ? "" : venueTransferId,
                "reconciled", Boolean.toString(reconciled));
    }

    public static Map<String, String> failed(Intent held, String reason) {
        return Ledger.details("amount", held.amount().toPlainString(), "reason", reason);
    }

    public static Map<String, String> unknown(String reason) {
        return Ledger.details("reason", reason);
    }

    /** A decision's details with the check that made it. */
    public static Map<String, String> withCheck(CheckId check, Map<String, String> details) {
        Map<String, String> all = new LinkedHashMap<>(details);
        all.put("checkId", check.value());
        return all;
    }
}
