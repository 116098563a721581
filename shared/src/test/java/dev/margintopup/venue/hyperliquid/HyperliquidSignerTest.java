package dev.margintopup.venue.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signatures Hyperliquid's reference SDK publishes in its tests, for its one test key: every
 * one must come out exactly, {@code r} and {@code s} in the SDK's form without leading zeros.
 */
class HyperliquidSignerTest {

    private static final HyperliquidSigner SIGNER =
            HyperliquidSigner.of("0x0123456789012345678901234567890123456789012345678901234567890123");

    private static Map<String, Object> dummy() {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "dummy");
        action.put("num", 100_000_000_000L); // float_to_int_for_hashing(1000)
        return action;
    }

    @Test
    void anL1ActionOnMainnetSignsAsPublishedWithAnRShorterThan64Digits() {
        HyperliquidSigner.Signature signature = SIGNER.signL1(dummy(), 0, true);

        assertThat(signature.rHex()).isEqualTo("0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298");
        assertThat(signature.rHex()).hasSize(2 + 63);
        assertThat(signature.sHex()).isEqualTo("0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8");
        assertThat(signature.v()).isEqualTo(27);
    }

    @Test
    void anL1ActionOnTestnetSignsAsPublished() {
        HyperliquidSigner.Signature signature = SIGNER.signL1(dummy(), 0, false);

        assertThat(signature.rHex()).isEqualTo("0x542af61ef1f429707e3c76c5293c80d01f74ef853e34b76efffcb57e574f9510");
        assertThat(signature.sHex()).isEqualTo("0x17b8b32f086e8cdede991f1e2c529f5dd5297cbe8128500e00cbaf766204a613");
        assertThat(signature.v()).isEqualTo(28);
    }

    @Test
    void aSubAccountTransferSignsAsPublished() {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "subAccountTransfer");
        action.put("subAccountUser", "0x1d9470d4b963f552e6f671a81619d395877bf409");
        action.put("isDeposit", true);
        action.put("usd", 10);

        HyperliquidSigner.Signature signature = SIGNER.signL1(action, 0, true);

        assertThat(signature.rHex()).isEqualTo("0x43592d7c6c7d816ece2e206f174be61249d651944932b13343f4d13f306ae602");
        assertThat(signature.sHex()).isEqualTo("0x71a926cb5c9a7c01c3359ec4c4c34c16ff8107d610994d4de0e6430e5cc0f4c9");
        assertThat(signature.v()).isEqualTo(28);
    }

    /** The published user-signed vector is a send to another address: signed here, never sent by the product. */
    @Test
    void aUserSignedActionSignsAsPublished() {
        HyperliquidSigner.Signature signature = SIGNER.signUserAction("HyperliquidTransaction:UsdSend", List.of(
                new Eip712.Field("hyperliquidChain", "string", "Testnet"),
                new Eip712.Field("destination", "string", "0x5e9ee1089755c3435139848e47e6635505d5a13a"),
                new Eip712.Field("amount", "string", "1"),
                new Eip712.Field("time", "uint64", 1_687_816_341_423L)), 0x66eee);

        assertThat(signature.rHex()).isEqualTo("0x637b37dd731507cdd24f46532ca8ba6eec616952c56218baeff04144e4a77073");
        assertThat(signature.sHex()).isEqualTo("0x11a6a24900e6e314136d2592e2f8d502cd89b7c15b198e1bee043c9589f9fad7");
        assertThat(signature.v()).isEqualTo(27);
    }

    @Test
    void signaturesAreDeterministicAndLowS() {
        BigInteger halfOrder = new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);
        for (long nonce = 1; nonce <= 40; nonce++) {
            HyperliquidSigner.Signature first = SIGNER.signL1(dummy(), nonce, true);
            assertThat(SIGNER.signL1(dummy(), nonce, true)).isEqualTo(first);
            assertThat(first.s()).isLessThanOrEqualTo(halfOrder);
            assertThat(first.v()).isIn(27, 28);
        }
    }

    @Test
    void theAddressIsTheKeysEthereumAddress() {
        // The address of the SDK's test key, and of the key 1 (the generator point), known values.
        assertThat(SIGNER.address()).isEqualTo("0x14791697260e4c9a71f18484c9f997b308e59325");
        assertThat(HyperliquidSigner.of("00".repeat(31) + "01").address())
                .isEqualTo("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
        assertThat(SIGNER.toString()).doesNotContain("0123456789012345");
    }

    @Test
    void aMalformedKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> HyperliquidSigner.of("0xZZ23456789"))
                .hasMessageContaining("64 hex digits").hasMessageNotContaining("ZZ23456789");
        assertThatThrownBy(() -> HyperliquidSigner.of("00".repeat(32))).hasMessageContaining("not a valid");
        assertThatThrownBy(() -> HyperliquidSigner.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
