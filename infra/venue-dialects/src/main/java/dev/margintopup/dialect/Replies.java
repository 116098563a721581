package dev.margintopup.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Writing answers, and breaking them on purpose, the same way for every dialect server. */
public final class Replies {

    private Replies() {}

    /** Sends {@code body} with the status; an empty body is sent as no body at all. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The deepest object holding {@code field}, so that a row's field wins over a summary's. */
    public static ObjectNode deepestHolder(JsonNode node, String field) {
        for (JsonNode child : node) {
            ObjectNode found = deepestHolder(child, field);
            if (found != null) {
                return found;
            }
        }
        return node instanceof ObjectNode object && object.has(field) ? object : null;
    }
}
