package dev.margintopup.venue.okx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads OKX's {@code {"code":"0","msg":"","data":[...]}} envelope and the fields inside it. Anything
 * missing or malformed is a BAD_RESPONSE that names the field: a snapshot built on a guessed number
 * could move money wrongly.
 */
final class OkxReader {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String endpoint;
    private final Redaction redaction;

    OkxReader(String endpoint, Redaction redaction) {
        this.endpoint = endpoint;
        this.redaction = redaction;
    }

    /** The envelope, or {@code null} when the body is not OKX's JSON envelope at all. */
    static JsonNode envelope(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("code").isTextual() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The {@code data} list of a successful answer. */
    JsonNode data(String body) {
        if (body == null || body.isBlank()) {
            throw bad("the body is empty");
        }
        JsonNode node = envelope(body);
        if (node == null) {
            throw bad("the body is not OKX's JSON envelope (starts with \"" + redaction.snippet(body) + "\")");
        }
        return array(node, "data");
    }

    /** The single row of an answer that must have exactly one, such as a balance or a transfer. */
    JsonNode only(String body) {
        JsonNode data = data(body);
        if (data.size() != 1 || !data.get(0).isObject()) {
            throw bad("field data holds " + data.size() + " rows where one object was expected");
        }
        return data.get(0);
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

    /** A text field OKX sends as {@code ""} when it does not apply. */
    String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isTextual()) {
            throw bad("field " + field + " is not a string");
        }
        return value.asText();
    }

    BigDecimal amount(JsonNode node, String field) {
        BigDecimal amount = optionalAmount(node, field);
        if (amount == null) {
            throw bad("field " + field + " is empty where a decimal was expected");
        }
        return amount;
    }

    /**
     * A decimal OKX may send as {@code ""} (no positions: no ratio, no liquidation price). The
     * field itself must be there: a missing field is a changed or broken answer, not "none".
     */
    BigDecimal optionalAmount(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        if (!value.isTextual()) {
            throw bad("field " + field + " is not a decimal string");
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw bad("field " + field + " is not a decimal string (\"" + redaction.snippet(text) + "\")");
        }
    }

    long epochMillis(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw bad("field " + field + " is not epoch milliseconds (\"" + redaction.snippet(text) + "\")");
        }
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
        return new VenueException(VenueException.Kind.BAD_RESPONSE, OkxV5Venue.NAME, endpoint, null, message);
    }
}
