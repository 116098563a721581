package dev.margintopup.venue.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads the fields of one Bybit answer: amounts Bybit sends as "" when they do not apply, and
 * times it sends as numbers or as strings depending on where they sit.
 */
final class BybitReader extends AnswerReader {

    BybitReader(String endpoint, Redaction redaction) {
        super(BybitV5Venue.NAME, endpoint, redaction);
    }

    /** Bybit's envelope ({@code retCode} a number), or {@code null} when the body is not Bybit's JSON at all. */
    static JsonNode envelopeOrNull(String body) {
        JsonNode node = leadingObjectOrNull(body);
        return node != null && node.path("retCode").isInt() ? node : null;
    }

    /** Epoch milliseconds, which Bybit sends as a number in envelopes and as a string in rows. */
    long epochMillis(JsonNode node, String field) {
        JsonNode value = present(node, field);
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

    /** A Bybit UID, which it sends as a number in query-api and as a string in transfer rows. */
    String memberId(JsonNode node, String field) {
        JsonNode value = present(node, field);
        String text = value.isIntegralNumber() || value.isTextual() ? value.asText() : "";
        if (!BybitV5Venue.MEMBER_ID.matcher(text).matches()) {
            throw bad("field " + field + " is not a Bybit UID");
        }
        return text;
    }

    /** A string field a shape of the answer may leave out: {@code null} when absent, null or empty. */
    String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return null;
        }
        if (!value.isTextual()) {
            throw bad("field " + field + " is not a string");
        }
        return value.asText();
    }

    /** A small whole number Bybit sends as a JSON number, or in some answers as a digit string. */
    int whole(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual() && value.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(value.asText());
        }
        throw bad("field " + field + " is not a whole number");
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
        return decimal(value, field);
    }
}
