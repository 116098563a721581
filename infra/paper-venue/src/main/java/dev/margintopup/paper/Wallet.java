package dev.margintopup.paper;

/** The wallets every paper account holds. Money only ever moves between one key's own wallets. */
public enum Wallet {
    FUNDING,
    SPOT,
    /** Collateral of the cross margin account. */
    FUTURES
}
