package dev.margintopup.venue.binance;

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
 * Binance USDⓈ-M one-minute klines, {@code GET /fapi/v1/klines}: public, no key. Each row is
 * {@code [openTime, open, high, low, close, volume, closeTime, ...]}, oldest first.
 */
public final class BinanceCandles implements CandleFeed {

    static final String KLINES = "/fapi/v1/klines";
    /** The most klines Binance returns in one answer. */
    public static final int MAX_COUNT = 1500;

    private final PublicHttp<BinanceReply> http;

    /** @param baseUrl the account item's {@code venueEndpoint}, or {@code null} for Binance's futures host */
    public BinanceCandles(String baseUrl, HttpClient http, Duration requestTimeout) {
        this.http = PublicHttp.withoutKey(BinanceUsdmVenue.NAME, Wire.baseUrl(baseUrl, BinanceHttp.FUTURES_URL),
                BinanceHttp::replyOf, http, requestTimeout);
    }

    @Override
    public List<Candle> recentCandles(String symbol, int count) {
        BinanceReply reply = http.get(KLINES, KLINES + "?symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "&interval=1m&limit=" + PublicHttp.limit(count, MAX_COUNT));
        if (BinanceErrors.isError(reply)) {
            throw BinanceErrors.failure(KLINES, reply, http.redaction());
        }
        BinanceReader reader = new BinanceReader(KLINES, http.redaction());
        return reader.candles(reader.array(reply.body()), false);
    }
}
