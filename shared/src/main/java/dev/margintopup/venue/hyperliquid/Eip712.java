package dev.margintopup.venue.hyperliquid;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * EIP-712 typed-data hashing for the flat structs Hyperliquid signs: a domain of name, version
 * {@code "1"}, chain id and the zero verifying contract, and one primary type whose fields are
 * {@code string}, {@code bool}, {@code uint64}, {@code uint256}, {@code address} or {@code bytes32}.
 */
final class Eip712 {

    /** One member of the struct, in the type's declared order. */
    record Field(String name, String type, Object value) {}

    private static final String DOMAIN_TYPE =
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private Eip712() {}

    /** {@code keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))}: what the key signs. */
    static byte[] digest(String domainName, long chainId, String primaryType, List<Field> fields) {
        byte[] domain = hashStruct(DOMAIN_TYPE, List.of(
                new Field("name", "string", domainName),
                new Field("version", "string", "1"),
                new Field("chainId", "uint256", chainId),
                new Field("verifyingContract", "address", ZERO_ADDRESS)));
        String type = primaryType + fields.stream().map(f -> f.type() + " " + f.name())
                .collect(Collectors.joining(",", "(", ")"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x19);
        out.write(0x01);
        out.writeBytes(domain);
        out.writeBytes(hashStruct(type, fields));
        return keccak(out.toByteArray());
    }

    private static byte[] hashStruct(String type, List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(keccak(type.getBytes(StandardCharsets.UTF_8)));
        for (Field field : fields) {
            out.writeBytes(encode(field));
        }
        return keccak(out.toByteArray());
    }

    private static byte[] encode(Field field) {
        return switch (field.type()) {
            case "string" -> keccak(((String) field.value()).getBytes(StandardCharsets.UTF_8));
            case "bool" -> word(BigInteger.valueOf((Boolean) field.value() ? 1 : 0));
            case "uint64", "uint256" -> word(BigInteger.valueOf(((Number) field.value()).longValue()));
            case "address" -> word(new BigInteger(1, HexFormat.of().parseHex(((String) field.value()).substring(2))));
            case "bytes32" -> {
                byte[] bytes = (byte[]) field.value();
                if (bytes.length != 32) {
                    throw new IllegalArgumentException("bytes32 field " + field.name() + " has " + bytes.length + " bytes");
                }
                yield bytes;
            }
            default -> throw new IllegalArgumentException("no EIP-712 encoding here for type " + field.type());
        };
    }

    /** A non-negative number as one 32-byte big-endian word. */
    static byte[] word(BigInteger n) {
        byte[] raw = n.toByteArray();
        byte[] word = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, word, 32 - length, length);
        return word;
    }

    static byte[] keccak(byte[] input) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
