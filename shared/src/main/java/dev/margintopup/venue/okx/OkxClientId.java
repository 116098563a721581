package dev.margintopup.venue.okx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * OKX takes a transfer {@code clientId} of at most 32 case-sensitive letters and digits. An intent
 * id is a UUID, whose 32 hex digits fit once the dashes go; anything else is hashed, so the same
 * intent always maps to the same client id, on every retry and in every lookup.
 */
public final class OkxClientId {

    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern VENUE_SHAPE = Pattern.compile("[A-Za-z0-9]{1,32}");

    private OkxClientId() {}

    public static String of(String intentId) {
        if (UUID_SHAPE.matcher(intentId).matches()) {
            return intentId.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(intentId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static boolean isVenueShape(String clientId) {
        return VENUE_SHAPE.matcher(clientId).matches();
    }
}
