package dev.margintopup.venue.binance;

import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.SignedHttp;
import dev.margintopup.venue.http.SignedHttp.Call;
import dev.margintopup.venue.http.SignedHttp.Signature;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binance's dialect of {@link SignedHttp}. {@code /fapi} paths go to the futures host, {@code /sapi}
 * and {@code /api} to the wallet host; an override base URL serves both. Each host has its own
 * clock: a request refused with -1021 (timestamp outside the receive window) re-syncs with that
 * host's server time and is sent once more; -1021 is checked before anything executes, so the
 * retry cannot move money twice.
 */
final class BinanceHttp implements SignedHttp.Dialect<BinanceReply> {

    static final String FUTURES_URL = "https://fapi.binance.com";
    static final String WALLET_URL = "https://api.binance.com";
    /** Binance's default receive window, sent explicitly so the server's check is the one we expect. */
    static final long RECV_WINDOW_MS = 5_000;

    private static final String FUTURES_TIME = "/fapi/v1/time";
    private static final String WALLET_TIME = "/api/v3/time";

    private final VenueCredentials credentials;
    private final Redaction redaction;
    private final SignedHttp<BinanceReply> http;

    /** A {@code venueEndpoint} is one URL serving /fapi, /sapi and /api; without one, Binance production. */
    BinanceHttp(Connection connection) {
        String futuresUrl = connection.baseUrlOr(FUTURES_URL);
        String walletUrl = connection.baseUrlOr(WALLET_URL);
        this.credentials = connection.credentials();
        this.redaction = connection.redaction();
        this.http = new SignedHttp<>(BinanceUsdmVenue.NAME, this, endpoint -> futures(endpoint) ? futuresUrl : walletUrl,
                new SignedHttp.Timestamps(String.valueOf(BinanceErrors.INVALID_TIMESTAMP), RECV_WINDOW_MS,
                        endpoint -> futures(endpoint) ? FUTURES_TIME : WALLET_TIME),
                connection);
    }

    /** Our clock corrected by the offset learnt from the venue's futures host, in epoch ms. */
    long venueMillis() {
        return http.venueMillis(FUTURES_TIME);
    }

    /**
     * Sends one SIGNED request with {@code params} (already in order) in the query string and
     * returns a successful reply; any error answer is thrown as a typed exception.
     */
    BinanceReply signed(String method, String path, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return checked(path, http.send(new Call(method, path, query.isEmpty() ? path : path + "?" + query, "")));
    }

    private BinanceReply checked(String path, BinanceReply reply) {
        if (BinanceErrors.isError(reply)) {
            throw BinanceErrors.failure(path, reply, redaction);
        }
        return reply;
    }

    // ---- the dialect ----

    @Override
    public Signature sign(Call call, long venueMillis) {
        String query = call.pathWithQuery().contains("?")
                ? call.pathWithQuery().substring(call.pathWithQuery().indexOf('?') + 1) : "";
        query = (query.isEmpty() ? "" : query + "&") + "recvWindow=" + RECV_WINDOW_MS + "&timestamp=" + venueMillis;
        String signature = BinanceSigner.sign(credentials.apiSecret(), BinanceSigner.totalParams(query, ""));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-MBX-APIKEY", credentials.apiKey());
        if (!"GET".equals(call.method())) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return new Signature(call.endpoint() + "?" + query + "&signature=" + signature, headers);
    }

    @Override
    public BinanceReply reply(HttpResponse<String> response) {
        return replyOf(response);
    }

    /** The answer with the headers Binance's error messages quote. */
    static BinanceReply replyOf(HttpResponse<String> response) {
        HttpHeaders headers = response.headers();
        return new BinanceReply(response.statusCode(), response.body(),
                headers.firstValue("Retry-After").orElse(null), usedWeight(headers));
    }

    @Override
    public String code(BinanceReply reply) {
        Integer code = BinanceErrors.venueCode(reply);
        return code == null ? null : code.toString();
    }

    /** {@code serverTime} of the host's time endpoint. */
    @Override
    public long venueMillis(String clockPath, BinanceReply reply) {
        BinanceReader reader = new BinanceReader(clockPath, redaction);
        return reader.whole(reader.object(checked(clockPath, reply).body()), "serverTime");
    }

    private static boolean futures(String endpoint) {
        return endpoint.startsWith("/fapi/");
    }

    /** X-MBX-USED-WEIGHT-1M=.. / X-SAPI-USED-IP-WEIGHT-1M=..; values are repeated only when they are digits. */
    private static String usedWeight(HttpHeaders headers) {
        return headers.map().entrySet().stream()
                .filter(e -> {
                    String name = e.getKey().toLowerCase(Locale.ROOT);
                    return name.startsWith("x-mbx-used-weight") || name.startsWith("x-sapi-used-");
                })
                .filter(e -> !e.getValue().isEmpty() && e.getValue().getFirst().matches("\\d{1,9}"))
                .map(e -> e.getKey().toUpperCase(Locale.ROOT) + "=" + e.getValue().getFirst())
                .sorted()
                .collect(Collectors.joining(", "));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
