package dev.margintopup.account;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One wallet of the account's owner that top-ups draw from, in the order the account lists them.
 *
 * @param wallet {@code FUNDING}, {@code SPOT} or {@code SUBACCOUNT}, as written in the account item
 * @param subAccount the sub-account a {@code SUBACCOUNT} source names; {@code null} otherwise
 * @param floor what always stays in the wallet: a top-up never takes it below this
 * @param cap the most one top-up draws from this wallet; {@code null} for no cap of its own
 */
public record Source(String wallet, String subAccount, BigDecimal floor, BigDecimal cap) {

    public static final String SUB_ACCOUNT = "SUBACCOUNT";

    public Source {
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(floor, "floor");
        if (floor.signum() < 0) {
            throw new IllegalArgumentException("floor must not be negative, was " + floor);
        }
        if (cap != null && cap.signum() <= 0) {
            throw new IllegalArgumentException("cap must be positive, was " + cap);
        }
    }

    /** The one source of an account that names just its {@code sourceWallet}: no floor, no cap of its own. */
    public static Source only(String wallet) {
        return new Source(wallet, null, BigDecimal.ZERO, null);
    }

    /** What one top-up may draw from this wallet now: its free balance above the floor, within the cap, in whole steps. */
    public BigDecimal mayGive(BigDecimal free, BigDecimal step) {
        BigDecimal above = free.subtract(floor).max(BigDecimal.ZERO);
        BigDecimal capped = cap == null ? above : above.min(cap);
        return capped.divide(step, 0, RoundingMode.DOWN).multiply(step);
    }

    /** How the source is named in logs and audit entries: {@code FUNDING}, or {@code SUBACCOUNT:desk-2}. */
    public String label() {
        return subAccount == null ? wallet : wallet + ":" + subAccount;
    }

    /** The wallet a {@link #label()} names: {@code SUBACCOUNT} for {@code SUBACCOUNT:desk-2}. */
    public static String walletOf(String label) {
        int colon = label.indexOf(':');
        return colon < 0 ? label : label.substring(0, colon);
    }

    /**
     * The sub-account a {@link #label()} names, or {@code null} for one of the account's own wallets. A
     * sub-account name holds no colon (the validator allows none), so the first colon is the separator.
     */
    public static String subAccountOf(String label) {
        int colon = label.indexOf(':');
        return colon < 0 ? null : label.substring(colon + 1);
    }

    /** Whether this is the plain wallet a {@code sourceWallet} names: no floor, no cap, no sub-account. */
    public boolean isPlain() {
        return subAccount == null && floor.signum() == 0 && cap == null;
    }
}
