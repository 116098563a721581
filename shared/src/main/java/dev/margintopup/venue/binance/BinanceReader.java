package dev.margintopup.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;

/** Reads Binance's plain JSON answers, whose numbers come as strings or as JSON numbers by endpoint. */
final class BinanceReader extends AnswerReader {

    BinanceReader(String endpoint, Redaction redaction) {
        super(BinanceUsdmVenue.NAME, endpoint, redaction);
    }

    /** A decimal Binance sends as a string ("41.56870000"); a JSON number is accepted too, read exactly. */
    BigDecimal amount(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return decimal(value, field);
    }

    long whole(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual() && value.asText().matches("-?\\d{1,19}")) {
            try {
                return Long.parseLong(value.asText());
            } catch (NumberFormatException tooLarge) {
                // 19 digits can still exceed a long: a malformed answer like any other.
            }
        }
        throw bad("field " + field + " is not a whole number");
    }
}
