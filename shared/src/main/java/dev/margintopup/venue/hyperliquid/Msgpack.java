package dev.margintopup.venue.hyperliquid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The canonical MessagePack encoding of an action, as Hyperliquid hashes it for L1 actions: maps
 * in their insertion order (the action's field order is part of the hash), strings, booleans,
 * whole numbers in their smallest form, and nil. Only what actions here are made of is encoded;
 * anything else is a bug in the caller and refused.
 */
final class Msgpack {

    private Msgpack() {}

    /** {@code action} must iterate in the action's field order (a {@link java.util.LinkedHashMap}). */
    static byte[] pack(Map<String, ?> action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, action);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case null -> out.write(0xc0);
            case Boolean b -> out.write(b ? 0xc3 : 0xc2);
            case String s -> string(out, s);
            case Integer i -> integer(out, i);
            case Long l -> integer(out, l);
            case Map<?, ?> map -> {
                header(out, map.size(), 0x80, 15, 0xde, 0xdf);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("action keys must be strings, was " + entry.getKey());
                    }
                    string(out, key);
                    write(out, entry.getValue());
                }
            }
            default -> throw new IllegalArgumentException("no MessagePack encoding here for "
                    + value.getClass().getSimpleName());
        }
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 31) {
            out.write(0xa0 | utf8.length);
        } else if (utf8.length <= 0xff) {
            out.write(0xd9);
            out.write(utf8.length);
        } else {
            header(out, utf8.length, -1, -1, 0xda, 0xdb);
        }
        out.writeBytes(utf8);
    }

    /** Python's msgpack (the reference SDK) packs non-negative numbers unsigned and negative ones signed, smallest first. */
    private static void integer(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n <= 0x7f) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                bigEndian(out, n, 1);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                bigEndian(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                bigEndian(out, n, 4);
            } else {
                out.write(0xcf);
                bigEndian(out, n, 8);
            }
        } else if (n >= -32) {
            out.write((int) (n & 0xff));
        } else if (n >= Byte.MIN_VALUE) {
            out.write(0xd0);
            bigEndian(out, n, 1);
        } else if (n >= Short.MIN_VALUE) {
            out.write(0xd1);
            bigEndian(out, n, 2);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            bigEndian(out, n, 4);
        } else {
            out.write(0xd3);
            bigEndian(out, n, 8);
        }
    }

    /** A map or string length: fix form up to {@code fixMax}, then 16-bit, then 32-bit. */
    private static void header(ByteArrayOutputStream out, int size, int fix, int fixMax, int sixteen, int thirtyTwo) {
        if (size <= fixMax) {
            out.write(fix | size);
        } else if (size <= 0xffff) {
            out.write(sixteen);
            bigEndian(out, size, 2);
        } else {
            out.write(thirtyTwo);
            bigEndian(out, size, 4);
        }
    }

    static void bigEndian(ByteArrayOutputStream out, long n, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (n >>> (8 * i)) & 0xff);
        }
    }
}
