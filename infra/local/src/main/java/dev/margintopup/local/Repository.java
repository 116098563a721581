package dev.margintopup.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: the nearest folder, upwards from the working directory, holding template.yaml. */
final class Repository {

    private Repository() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no template.yaml in " + dir + " or above; run from the margin-topup repository");
    }
}
