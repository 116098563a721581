package dev.margintopup.dialect.binance;

/** The wallets of one Binance account that the dialect models: spot, funding and the USDⓈ-M futures wallet. */
public enum Wallet {
    SPOT,
    FUNDING,
    UMFUTURE
}
