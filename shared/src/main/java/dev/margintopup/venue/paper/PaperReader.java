package dev.margintopup.venue.paper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.policy.Position;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Reads the paper venue's plain JSON answers: amounts as strings or null, times as JSON numbers. */
final class PaperReader extends AnswerReader {

    PaperReader(String endpoint, Redaction redaction) {
        super(PaperVenue.NAME, endpoint, redaction);
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
        return decimal(value, field);
    }

    long epochMillis(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad("field " + field + " is not epoch milliseconds");
        }
        return value.asLong();
    }

    /** The open positions of a margin answer: symbol, side, quantity, mark, maintenance and liquidation price. */
    List<Position> positions(JsonNode body) {
        List<Position> positions = new ArrayList<>();
        for (JsonNode row : array(body, "positions")) {
            String side = text(row, "side");
            Position.Side direction = switch (side) {
                case "LONG" -> Position.Side.LONG;
                case "SHORT" -> Position.Side.SHORT;
                default -> throw bad("field side is " + side + ", not LONG or SHORT");
            };
            positions.add(position(text(row, "symbol"), direction, amount(row, "quantity"), amount(row, "markPrice"),
                    amount(row, "maintenanceMargin"), optionalAmount(row, "liquidationPrice")));
        }
        return positions;
    }
}
