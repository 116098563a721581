package dev.margintopup.venue;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;

/**
 * Which margin to read: the cross account, or one isolated position ({@code symbol}), in the
 * collateral {@code asset}, plus the free balance of the {@code sourceWallet} that tops it up.
 *
 * @param withPositions whether the snapshot must list the positions behind the margin. Only
 *     move-based protection needs them; where a venue's cross balance answer does not carry them
 *     (Bybit, OKX), listing them costs a second request on every check, so a ratio-only account
 *     goes without.
 */
public record MarginQuery(MarginMode mode, String symbol, String asset, String sourceWallet, boolean withPositions) {

    /** A query that lists the positions. */
    public MarginQuery(MarginMode mode, String symbol, String asset, String sourceWallet) {
        this(mode, symbol, asset, sourceWallet, true);
    }

    /** What a venue adapter needs to read this account's margin. */
    public static MarginQuery of(AccountConfig account) {
        return new MarginQuery(account.marginMode(), account.symbol(), account.asset(), account.sourceWallet(),
                account.moves() != null);
    }
}
