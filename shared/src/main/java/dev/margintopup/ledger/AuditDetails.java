package dev.margintopup.ledger;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each ledger move writes to the audit trail, in one place so that every {@link Ledger}
 * implementation keeps the same history. Only ids, amounts, ratios and reasons: never a key.
 */
public final class AuditDetails {

    public static final String TOP_UP_DECIDED = "TOP_UP_DECIDED";
    /** A calm account's excess margin is to go back to its source (decision 0027). */
    public static final String SWEEP_DECIDED = "SWEEP_DECIDED";
    public static final String INTENT_CLAIMED = "INTENT_CLAIMED";
    public static final String INTENT_CONFIRMED = "INTENT_CONFIRMED";
    public static final String INTENT_FAILED = "INTENT_FAILED";
    public static final String INTENT_UNKNOWN = "INTENT_UNKNOWN";
    /** A top-up's next leg opened as its previous leg was confirmed. */
    public static final String LEG_OPENED = "LEG_OPENED";

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

    /** The decision's details and, for a top-up drawn from several sources, its legs in order. */
    public static Map<String, String> decided(CheckId check, AccountConfig account, Decision.TopUp decision,
            List<Leg> legs) {
        Map<String, String> details = decided(check, account, decision);
        if (legs.size() > 1) {
            details.put("legs", legs(legs));
        }
        return details;
    }

    /** The sweep's details and, for a sweep returned to several sources, its legs in order (decision 0030). */
    public static Map<String, String> sweepDecided(CheckId check, AccountConfig account,
            dev.margintopup.policy.SweepDecision decision, List<Leg> legs, java.time.Instant calmSince) {
        Map<String, String> details = sweepDecided(check, account, decision, calmSince);
        if (legs.size() > 1) {
            details.put("legs", legs(legs));
        }
        return details;
    }

    /** The legs in order, {@code SPOT 300, FUNDING 150}. */
    public static String legs(List<Leg> legs) {
        return legs.stream().map(l -> l.fromWallet() + " " + l.amount().toPlainString())
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    public static Map<String, String> sweepDecided(CheckId check, AccountConfig account,
            dev.margintopup.policy.SweepDecision decision, java.time.Instant calmSince) {
        return Ledger.details(
                "checkId", check.value(),
                "marginRatio", decision.marginRatio().toPlainString(),
                "amount", decision.amount().toPlainString(),
                "asset", account.asset(),
                "toWallet", decision.toWallet(),
                "expectedRatio", decision.expectedRatio().toPlainString(),
                "calmSince", calmSince.toString(),
                "reason", decision.reason());
    }

    public static Map<String, String> legOpened(Intent confirmed, Intent next) {
        return Ledger.details("afterIntentId", confirmed.intentId(), "fromWallet", next.fromWallet(),
                "amount", next.amount().toPlainString(), "legsAfter", Integer.toString(next.nextLegs().size()));
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
