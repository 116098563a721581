package dev.margintopup.venue.okx;

import dev.margintopup.policy.Candle;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.http.PublicHttp;
import dev.margintopup.venue.http.Wire;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * OKX v5 one-minute candles, {@code GET /api/v5/market/candles}: public, no key. The symbol is the
 * instrument id, e.g. {@code BTC-USDT-SWAP}. Each row is {@code [ts, o, h, l, c, vol, volCcy,
 * volCcyQuote, confirm]}, newest first.
 */
public final class OkxCandles implements CandleFeed {

    static final String CANDLES = "/api/v5/market/candles";
    /** The most candles OKX returns in one answer. */
    public static final int MAX_COUNT = 300;

    private final PublicHttp<OkxReply> http;

    /** @param baseUrl the account item's {@code venueEndpoint}, or {@code null} for OKX's production host */
    public OkxCandles(String baseUrl, HttpClient http, Duration requestTimeout) {
        // Market data is the same in demo trading: the demo header changes nothing here.
        this.http = PublicHttp.withoutKey(OkxV5Venue.NAME, OkxHttp.host(Wire.baseUrl(baseUrl, OkxHttp.PRODUCTION_URL)),
                OkxHttp::replyOf, http, requestTimeout);
    }

    @Override
    public List<Candle> recentCandles(String symbol, int count) {
        String query = "?instId=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8) + "&bar=1m&limit="
                + PublicHttp.limit(count, MAX_COUNT);
        String body = OkxHttp.checked(CANDLES, http.get(CANDLES, CANDLES + query), http.redaction(), false);
        OkxReader reader = new OkxReader(CANDLES, http.redaction());
        return reader.candles(reader.data(body), true);
    }
}
