package dev.margintopup.dialect.hyperliquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.venue.hyperliquid.HyperliquidSigner;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's own way to the signer: the published SDK signatures recover to the SDK's test key's
 * address through the server's code alone, whether {@code r} comes without its leading zero (as
 * the SDK writes it) or padded to 64 digits; a changed action recovers to someone else.
 */
class SignatureRecoveryTest {

    private static final String SDK_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String SDK_ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";

    private static JsonNode json(String text) throws Exception {
        return HyperliquidBook.JSON.readTree(text);
    }

    private static JsonNode signature(String r, String s, int v) {
        ObjectNode signature = HyperliquidBook.JSON.createObjectNode();
        signature.put("r", r).put("s", s).put("v", v);
        return signature;
    }

    @Test
    void thePublishedL1SignaturesRecoverToTheSdkKeysAddressWithOrWithoutLeadingZeros() throws Exception {
        JsonNode dummy = json("{\"type\":\"dummy\",\"num\":100000000000}");
        String s = "0x755c40ba9bf05223521753995abb2f73ab3229be8ec921f350cb447e384d8ed8";

        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(dummy, 0, true),
                signature("0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298", s, 27)))
                .isEqualTo(SDK_ADDRESS);
        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(dummy, 0, true),
                signature("0x053749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298", s, 27)))
                .isEqualTo(SDK_ADDRESS);
        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(dummy, 0, false), signature(
                "0x542af61ef1f429707e3c76c5293c80d01f74ef853e34b76efffcb57e574f9510",
                "0x17b8b32f086e8cdede991f1e2c529f5dd5297cbe8128500e00cbaf766204a613", 28))).isEqualTo(SDK_ADDRESS);
        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(json("{\"type\":\"subAccountTransfer\","
                + "\"subAccountUser\":\"0x1d9470d4b963f552e6f671a81619d395877bf409\",\"isDeposit\":true,\"usd\":10}"),
                0, true), signature("0x43592d7c6c7d816ece2e206f174be61249d651944932b13343f4d13f306ae602",
                "0x71a926cb5c9a7c01c3359ec4c4c34c16ff8107d610994d4de0e6430e5cc0f4c9", 28))).isEqualTo(SDK_ADDRESS);
        assertThat(HyperliquidDialectServer.addressOf(SDK_KEY)).isEqualTo(SDK_ADDRESS);
    }

    @Test
    void anIsolatedAddSignedByTheClientRecoversToItsKeyAndATamperedOneDoesNot() throws Exception {
        HyperliquidSigner signer = HyperliquidSigner.of(HyperliquidSeeds.ACCOUNT_KEY);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "updateIsolatedMargin");
        action.put("asset", 1);
        action.put("isBuy", true);
        action.put("ntli", 100_000_000L);
        HyperliquidSigner.Signature sig = signer.signL1(action, 1_700_000_000_123L, true);
        JsonNode signature = signature(sig.rHex(), sig.sHex(), sig.v());

        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(HyperliquidBook.JSON.valueToTree(action),
                1_700_000_000_123L, true), signature)).isEqualTo(HyperliquidSeeds.ACCOUNT);

        action.put("ntli", 900_000_000L);
        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(HyperliquidBook.JSON.valueToTree(action),
                1_700_000_000_123L, true), signature)).isNotEqualTo(HyperliquidSeeds.ACCOUNT);
        assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(HyperliquidBook.JSON.valueToTree(action),
                1_700_000_000_123L, false), signature)).as("signed for mainnet, checked as testnet")
                .isNotEqualTo(HyperliquidSeeds.ACCOUNT);
    }

    /**
     * The client's MessagePack and the server's are written apart; every width a number or a
     * string can take must pack the same on both sides, or the server recovers someone else.
     */
    @Test
    void clientAndServerPackEveryIntegerAndStringWidthAlike() {
        HyperliquidSigner signer = HyperliquidSigner.of(HyperliquidSeeds.ACCOUNT_KEY);
        long[] numbers = {0, 1, 127, 128, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE,
                -1, -32, -33, -128, -129, -32_768, -32_769, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE};
        int[] lengths = {0, 31, 32, 255, 256, 70_000};
        for (long number : numbers) {
            for (int length : lengths) {
                Map<String, Object> action = new LinkedHashMap<>();
                action.put("type", "x".repeat(length));
                action.put("n", number);
                action.put("flag", number % 2 == 0);
                action.put("none", null);
                HyperliquidSigner.Signature sig = signer.signL1(action, 42, true);

                assertThat(SignatureRecovery.signer(SignatureRecovery.l1Digest(HyperliquidBook.JSON.valueToTree(action),
                        42, true), signature(sig.rHex(), sig.sHex(), sig.v())))
                        .as("number %d, string of %d", number, length).isEqualTo(HyperliquidSeeds.ACCOUNT);
            }
        }
    }

    @Test
    void anUnreadableSignatureIsRefused() {
        assertThatThrownBy(() -> SignatureRecovery.signer(new byte[32], signature("0x01", "0x01", 29)))
                .hasMessageContaining("v must be 27 or 28");
        assertThatThrownBy(() -> SignatureRecovery.signer(new byte[32], signature("12", "0x01", 27)))
                .hasMessageContaining("r must be 0x");
    }
}
