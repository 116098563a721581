package dev.margintopup.venue.bybit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads the fields of one Bybit answer. Anything missing or malformed is a BAD_RESPONSE that
 * names the field, because a snapshot built on a guessed number could move money wrongly.
 */
final class ResponseReader {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String endpoint;
    private final Redaction redaction;

    ResponseReader(String endpoint, Redaction redaction) {
        this.endpoint = endpoint;
        this.redaction = redaction;
    }

    JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw bad("the body is empty");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("the body is not JSON (starts with \"" + redaction.snippet(body) + "\")");
        }
        if (node == null || !node.isObject()) {
            throw bad("the body is not a JSON object (starts with \"" + redaction.snippet(body) + "\")");
        }
        return node;
    }

    JsonNode child(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isObject()) {
            throw bad("field " + field + " is not an object");
        }
        return value;
    }

    JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isArray()) {
            throw bad("field " + field + " is not a list");
        }
        return value;
    }

    String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw bad("field " + field + " is not a non-empty string");
        }
        return value.asText();
    }

    int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw bad("field " + field + " is not an integer");
        }
        return value.asInt();
    }

    /** Epoch milliseconds, which Bybit sends as a number in envelopes and as a string in rows. */
    long epochMillis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().matches("\\d{1,19}")) {
            try {
                return Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad("field " + field + " is not epoch milliseconds");
    }

    BigDecimal amount(JsonNode node, String field) {
        BigDecimal amount = optionalAmount(node, field);
        if (amount == null) {
            throw bad("field " + field + " is missing or empty");
        }
        return amount;
    }

    /** An amount Bybit may send as an empty string, such as the liquidation price out of range. */
    BigDecimal optionalAmount(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw bad("field " + field + " is missing");
        }
        if (value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return null;
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

    VenueException bad(String message) {
        return new VenueException(VenueException.Kind.BAD_RESPONSE, BybitV5Venue.NAME, endpoint, null, message);
    }
}
