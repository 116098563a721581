package dev.margintopup.venue.hyperliquid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Curve;

/**
 * Signs Hyperliquid actions with an Ethereum key: secp256k1 ECDSA with deterministic nonces
 * (RFC 6979, as the reference SDK's key library), low {@code s}, and {@code v} = 27 + recovery id.
 *
 * <ul>
 *   <li>L1 actions (an isolated margin add): {@code keccak256(msgpack(action) ‖ nonce (8 bytes) ‖
 *       0x00)} is the connection id of a phantom agent {@code Agent(string source, bytes32
 *       connectionId)}, source {@code "a"} on mainnet and {@code "b"} on testnet, signed in the
 *       domain {@code Exchange} on chain 1337.</li>
 *   <li>User-signed actions (a spot → perp transfer): the action's own fields as
 *       {@code HyperliquidTransaction:<Name>}, in the domain {@code HyperliquidSignTransaction} on
 *       the action's {@code signatureChainId}.</li>
 * </ul>
 *
 * The key never leaves this object: {@link #toString()} shows the address only.
 */
public final class HyperliquidSigner {

    /** What goes into the request body's {@code signature}. */
    public record Signature(BigInteger r, BigInteger s, int v) {

        /** {@code r} as the reference SDK writes it: {@code 0x} and hex without leading zeros. */
        public String rHex() {
            return hex(r);
        }

        public String sHex() {
            return hex(s);
        }
    }

    // The curve alone, not Bouncy Castle's table of named curves: the functions ship only the
    // classes they reach, and the table reaches every curve it knows.
    private static final SecP256K1Curve CURVE = new SecP256K1Curve();
    private static final ECPoint G = CURVE.createPoint(
            new BigInteger("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", 16),
            new BigInteger("483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8", 16));
    private static final BigInteger N = CURVE.getOrder();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final Pattern KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
    static final String L1_DOMAIN = "Exchange";
    static final long L1_CHAIN_ID = 1337;
    static final String USER_DOMAIN = "HyperliquidSignTransaction";

    private final BigInteger key;
    private final String address;

    private HyperliquidSigner(BigInteger key) {
        this.key = key;
        this.address = addressOf(new FixedPointCombMultiplier().multiply(G, key).normalize());
    }

    /**
     * @param privateKey 64 hex digits, with or without {@code 0x}
     * @throws IllegalArgumentException naming what is wrong, never the key
     */
    public static HyperliquidSigner of(String privateKey) {
        String text = privateKey == null ? "" : privateKey.strip();
        if (!KEY.matcher(text).matches()) {
            throw new IllegalArgumentException("the signing key must be 64 hex digits (a secp256k1 private key),"
                    + " with or without 0x");
        }
        BigInteger key = new BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
        if (key.signum() == 0 || key.compareTo(N) >= 0) {
            throw new IllegalArgumentException("the signing key is not a valid secp256k1 private key");
        }
        return new HyperliquidSigner(key);
    }

    /** The key's Ethereum address, lower case with {@code 0x}. */
    public String address() {
        return address;
    }

    /** Signs an L1 action sent without a vault and without {@code expiresAfter}. */
    public Signature signL1(Map<String, ?> action, long nonce, boolean mainnet) {
        byte[] connectionId = l1ActionHash(action, nonce);
        return sign(Eip712.digest(L1_DOMAIN, L1_CHAIN_ID, "Agent", List.of(
                new Eip712.Field("source", "string", mainnet ? "a" : "b"),
                new Eip712.Field("connectionId", "bytes32", connectionId))));
    }

    /**
     * Signs a user-signed action.
     *
     * @param primaryType e.g. {@code HyperliquidTransaction:UsdClassTransfer}
     * @param fields the signed fields in the type's order, with their EIP-712 types
     * @param signatureChainId the action's {@code signatureChainId}, as a number
     */
    Signature signUserAction(String primaryType, List<Eip712.Field> fields, long signatureChainId) {
        return sign(Eip712.digest(USER_DOMAIN, signatureChainId, primaryType, fields));
    }

    /** {@code keccak256(msgpack(action) ‖ nonce as 8 bytes big-endian ‖ 0x00)}: no vault, no expiry. */
    static byte[] l1ActionHash(Map<String, ?> action, long nonce) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Msgpack.pack(action));
        Msgpack.bigEndian(out, nonce, 8);
        out.write(0x00);
        return Eip712.keccak(out.toByteArray());
    }

    /** ECDSA over the 32-byte digest, the way Ethereum keys sign: RFC 6979 nonce, low s, recovery id in v. */
    Signature sign(byte[] digest) {
        HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(N, key, digest);
        BigInteger e = new BigInteger(1, digest);
        while (true) {
            BigInteger k = nonces.nextK();
            ECPoint point = new FixedPointCombMultiplier().multiply(G, k).normalize();
            BigInteger x = point.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(N);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s = k.modInverse(N).multiply(e.add(r.multiply(key))).mod(N);
            if (s.signum() == 0) {
                continue;
            }
            int recovery = (point.getAffineYCoord().toBigInteger().testBit(0) ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
            if (s.compareTo(HALF_N) > 0) {
                // The negated s is the same signature for the point with the other y.
                s = N.subtract(s);
                recovery ^= 1;
            }
            return new Signature(r, s, 27 + recovery);
        }
    }

    static String addressOf(ECPoint publicKey) {
        byte[] uncompressed = publicKey.getEncoded(false);
        byte[] hash = Eip712.keccak(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
        return "0x" + HexFormat.of().formatHex(hash, 12, 32);
    }

    static String hex(BigInteger n) {
        return "0x" + n.toString(16).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "HyperliquidSigner[" + address + "]";
    }
}
