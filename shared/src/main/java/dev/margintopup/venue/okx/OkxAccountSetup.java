package dev.margintopup.venue.okx;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code GET /api/v5/account/config} says about the account and the key: read once per
 * adapter, checked before anything moves.
 *
 * @param acctLv 1 Spot, 2 Futures (single-currency margin), 3 Multi-currency margin, 4 Portfolio margin
 * @param posMode {@code net_mode} or {@code long_short_mode}
 * @param perm the key's permissions, e.g. {@code read_only}, {@code trade}, {@code withdraw}
 */
record OkxAccountSetup(String acctLv, String posMode, Set<String> perm) {

    static OkxAccountSetup of(String acctLv, String posMode, String perm) {
        Set<String> perms = Arrays.stream(perm.split(","))
                .map(p -> p.strip().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new OkxAccountSetup(acctLv, posMode, perms);
    }

    boolean futuresMode() {
        return "2".equals(acctLv);
    }

    boolean hedgeMode() {
        return "long_short_mode".equals(posMode);
    }

    /** Checks that apply to every key: this product never holds a key that can withdraw. */
    void requireUsable(MarginMode mode) {
        if (perm.contains("withdraw")) {
            throw config("the API key has the Withdraw permission; create a key without it"
                    + " (Read for the checker, Read + Trade for the transfer function) and store that one");
        }
        switch (acctLv) {
            case "1" -> throw config("the account is in Spot mode (acctLv 1), which has no derivatives margin;"
                    + " switch it to Futures mode (single-currency margin) in the OKX account settings");
            case "2" -> { }
            case "3", "4" -> {
                if (mode == MarginMode.ISOLATED) {
                    throw config("the account is in " + ("3".equals(acctLv) ? "Multi-currency" : "Portfolio")
                            + " margin mode (acctLv " + acctLv + "), where isolated margin does not exist;"
                            + " switch it to Futures mode (acctLv 2) or change the account item to marginMode cross");
                }
            }
            default -> throw config("not supported yet: account level acctLv " + acctLv);
        }
    }

    /** The transfer function's key must be able to trade: OKX's funds transfer needs the Trade permission. */
    void requireTransferKey() {
        if (!perm.contains("trade")) {
            throw config("the transfer key has permissions " + perm + " but funds transfer and margin adds need"
                    + " Trade; give the transfer key Read + Trade (never Withdraw)");
        }
    }

    private static VenueException config(String message) {
        return new VenueException(Kind.CONFIG, OkxV5Venue.NAME, OkxV5Venue.CONFIG_PATH, null, message);
    }
}
