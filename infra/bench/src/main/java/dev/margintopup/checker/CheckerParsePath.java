package dev.margintopup.checker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.check.CheckRequest;

/** Opens CheckerHandler's event parsing to the benchmarks, so they time the handler's own code. */
public final class CheckerParsePath {

    private CheckerParsePath() {}

    public static CheckRequest parse(JsonNode event) {
        return CheckerHandler.parse(event);
    }
}
