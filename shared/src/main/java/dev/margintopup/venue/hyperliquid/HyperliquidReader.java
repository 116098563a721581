package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/**
 * Reads Hyperliquid's answers: {@code /info} returns the object or list asked for, money as
 * decimal strings and times as epoch-millisecond numbers; {@code /exchange} wraps its answer in
 * {@code {"status":"ok"|"err","response":...}}.
 */
final class HyperliquidReader extends AnswerReader {

    HyperliquidReader(String endpoint, Redaction redaction) {
        super(HyperliquidVenue.NAME, endpoint, redaction);
    }

    /** The {@code /exchange} envelope, or {@code null} when the body is not one. */
    static JsonNode envelope(String body) {
        JsonNode node = objectOrNull(body);
        return node != null && node.path("status").isTextual() && node.has("response") ? node : null;
    }

    BigDecimal amount(JsonNode node, String field) {
        return decimal(present(node, field), field);
    }

    /** A decimal Hyperliquid sends as {@code null} where it does not apply (a liquidation price far away). */
    BigDecimal optionalAmount(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw bad("field " + field + " is missing");
        }
        return value.isNull() ? null : decimal(value, field);
    }

    long epochMillis(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw bad("field " + field + " is not epoch milliseconds");
        }
        return value.asLong();
    }
}
