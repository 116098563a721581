package dev.margintopup.ledger;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One source's part of a top-up: the wallet it is drawn from and how much. {@code fromWallet} is the
 * source's label: {@code FUNDING}, or {@code SUBACCOUNT:desk-2} for a sub-account of the owner. A top-up drawn from
 * several sources is one intent per leg, each with its own client id, carried out in order. A sweep's leg names
 * the wallet its part goes back to (decision 0030).
 */
public record Leg(String fromWallet, BigDecimal amount) {

    public Leg {
        Objects.requireNonNull(fromWallet, "fromWallet");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a leg moves a positive amount, was " + amount);
        }
    }

    /** The legs' amounts per wallet, in the order the wallets first appear: what each source's counter takes. */
    public static Map<String, BigDecimal> bySource(List<Leg> legs) {
        Map<String, BigDecimal> bySource = new LinkedHashMap<>();
        legs.forEach(leg -> bySource.merge(leg.fromWallet(), leg.amount(), BigDecimal::add));
        return bySource;
    }
}
