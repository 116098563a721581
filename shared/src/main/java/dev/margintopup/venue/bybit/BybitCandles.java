package dev.margintopup.venue.bybit;

import dev.margintopup.policy.Candle;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.bybit.BybitHttp.Answer;
import dev.margintopup.venue.http.PublicHttp;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.Wire;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Bybit v5 one-minute klines of a linear contract, {@code GET /v5/market/kline}: public, no key.
 * Each row is {@code [startTime, open, high, low, close, volume, turnover]}, newest first.
 */
public final class BybitCandles implements CandleFeed {

    static final String KLINE = "/v5/market/kline";
    /** The most klines Bybit returns in one answer. */
    public static final int MAX_COUNT = 1000;

    private final PublicHttp<BybitReply> http;

    /** @param baseUrl the account item's {@code venueEndpoint}, or {@code null} for Bybit's production host */
    public BybitCandles(String baseUrl, HttpClient http, Duration requestTimeout) {
        this.http = PublicHttp.withoutKey(BybitV5Venue.NAME, Wire.baseUrl(baseUrl, BybitHttp.PRODUCTION_URL),
                BybitHttp::replyOf, http, requestTimeout);
    }

    @Override
    public List<Candle> recentCandles(String symbol, int count) {
        String query = "?category=linear&symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "&interval=1&limit=" + PublicHttp.limit(count, MAX_COUNT);
        Redaction redaction = http.redaction();
        Answer answer = BybitHttp.checked(KLINE, BybitHttp.interpret(KLINE, http.get(KLINE, KLINE + query), redaction),
                redaction);
        return answer.reader().candles(answer.reader().array(answer.result(), "list"), true);
    }
}
