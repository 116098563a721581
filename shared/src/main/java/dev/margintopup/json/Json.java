package dev.margintopup.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The one JSON codec of the service: every event, schedule input and result crosses a boundary
 * through it. Amounts stay {@link BigDecimal}, never {@code double}; instants are ISO-8601 text.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 2000, never 2E+3: amounts are read by people and by tools that parse plain decimals.
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    /**
     * Reads a boundary record ({@code what} names it in errors, e.g. "the TopUpRequested detail").
     * A field the record does not declare is an error, and the records' constructors refuse a
     * field they cannot do without: either way a {@link BadInput} names the field, never a silent
     * default. The message never quotes values: an event can carry account details.
     */
    public static <T> T decode(JsonNode json, Class<T> type, String what) {
        try {
            return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
        } catch (UnrecognizedPropertyException e) {
            throw new BadInput(what + " has an unknown field '" + path(e) + "'");
        } catch (ValueInstantiationException e) {
            switch (e.getCause()) {
                case MissingField missing -> throw new BadInput(what + " has no '" + qualified(e, missing.field())
                        + "'" + kindOf(e.getType() == null ? null : e.getType().getRawClass(), missing.field()));
                case BadInput bad -> throw bad;
                case null, default -> throw new BadInput(what + ": '" + path(e) + "' " + messageOf(e.getCause()));
            }
        } catch (InvalidFormatException e) {
            throw new BadInput(what + ": '" + path(e) + "' must be " + expected(e.getTargetType()));
        } catch (MismatchedInputException e) {
            // A field that may be null but must be there (@JsonProperty(required = true)).
            if (e.getOriginalMessage().startsWith("Missing required creator property")) {
                throw new BadInput(what + " has no '" + path(e) + "'");
            }
            throw new BadInput(what + ": '" + path(e) + "' must be "
                    + (e.getTargetType() == null ? "of another type" : expected(e.getTargetType())));
        } catch (JsonMappingException e) {
            throw new BadInput(what + " cannot be read at '" + path(e) + "'");
        } catch (IOException e) {
            throw new BadInput(what + " could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** " string", " number", ...: what kind of value a record's field holds, for "has no 'x' string". */
    private static String kindOf(Class<?> record, String field) {
        if (record == null || !record.isRecord()) {
            return "";
        }
        for (var component : record.getRecordComponents()) {
            if (component.getName().equals(field)) {
                Class<?> kind = component.getType();
                return kind == String.class ? " string"
                        : kind == BigDecimal.class ? " number"
                        : kind == java.time.Instant.class ? " instant"
                        : kind == Boolean.class ? " boolean"
                        : List.class.isAssignableFrom(kind) ? " list"
                        : kind.isEnum() ? " (one of " + java.util.Arrays.toString(kind.getEnumConstants()) + ")"
                        : kind.isRecord() || Map.class.isAssignableFrom(kind) ? " object" : "";
            }
        }
        return "";
    }

    /** Reads a boundary record from an input stream: {@link #read(InputStream)}, then {@link #decode}. */
    public static <T> T decode(InputStream input, Class<T> type, String what) {
        return decode(read(input), type, what);
    }

    /** A record (or any value) as a JSON tree, the way it goes on the wire. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Where in the JSON the problem is: {@code detail.amount}, {@code problems[0].field}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(top level)" : path.toString();
    }

    private static String qualified(JsonMappingException e, String field) {
        String at = path(e);
        return at.equals("(top level)") ? field : at + "." + field;
    }

    private static String expected(Class<?> type) {
        if (type == BigDecimal.class) {
            return "a decimal number";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-11-24T21:00:00Z";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }

    private static String messageOf(Throwable cause) {
        return cause == null || cause.getMessage() == null ? "is not valid" : cause.getMessage();
    }

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
}
