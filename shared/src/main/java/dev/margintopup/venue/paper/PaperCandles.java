package dev.margintopup.venue.paper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Candle;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.http.PublicHttp;
import dev.margintopup.venue.http.Wire;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The paper venue's public one-minute candles, {@code GET /api/v1/klines?symbol=..&limit=..}: no
 * key, no signature. Every candle is checked as it is read (amounts as decimal strings, high and
 * low around open and close, open times in order), and anything else is a BAD_RESPONSE naming the
 * candle and its field, so a move is never sized from a number the venue did not send.
 */
public final class PaperCandles implements CandleFeed {

    static final String KLINES_PATH = "/api/v1/klines";
    /** The most candles the venue gives in one answer. */
    public static final int MAX_COUNT = 1000;

    private final PublicHttp<PaperReply> http;

    public PaperCandles(String baseUrl, HttpClient http) {
        this(baseUrl, http, PaperVenue.REQUEST_TIMEOUT);
    }

    public PaperCandles(String baseUrl, HttpClient http, Duration requestTimeout) {
        this.http = PublicHttp.withoutKey(PaperVenue.NAME, Wire.baseUrl(Objects.requireNonNull(baseUrl, "baseUrl")),
                PaperHttp::replyOf, http, requestTimeout);
    }

    @Override
    public List<Candle> recentCandles(String symbol, int count) {
        Objects.requireNonNull(symbol, "symbol");
        PaperReply reply = http.get(KLINES_PATH, KLINES_PATH + "?symbol="
                + URLEncoder.encode(symbol, StandardCharsets.UTF_8) + "&limit=" + PublicHttp.limit(count, MAX_COUNT));
        if (!reply.ok()) {
            throw PaperErrors.failure(KLINES_PATH, reply, http.redaction());
        }
        return candles(symbol, count, new PaperReader(KLINES_PATH, http.redaction()), reply.body());
    }

    private static List<Candle> candles(String symbol, int count, PaperReader reader, String replyBody) {
        JsonNode body = reader.object(replyBody);
        String answered = reader.text(body, "symbol");
        if (!answered.equals(symbol)) {
            throw reader.bad("field symbol is " + reader.snippet(answered) + " but " + symbol + " was asked for");
        }
        JsonNode given = reader.array(body, "candles");
        if (given.size() > count) {
            throw reader.bad("field candles holds " + given.size() + " candles, more than the " + count + " asked for");
        }
        List<Candle> candles = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            Candle candle = candle(reader, given.get(i), "candles[" + i + "].");
            if (!candles.isEmpty() && !candle.openTime().isAfter(candles.getLast().openTime())) {
                throw reader.bad("field candles[" + i + "].openTime " + candle.openTime()
                        + " does not come after the previous candle's " + candles.getLast().openTime());
            }
            candles.add(candle);
        }
        return List.copyOf(candles);
    }

    private static Candle candle(PaperReader reader, JsonNode node, String at) {
        if (!node.isObject()) {
            throw reader.bad("field " + at.substring(0, at.length() - 1) + " is not an object");
        }
        Instant openTime = Instant.ofEpochMilli(epochMillis(reader, node, at + "openTime"));
        BigDecimal open = amount(reader, node, at, "open");
        BigDecimal high = amount(reader, node, at, "high");
        BigDecimal low = amount(reader, node, at, "low");
        BigDecimal close = amount(reader, node, at, "close");
        try {
            return new Candle(openTime, open, high, low, close);
        } catch (IllegalArgumentException e) {
            throw reader.bad("field " + at.substring(0, at.length() - 1) + ": " + e.getMessage());
        }
    }

    private static long epochMillis(PaperReader reader, JsonNode node, String path) {
        JsonNode value = node.get("openTime");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw reader.bad("field " + path + " is not epoch milliseconds");
        }
        return value.asLong();
    }

    private static BigDecimal amount(PaperReader reader, JsonNode node, String at, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw reader.bad("field " + at + field + " is missing");
        }
        return reader.decimal(value, at + field);
    }
}
