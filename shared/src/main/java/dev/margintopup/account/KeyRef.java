package dev.margintopup.account;

import java.util.Objects;

/**
 * Where one of an account's venue keys is kept: a secret of the account's own ({@code keyName}
 * null), or the entry {@code keyName} of one of the deployment's shared secrets (decision 0019).
 *
 * @param secretId the Secrets Manager id to read
 * @param keyName the entry inside a shared secret; {@code null} when the whole secret is the key
 * @param field the account item's attribute that chose this key, named in every problem with it
 */
public record KeyRef(String secretId, String keyName, String field) {

    public KeyRef {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(field, "field");
    }

    /** A whole secret of the account's own, chosen by {@code field}. */
    public static KeyRef ownSecret(String secretId, String field) {
        return new KeyRef(secretId, null, field);
    }

    public boolean shared() {
        return keyName != null;
    }

    /** The key in words that name where it is, never what it is. */
    public String describe() {
        return shared() ? "key \"" + keyName + "\" of secret " + secretId : "secret " + secretId;
    }
}
