package dev.margintopup.venue.paper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads the fields of one venue answer. Anything missing or malformed is a BAD_RESPONSE that
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

    BigDecimal amount(JsonNode node, String field) {
        BigDecimal amount = optionalAmount(node, field);
        if (amount == null) {
            throw bad("field " + field + " is missing");
        }
        return amount;
    }

    /** An amount the venue may leave out or send as null, such as a liquidation price. */
    BigDecimal optionalAmount(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
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

    long epochMillis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad("field " + field + " is not epoch milliseconds");
        }
        return value.asLong();
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

    VenueException bad(String message) {
        return new VenueException(VenueException.Kind.BAD_RESPONSE, PaperVenue.NAME, endpoint, null, message);
    }
}
