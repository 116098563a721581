/**
 * Local HTTP servers that speak the dialect of real venues — paths, parameters, signature
 * verification, response shapes and error codes, taken from each venue's documentation — so
 * the venue adapters are tested over real HTTP without reaching the exchanges. One package per
 * venue: {@code binance}, {@code bybit}, {@code okx}.
 */
package dev.margintopup.dialect;
