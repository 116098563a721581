package dev.margintopup.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One configured JSON mapper: amounts stay {@link BigDecimal}, never {@code double}. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 2000, never 2E+3: amounts are read by people and by tools that parse plain decimals.
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /**
     * Reads an event. The error says where the JSON broke, not what it contained: an event can
     * carry account details, and the message ends up in logs.
     */
    public static JsonNode read(InputStream input) {
        try {
            JsonNode node = MAPPER.readTree(input);
            if (node == null || node.isMissingNode()) {
                throw new BadInput("the event is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInput("the event is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadInput("the event could not be read: " + e.getClass().getSimpleName());
        }
    }

    public static JsonNode read(String json) {
        return read(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Turns a JSON object into the plain form account validation reads: strings, BigDecimal
     * numbers, booleans, null; arrays and objects stay as lists and maps (which validation rejects).
     */
    public static Map<String, Object> plain(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), plainValue(e.getValue())));
        return map;
    }

    private static Object plainValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(plainValue(n)));
            return list;
        }
        return plain(node);
    }

    /** A required text field, with an error that names it. */
    public static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new BadInput("the event has no '" + field + "' string");
        }
        return value.textValue();
    }
}
