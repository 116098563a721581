package dev.margintopup.venue.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which chain an endpoint signs for: the venue's testnet says so in its host name. */
class HyperliquidHttpTest {

    @Test
    void theTestnetHostSignsForTestnetAndEveryOtherForMainnet() {
        assertThat(HyperliquidHttp.isTestnet(HyperliquidVenue.TESTNET_URL)).isTrue();
        assertThat(HyperliquidHttp.isTestnet("https://API.Hyperliquid-Testnet.xyz/")).isTrue();
        assertThat(HyperliquidHttp.isTestnet(HyperliquidVenue.PRODUCTION_URL)).isFalse();
        assertThat(HyperliquidHttp.isTestnet("http://127.0.0.1:8080")).isFalse();
        // Only the host counts: a path cannot switch the chain a key signs for.
        assertThat(HyperliquidHttp.isTestnet("https://api.hyperliquid.xyz/testnet")).isFalse();
    }
}
