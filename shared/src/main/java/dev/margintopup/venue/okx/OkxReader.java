package dev.margintopup.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads OKX's {@code {"code":"0","msg":"","data":[...]}} envelope and the fields inside it. OKX
 * sends every number as a string and "" for a value that does not apply.
 */
final class OkxReader extends AnswerReader {

    OkxReader(String endpoint, Redaction redaction) {
        super(OkxV5Venue.NAME, endpoint, redaction);
    }

    /** The envelope, or {@code null} when the body is not OKX's JSON envelope at all. */
    static JsonNode envelope(String body) {
        JsonNode node = objectOrNull(body);
        return node != null && node.path("code").isTextual() ? node : null;
    }

    /** The {@code data} list of a successful answer. */
    JsonNode data(String body) {
        if (body == null || body.isBlank()) {
            throw bad("the body is empty");
        }
        JsonNode node = envelope(body);
        if (node == null) {
            throw bad("the body is not OKX's JSON envelope (starts with \"" + snippet(body) + "\")");
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

    /** A text field OKX sends as {@code ""} when it does not apply. */
    String optionalText(JsonNode node, String field) {
        JsonNode value = present(node, field);
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
        JsonNode value = present(node, field);
        if (value.isTextual() && value.asText().strip().isEmpty()) {
            return null;
        }
        return decimal(value, field);
    }

    long epochMillis(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw bad("field " + field + " is not epoch milliseconds (\"" + snippet(text) + "\")");
        }
    }
}
