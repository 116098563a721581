package dev.margintopup.paper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** A response waiting to be written, so that a fault can still decide to drop it. */
record Reply(int status, JsonNode body, Map<String, String> headers) {

    static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }

    static Reply of(ApiError error) {
        ObjectNode body = PaperJson.object();
        body.put("code", error.code());
        body.put("msg", error.getMessage());
        error.extra().forEach(body::put);
        return new Reply(error.status(), body, Map.of());
    }
}
