package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Candle;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        return millis(present(node, field), field);
    }

    private long millis(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw bad("field " + field + " is not epoch milliseconds");
        }
        return value.asLong();
    }

    /**
     * A {@code candleSnapshot} answer: one object per candle, oldest first, with the open and close
     * times {@code t} and {@code T} as epoch-millisecond numbers, the coin {@code s} and interval
     * {@code i} as strings, and {@code o}, {@code h}, {@code l}, {@code c} as decimal strings. The
     * volume {@code v} and trade count {@code n} size nothing here and are not read. A candle of
     * another coin or interval, one that does not last one interval, or times out of order is a
     * BAD_RESPONSE naming the candle: a move is never sized from another market's prices.
     */
    List<Candle> candles(JsonNode list, String coin, String interval, long intervalMillis) {
        List<Candle> candles = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Candle candle = candle(list.get(i), "candle " + (i + 1), coin, interval, intervalMillis);
            if (!candles.isEmpty() && !candle.openTime().isAfter(candles.getLast().openTime())) {
                throw bad("candle open times are not in oldest-first order at " + candle.openTime());
            }
            candles.add(candle);
        }
        return candles;
    }

    private Candle candle(JsonNode node, String name, String coin, String interval, long intervalMillis) {
        if (!node.isObject()) {
            throw bad(name + " is not an object");
        }
        String answeredCoin = candleText(node, "s", name);
        if (!answeredCoin.equals(coin)) {
            throw bad("field s of " + name + " is " + snippet(answeredCoin) + " but coin " + snippet(coin) + " was asked for");
        }
        String answeredInterval = candleText(node, "i", name);
        if (!answeredInterval.equals(interval)) {
            throw bad("field i of " + name + " is " + snippet(answeredInterval) + " but interval " + interval
                    + " was asked for");
        }
        long open = candleMillis(node, "t", name);
        long close = candleMillis(node, "T", name);
        if (close <= open || close >= open + intervalMillis) {
            throw bad("field T of " + name + " (" + close + ") does not close the " + interval + " candle opened at t "
                    + open);
        }
        try {
            return new Candle(Instant.ofEpochMilli(open), candlePrice(node, "o", name), candlePrice(node, "h", name),
                    candlePrice(node, "l", name), candlePrice(node, "c", name));
        } catch (IllegalArgumentException e) {
            throw bad(name + ": " + e.getMessage());
        }
    }

    private JsonNode candleField(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad("field " + field + " of " + name + " is missing");
        }
        return value;
    }

    private String candleText(JsonNode node, String field, String name) {
        JsonNode value = candleField(node, field, name);
        if (!value.isTextual()) {
            throw bad("field " + field + " of " + name + " is not a string");
        }
        return value.asText();
    }

    private long candleMillis(JsonNode node, String field, String name) {
        return millis(candleField(node, field, name), field + " of " + name);
    }

    private BigDecimal candlePrice(JsonNode node, String field, String name) {
        return decimal(candleField(node, field, name), field + " of " + name);
    }
}
