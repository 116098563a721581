package dev.margintopup.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Binance's own published vectors ("SIGNED Endpoint Examples", USDⓈ-M futures general info). */
class BinanceSignerTest {

    private static final String SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    private static final String EXAMPLE_1 =
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";

    @Test
    void signsThePublishedQueryStringExample() {
        assertThat(BinanceSigner.sign(SECRET, EXAMPLE_1))
                .isEqualTo("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    @Test
    void signsTheSameParametersSentAsABodyIdentically() {
        assertThat(BinanceSigner.sign(SECRET, BinanceSigner.totalParams("", EXAMPLE_1)))
                .isEqualTo("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    @Test
    void joinsQueryAndBodyWithoutAnAmpersand() {
        // Example 3 of the docs; its string has a stray space after "timestamp=", kept as published.
        String totalParams = BinanceSigner.totalParams(
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC",
                "quantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943");

        assertThat(totalParams).contains("timeInForce=GTCquantity=1");
        assertThat(BinanceSigner.sign(SECRET, totalParams))
                .isEqualTo("f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2");
    }

    @Test
    void signsLowercaseHex() {
        assertThat(BinanceSigner.sign(SECRET, "timestamp=1")).matches("[0-9a-f]{64}");
    }
}
