package dev.margintopup.venue.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.policy.Candle;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one venue answer from one endpoint. Anything missing or malformed is a
 * BAD_RESPONSE naming the venue, the endpoint and the field, because a snapshot built on a guessed
 * number could move money wrongly. Each venue extends this with what its wire format decides for
 * itself: its envelope, and whether an empty or null amount means "none".
 */
public class AnswerReader {

    /** Strict about what follows the JSON value; decimals read exactly, never through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Reads the first JSON value and ignores what follows, as Jackson does unless told otherwise. */
    private static final ObjectMapper LENIENT_JSON = new ObjectMapper();

    private final String venue;
    private final String endpoint;
    private final Redaction redaction;

    public AnswerReader(String venue, String endpoint, Redaction redaction) {
        this.venue = venue;
        this.endpoint = endpoint;
        this.redaction = redaction;
    }

    /**
     * The body as a JSON object, or {@code null} when it is empty, not JSON (trailing text included)
     * or not an object: for telling a venue's envelope from a proxy's page without failing.
     */
    public static JsonNode objectOrNull(String body) {
        return objectOrNull(JSON, body);
    }

    /** As {@link #objectOrNull}, but only the first JSON value of the body counts. */
    public static JsonNode leadingObjectOrNull(String body) {
        return objectOrNull(LENIENT_JSON, body);
    }

    private static JsonNode objectOrNull(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The body, which must be one JSON object. */
    public JsonNode object(String body) {
        JsonNode node = json(body);
        if (!node.isObject()) {
            throw bad("the body is not a JSON object (starts with \"" + redaction.snippet(body) + "\")");
        }
        return node;
    }

    /** The body, which must be one JSON list. */
    public JsonNode array(String body) {
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
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("the body is not JSON (starts with \"" + redaction.snippet(body) + "\")");
        }
        if (node == null) {
            throw bad("the body is empty");
        }
        return node;
    }

    /** The field's value, which must be there and not null. */
    public JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " is missing");
        }
        return value;
    }

    public JsonNode child(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isObject()) {
            throw bad("field " + field + " is not an object");
        }
        return value;
    }

    public JsonNode array(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isArray()) {
            throw bad("field " + field + " is not a list");
        }
        return value;
    }

    public String text(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw bad("field " + field + " is not a non-empty string");
        }
        return value.asText();
    }

    public int integer(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw bad("field " + field + " is not an integer");
        }
        return value.asInt();
    }

    public boolean bool(JsonNode node, String field) {
        JsonNode value = present(node, field);
        if (!value.isBoolean()) {
            throw bad("field " + field + " is not true or false");
        }
        return value.booleanValue();
    }

    /**
     * A decimal sent as a string, the way venues send money so that no float rounds it. Whether an
     * empty string means "none" is the venue's call and is decided before this.
     */
    public BigDecimal decimal(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw bad("field " + field + " is not a decimal string");
        }
        try {
            return new BigDecimal(value.asText().strip());
        } catch (NumberFormatException e) {
            throw bad("field " + field + " is not a decimal string (\"" + redaction.snippet(value.asText()) + "\")");
        }
    }

    /**
     * One open position as the venue reported it; values the position cannot have (a negative
     * maintenance, a mark at or below zero) are a BAD_RESPONSE naming the symbol.
     *
     * @param signedSize the size with the direction as its sign, where the venue gives no side
     */
    public Position position(String symbol, Position.Side side, BigDecimal signedSize, BigDecimal markPrice,
            BigDecimal maintenanceMargin, BigDecimal liquidationPrice) {
        Position.Side direction = side != null ? side : signedSize.signum() < 0 ? Position.Side.SHORT : Position.Side.LONG;
        try {
            return new Position(symbol, direction, signedSize.abs(), markPrice, maintenanceMargin,
                    liquidationPrice == null || liquidationPrice.signum() <= 0 ? null : liquidationPrice);
        } catch (IllegalArgumentException e) {
            throw bad("position " + symbol + ": " + e.getMessage());
        }
    }

    /**
     * Kline rows as every venue here sends them: a list per candle starting {@code [openTime, open,
     * high, low, close, ...]}, the time in epoch ms (a number or a digit string), the prices as
     * decimal strings. Returned oldest first; rows out of order, repeated, or not a candle (a high
     * below the low) are a BAD_RESPONSE naming the row.
     *
     * @param newestFirst true where the venue sends the newest candle first
     */
    public List<Candle> candles(JsonNode rows, boolean newestFirst) {
        List<Candle> candles = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            candles.add(candle(rows.get(newestFirst ? rows.size() - 1 - i : i), "candle " + (i + 1)));
        }
        for (int i = 1; i < candles.size(); i++) {
            if (!candles.get(i).openTime().isAfter(candles.get(i - 1).openTime())) {
                throw bad("candle open times are not in " + (newestFirst ? "newest-first" : "oldest-first")
                        + " order at " + candles.get(i).openTime());
            }
        }
        return candles;
    }

    private Candle candle(JsonNode row, String name) {
        if (row == null || !row.isArray() || row.size() < 5) {
            throw bad(name + " is not a list of at least open time, open, high, low and close");
        }
        JsonNode time = row.get(0);
        long openTime;
        if (time.isIntegralNumber() && time.canConvertToLong()) {
            openTime = time.asLong();
        } else if (time.isTextual() && time.asText().matches("\\d{1,19}")) {
            try {
                openTime = Long.parseLong(time.asText());
            } catch (NumberFormatException e) {
                throw bad(name + ": open time is not epoch milliseconds");
            }
        } else {
            throw bad(name + ": open time is not epoch milliseconds");
        }
        try {
            return new Candle(Instant.ofEpochMilli(openTime), decimal(row.get(1), name + " open"),
                    decimal(row.get(2), name + " high"), decimal(row.get(3), name + " low"),
                    decimal(row.get(4), name + " close"));
        } catch (IllegalArgumentException e) {
            throw bad(name + ": " + e.getMessage());
        }
    }

    /** The mark price implied by a notional and a size, where a venue gives only those. */
    public static BigDecimal markFromNotional(BigDecimal notional, BigDecimal size) {
        return notional.abs().divide(size.abs(), MathContext.DECIMAL64).stripTrailingZeros();
    }

    /** The start of what could not be read, scrubbed, for a message. */
    public String snippet(String text) {
        return redaction.snippet(text);
    }

    public VenueException bad(String message) {
        return new VenueException(VenueException.Kind.BAD_RESPONSE, venue, endpoint, null, message);
    }
}
