package dev.margintopup.wiring;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import dev.margintopup.observability.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every handler does around its one call: structured logging for the invocation, parse
 * the event, write the result as JSON, and turn bad input into one clear error line and an
 * error result — never a bare stack trace, and never a retry of an event that cannot work.
 */
public final class Handlers {

    private static final Logger LOG = LoggerFactory.getLogger(Handlers.class);

    private Handlers() {}

    public static void run(InputStream input, OutputStream output, Context context, Function<JsonNode, Object> body) {
        Object result;
        Telemetry.invocation(context);
        try {
            JsonNode event = Json.read(input);
            result = body.apply(event);
        } catch (BadInput e) {
            LOG.error("event rejected, nothing moved: {}", e.getMessage());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "BAD_INPUT");
            error.put("message", e.getMessage());
            result = error;
        } finally {
            Telemetry.clearInvocation();
        }
        try {
            output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the function's result", e);
        }
    }
}
