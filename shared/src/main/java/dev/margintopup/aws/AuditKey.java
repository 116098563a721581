package dev.margintopup.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of an audit entry's sort key that says which entry it is: a digest of its kind, its
 * intent and its details (which carry the check id or the attempt). Nothing in it depends on the
 * container's state, so two containers restored from one SnapStart snapshot — same counters, same
 * random state — writing in the same millisecond still write two keys for two entries, and one
 * key for one entry written twice (a retried call whose answer was lost).
 */
final class AuditKey {

    private AuditKey() {}

    static String identity(String kind, String intentId, Map<String, String> details) {
        StringBuilder text = new StringBuilder(kind).append('\n').append(intentId == null ? "" : intentId);
        new TreeMap<>(details).forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
