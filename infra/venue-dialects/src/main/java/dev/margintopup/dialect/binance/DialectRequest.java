package dev.margintopup.dialect.binance;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as read off the wire. Binance takes parameters from the query string and from a
 * form body alike, so {@code params} merges both; the raw strings are kept because they are what
 * the caller signed.
 */
record DialectRequest(String method, String path, String rawQuery, String body, String apiKey,
        Map<String, String> params) {

    static DialectRequest read(HttpExchange exchange) throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(rawQuery, params);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!body.isEmpty() && (contentType == null || contentType.startsWith("application/x-www-form-urlencoded"))) {
            parseForm(body, params);
        }
        return new DialectRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                rawQuery == null ? "" : rawQuery, body, exchange.getRequestHeaders().getFirst("X-MBX-APIKEY"), params);
    }

    String param(String name) {
        return params.get(name);
    }

    String required(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw new DialectError(400, DialectError.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
                    "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
        }
        return value;
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }
}
