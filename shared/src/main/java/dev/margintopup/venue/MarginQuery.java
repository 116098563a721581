package dev.margintopup.venue;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;

/**
 * Which margin to read: the cross account, or one isolated position ({@code symbol}), in the
 * collateral {@code asset}, plus the free balance of the {@code sourceWallet} that tops it up.
 */
public record MarginQuery(MarginMode mode, String symbol, String asset, String sourceWallet) {

    /** What a venue adapter needs to read this account's margin. */
    public static MarginQuery of(AccountConfig account) {
        return new MarginQuery(account.marginMode(), account.symbol(), account.asset(), account.sourceWallet());
    }
}
