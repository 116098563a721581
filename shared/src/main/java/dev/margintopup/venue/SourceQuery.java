package dev.margintopup.venue;

import dev.margintopup.account.MarginMode;

/**
 * Which source wallet's free balance to read: the owner's {@code wallet} (as written in the
 * account item, e.g. {@code FUNDING}) in the collateral {@code asset}, for an account whose margin
 * is in {@code mode} (some venues keep a wallet inside the cross margin, so it can only feed
 * isolated positions).
 *
 * @param subAccount the owner's sub-account whose funding wallet a {@code SUBACCOUNT} source reads
 *     with the managed account's key; {@code null} for the managed account's own wallets
 */
public record SourceQuery(MarginMode mode, String asset, String wallet, String subAccount) {

    /** One of the managed account's own wallets. */
    public SourceQuery(MarginMode mode, String asset, String wallet) {
        this(mode, asset, wallet, null);
    }
}
