package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Candle;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.PublicHttp;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.Wire;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hyperliquid one-minute candles, {@code POST /info {"type":"candleSnapshot","req":{coin, interval,
 * startTime, endTime}}}: public, no signature. The symbol is the position's coin, e.g. {@code BTC}.
 * The venue is asked for a time window, not a count: every candle whose minute overlaps it comes
 * back, oldest first, so the window is sized from our clock to end with the minute forming now. See
 * docs/decisions/0035.
 */
public final class HyperliquidCandles implements CandleFeed {

    static final String CANDLE_SNAPSHOT = "candleSnapshot";
    static final String ENDPOINT = HyperliquidHttp.INFO + " " + CANDLE_SNAPSHOT;
    static final String INTERVAL = "1m";
    static final long INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();
    /** Hyperliquid keeps only the most recent 5000 candles of a coin and interval. */
    public static final int MAX_COUNT = 5000;

    private final PublicHttp<HyperliquidReply> http;
    private final Clock clock;

    /**
     * @param baseUrl the account item's {@code venueEndpoint}, or {@code null} for Hyperliquid's mainnet API
     * @param clock our clock, the adapter's: the window asked for ends now
     */
    public HyperliquidCandles(String baseUrl, HttpClient http, Clock clock, Duration requestTimeout) {
        this.http = PublicHttp.withoutKey(HyperliquidVenue.NAME, Wire.baseUrl(baseUrl, HyperliquidHttp.PRODUCTION_URL),
                HyperliquidHttp::replyOf, http, requestTimeout);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Candle> recentCandles(String symbol, int count) {
        Objects.requireNonNull(symbol, "symbol");
        PublicHttp.limit(count, MAX_COUNT);
        long end = clock.millis();
        // The minute forming now and the count - 1 before it overlap this window, and no other.
        long start = end - (count - 1) * INTERVAL_MILLIS;
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("coin", symbol);
        window.put("interval", INTERVAL);
        window.put("startTime", start);
        window.put("endTime", end);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", CANDLE_SNAPSHOT);
        request.put("req", window);
        Redaction redaction = http.redaction();
        String body = HyperliquidHttp.checked(ENDPOINT,
                http.post(ENDPOINT, HyperliquidHttp.INFO, HyperliquidHttp.json(request)), redaction);
        if ("null".equals(body.strip())) {
            // What the venue answers for a coin it does not list (docs/decisions/0035).
            throw new VenueException(Kind.REJECTED, HyperliquidVenue.NAME, ENDPOINT, null, "Hyperliquid has no "
                    + INTERVAL + " candles of coin " + redaction.snippet(symbol) + " (it answered null): is it a"
                    + " perp it lists, spelled as its clearinghouse state names it?");
        }
        HyperliquidReader reader = new HyperliquidReader(ENDPOINT, redaction);
        JsonNode list = reader.array(body);
        if (list.isEmpty()) {
            throw reader.bad("the answer holds no candle of coin " + redaction.snippet(symbol) + " in the last "
                    + count + " minutes");
        }
        List<Candle> candles = reader.candles(list, symbol, INTERVAL, INTERVAL_MILLIS);
        return List.copyOf(candles.subList(Math.max(0, candles.size() - count), candles.size()));
    }
}
