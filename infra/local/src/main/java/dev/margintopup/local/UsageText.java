package dev.margintopup.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A command's help text, kept as a text file beside its class: the command's script prints the same
 * file for {@code --help} before anything is built, so the first {@code --help} on a fresh clone is as
 * quick as any other.
 */
public final class UsageText {

    private UsageText() {}

    /** The text of resource {@code name} beside class {@code owner}. */
    public static String of(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the help text " + name + " is missing beside " + owner.getName()
                        + "; rebuild infra/local");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
