package dev.margintopup.ledger;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One source's part of a top-up: the wallet it is drawn from and how much. {@code fromWallet} is the
 * source's label: {@code FUNDING}, or {@code SUBACCOUNT:desk-2} for a sub-account of the owner. A top-up drawn from
 * several sources is one intent per leg, each with its own client id, carried out in order.
 */
public record Leg(String fromWallet, BigDecimal amount) {

    public Leg {
        Objects.requireNonNull(fromWallet, "fromWallet");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a leg moves a positive amount, was " + amount);
        }
    }
}
