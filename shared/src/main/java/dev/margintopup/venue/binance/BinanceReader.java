package dev.margintopup.venue.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads the fields of one Binance answer. Anything missing or malformed is a BAD_RESPONSE naming
 * the field: a snapshot built on a guessed number could move money wrongly.
 */
final class BinanceReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final String endpoint;
    private final Redaction redaction;

    BinanceReader(String endpoint, Redaction redaction) {
        this.endpoint = endpoint;
        this.redaction = redaction;
    }

    JsonNode object(String body) {
        JsonNode node = json(body);
        if (!node.isObject()) {
            throw bad("the body is not a JSON object (starts with \"" + redaction.snippet(body) + "\")");
        }
        return node;
    }

    JsonNode array(String body) {
        JsonNode node = json(body);
        if (!node.isArray()) {
            throw bad("the body is not a JSON list (starts with \"" + redaction.snippet(body) + "\")");
        }
        return node;
    }

    private JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw bad("the body is empty");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null) {
                throw bad("the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw bad("the body is not JSON (starts with \"" + redaction.snippet(body) + "\")");
        }
    }

    String text(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw bad("field " + field + " is not a non-empty string");
        }
        return value.asText();
    }

    boolean bool(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isBoolean()) {
            throw bad("field " + field + " is not true or false");
        }
        return value.booleanValue();
    }

    /** A decimal Binance sends as a string ("41.56870000"); a JSON number is accepted too, read exactly. */
    BigDecimal amount(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (!value.isTextual()) {
            throw bad("field " + field + " is not a decimal string");
        }
        try {
            return new BigDecimal(value.asText().strip());
        } catch (NumberFormatException e) {
            throw bad("field " + field + " is not a decimal string (\"" + redaction.snippet(value.asText()) + "\")");
        }
    }

    long whole(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().matches("-?\\d{1,19}")) {
            return Long.parseLong(value.asText());
        }
        throw bad("field " + field + " is not a whole number");
    }

    JsonNode list(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isArray()) {
            throw bad("field " + field + " is not a list");
        }
        return value;
    }

    private JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        return value;
    }

    VenueException bad(String message) {
        return new VenueException(VenueException.Kind.BAD_RESPONSE, BinanceUsdmVenue.NAME, endpoint, null, message);
    }
}
