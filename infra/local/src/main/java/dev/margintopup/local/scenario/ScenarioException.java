package dev.margintopup.local.scenario;

/**
 * A scenario file that cannot be played, with where and what to write instead:
 * {@code infra/scenarios/x.json: accounts[1].position.quantity: must be a positive number, got "abc"}.
 */
public final class ScenarioException extends RuntimeException {

    private final String file;
    private final String jsonPath;

    public ScenarioException(String file, String jsonPath, String problem) {
        this(file, jsonPath, problem, null);
    }

    public ScenarioException(String file, String jsonPath, String problem, Throwable cause) {
        this(file, jsonPath, jsonPath, problem, cause);
    }

    private ScenarioException(String file, String jsonPath, String where, String problem, Throwable cause) {
        super(file + ": " + (where == null || where.isEmpty() ? "" : where + ": ") + problem, cause);
        this.file = file;
        this.jsonPath = jsonPath == null ? "" : jsonPath;
    }

    /** A file that is not JSON at all: the place is a line and column, there is no path yet. */
    static ScenarioException notJson(String file, int line, int column, String problem, Throwable cause) {
        return new ScenarioException(file, "", "line " + line + ", column " + column, problem, cause);
    }

    /** The file as the message names it. */
    public String file() {
        return file;
    }

    /** Where in the file, such as {@code accounts[1].position.quantity}; empty for the whole file. */
    public String jsonPath() {
        return jsonPath;
    }
}
