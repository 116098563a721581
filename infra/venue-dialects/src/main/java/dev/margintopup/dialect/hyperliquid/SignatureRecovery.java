package dev.margintopup.dialect.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * How the venue learns who signed an action: it rebuilds the signed digest from the request's
 * JSON and recovers the signer's address from {@code (r, s, v)}. Written apart from the client's
 * signer on purpose: the action hash packs the JSON tree as it arrived, the typed-data words are
 * laid out by hand, Keccak comes through the JCA digest and the curve from the generic SEC
 * parameters, and the public key is recovered ({@code Q = r⁻¹(sR − eG)}), which the client never
 * does. A client bug therefore shows up as a wrong address, not as a shared mistake.
 */
final class SignatureRecovery {

    private static final X9ECParameters CURVE = SECNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();
    private static final String DOMAIN_TYPE =
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /** The action or its signature cannot be read as one; the message says what. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    private SignatureRecovery() {}

    /** The address that signed {@code digest}, lower case with 0x. */
    static String signer(byte[] digest, JsonNode signature) {
        BigInteger r = number(signature.get("r"), "r");
        BigInteger s = number(signature.get("s"), "s");
        JsonNode vNode = signature.get("v");
        if (vNode == null || !vNode.canConvertToInt() || (vNode.asInt() != 27 && vNode.asInt() != 28)) {
            throw new Unreadable("signature v must be 27 or 28");
        }
        if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
            throw new Unreadable("signature r and s must lie between 1 and the curve order");
        }
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (vNode.asInt() == 28 ? 0x03 : 0x02);
        System.arraycopy(word(r), 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("signature r is not the x of a curve point");
        }
        BigInteger rInverse = r.modInverse(N);
        BigInteger e = new BigInteger(1, digest);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(bigR, s.multiply(rInverse).mod(N), CURVE.getG(),
                N.subtract(e).multiply(rInverse).mod(N)).normalize();
        return addressOf(q);
    }

    static String addressOf(ECPoint publicKey) {
        byte[] encoded = publicKey.normalize().getEncoded(false);
        byte[] hash = keccak(java.util.Arrays.copyOfRange(encoded, 1, 65));
        return "0x" + HexFormat.of().formatHex(hash).substring(24);
    }

    /** The address of a private key, for seeding accounts. */
    static String addressOfKey(String privateKeyHex) {
        String hex = privateKeyHex.startsWith("0x") ? privateKeyHex.substring(2) : privateKeyHex;
        return addressOf(CURVE.getG().multiply(new BigInteger(hex, 16)));
    }

    /** The digest of an L1 action: the phantom agent whose connection id hashes the packed action. */
    static byte[] l1Digest(JsonNode action, long nonce, boolean mainnet) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        pack(packed, action);
        packed.writeBytes(ByteBuffer.allocate(8).putLong(nonce).array());
        packed.write(0);
        byte[] connectionId = keccak(packed.toByteArray());
        byte[] struct = keccak(concat(keccak(ascii("Agent(string source,bytes32 connectionId)")),
                keccak(ascii(mainnet ? "a" : "b")), connectionId));
        return typedData("Exchange", BigInteger.valueOf(1337), struct);
    }

    /** The digest of a {@code usdClassTransfer}, from the action's own fields. */
    static byte[] usdClassTransferDigest(JsonNode action) {
        JsonNode chainId = action.get("signatureChainId");
        JsonNode nonce = action.get("nonce");
        if (chainId == null || !chainId.isTextual() || !chainId.asText().startsWith("0x") || nonce == null
                || !nonce.canConvertToLong() || !action.path("amount").isTextual()
                || !action.path("toPerp").isBoolean() || !action.path("hyperliquidChain").isTextual()) {
            throw new Unreadable("usdClassTransfer needs signatureChainId, hyperliquidChain, amount, toPerp and nonce");
        }
        byte[] struct = keccak(concat(
                keccak(ascii("HyperliquidTransaction:UsdClassTransfer(string hyperliquidChain,string amount,bool toPerp,uint64 nonce)")),
                keccak(action.get("hyperliquidChain").asText().getBytes(StandardCharsets.UTF_8)),
                keccak(action.get("amount").asText().getBytes(StandardCharsets.UTF_8)),
                word(action.get("toPerp").asBoolean() ? BigInteger.ONE : BigInteger.ZERO),
                word(BigInteger.valueOf(nonce.asLong()))));
        return typedData("HyperliquidSignTransaction", new BigInteger(chainId.asText().substring(2), 16), struct);
    }

    private static byte[] typedData(String name, BigInteger chainId, byte[] structHash) {
        byte[] domain = keccak(concat(keccak(ascii(DOMAIN_TYPE)), keccak(ascii(name)), keccak(ascii("1")),
                word(chainId), new byte[32]));
        return keccak(concat(new byte[] {0x19, 0x01}, domain, structHash));
    }

    /** MessagePack of the JSON tree as it arrived: objects keep their field order. */
    private static void pack(ByteArrayOutputStream out, JsonNode node) {
        if (node.isObject()) {
            int size = node.size();
            if (size < 16) {
                out.write(0x80 + size);
            } else {
                out.write(0xde);
                out.writeBytes(ByteBuffer.allocate(2).putShort((short) size).array());
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                packText(out, field.getKey());
                pack(out, field.getValue());
            }
        } else if (node.isTextual()) {
            packText(out, node.asText());
        } else if (node.isBoolean()) {
            out.write(node.asBoolean() ? 0xc3 : 0xc2);
        } else if (node.isNull()) {
            out.write(0xc0);
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            packLong(out, node.asLong());
        } else {
            throw new Unreadable("the action holds a value the venue does not hash: " + node.getNodeType());
        }
    }

    private static void packText(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            out.write(0xa0 + bytes.length);
        } else if (bytes.length < 256) {
            out.write(0xd9);
            out.write(bytes.length);
        } else if (bytes.length < 65_536) {
            out.write(0xda);
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) bytes.length).array());
        } else {
            out.write(0xdb);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        }
        out.writeBytes(bytes);
    }

    private static void packLong(ByteArrayOutputStream out, long n) {
        if (n >= 0 && n < 128) {
            out.write((int) n);
        } else if (n < 0 && n >= -32) {
            out.write((byte) n & 0xff);
        } else if (n >= 0) {
            int width = n < 256 ? 1 : n < 65_536 ? 2 : n < 4_294_967_296L ? 4 : 8;
            out.write(switch (width) { case 1 -> 0xcc; case 2 -> 0xcd; case 4 -> 0xce; default -> 0xcf; });
            out.writeBytes(java.util.Arrays.copyOfRange(ByteBuffer.allocate(8).putLong(n).array(), 8 - width, 8));
        } else {
            int width = n >= -128 ? 1 : n >= -32_768 ? 2 : n >= Integer.MIN_VALUE ? 4 : 8;
            out.write(switch (width) { case 1 -> 0xd0; case 2 -> 0xd1; case 4 -> 0xd2; default -> 0xd3; });
            out.writeBytes(java.util.Arrays.copyOfRange(ByteBuffer.allocate(8).putLong(n).array(), 8 - width, 8));
        }
    }

    private static BigInteger number(JsonNode hex, String name) {
        if (hex == null || !hex.isTextual() || !hex.asText().matches("0x[0-9a-fA-F]{1,64}")) {
            throw new Unreadable("signature " + name + " must be 0x and up to 64 hex digits");
        }
        return new BigInteger(hex.asText().substring(2), 16);
    }

    private static byte[] word(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[32];
        int take = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - take, out, 32 - take, take);
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] keccak(byte[] input) {
        return new Keccak.Digest256().digest(input);
    }
}
