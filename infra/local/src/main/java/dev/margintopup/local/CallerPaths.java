package dev.margintopup.local;

import java.nio.file.Path;

/**
 * Paths a user typed on a command line. The scripts change to the repository root before they start Java, so a
 * relative path is resolved against the directory the user typed the command in, which the script passes as the
 * system property {@value #CALLER_DIR}; without it (a test, an IDE), against the working directory.
 */
public final class CallerPaths {

    public static final String CALLER_DIR = "margin-topup.caller-dir";

    private CallerPaths() {}

    public static Path resolve(String typed) {
        Path path = Path.of(typed);
        String caller = System.getProperty(CALLER_DIR);
        return caller == null || path.isAbsolute() ? path : Path.of(caller).resolve(path).normalize();
    }
}
