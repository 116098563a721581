package dev.margintopup.venue.binance;

import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.Wire;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Sends signed Binance requests. {@code /fapi} paths go to the futures host, {@code /sapi} and
 * {@code /api} to the wallet host; an override base URL serves both. A request refused with
 * -1021 (timestamp outside the receive window) re-syncs with that host's server time and is sent
 * once more: -1021 is checked before anything executes, so the retry cannot move money twice.
 */
final class BinanceHttp {

    static final String FUTURES_URL = "https://fapi.binance.com";
    static final String WALLET_URL = "https://api.binance.com";
    /** Binance's default receive window, sent explicitly so the server's check is the one we expect. */
    static final long RECV_WINDOW_MS = 5_000;

    private static final String FUTURES_TIME = "/fapi/v1/time";
    private static final String WALLET_TIME = "/api/v3/time";

    private final String futuresUrl;
    private final String walletUrl;
    private final VenueCredentials credentials;
    private final Clock clock;
    private final Redaction redaction;
    private final Wire wire;
    /** Venue time minus our clock, per host, learnt at the last re-sync; 0 until one was needed. */
    private final AtomicLong futuresOffset = new AtomicLong();
    private final AtomicLong walletOffset = new AtomicLong();

    BinanceHttp(String baseUrl, VenueCredentials credentials, HttpClient http, Clock clock, Duration requestTimeout,
            Redaction redaction) {
        this.futuresUrl = baseUrl == null ? FUTURES_URL : baseUrl;
        this.walletUrl = baseUrl == null ? WALLET_URL : baseUrl;
        URI.create(futuresUrl); // a bad endpoint fails at configuration, not on the first transfer
        this.credentials = credentials;
        this.clock = clock;
        this.redaction = redaction;
        this.wire = new Wire(BinanceUsdmVenue.NAME, http, requestTimeout, redaction);
    }

    /** Our clock corrected by the offset learnt from the venue's futures host, in epoch ms. */
    long venueMillis() {
        return clock.millis() + futuresOffset.get();
    }

    /**
     * Sends one SIGNED request with {@code params} (already in order) in the query string and
     * returns a successful reply; any error answer is thrown as a typed {@link VenueException}.
     */
    BinanceReply signed(String method, String path, Map<String, String> params) {
        BinanceReply reply = sendSigned(method, path, params);
        Integer code = BinanceErrors.venueCode(reply);
        if (code != null && code == BinanceErrors.INVALID_TIMESTAMP) {
            resync(path);
            reply = sendSigned(method, path, params);
            code = BinanceErrors.venueCode(reply);
            if (code != null && code == BinanceErrors.INVALID_TIMESTAMP) {
                throw new VenueException(Kind.TIMESTAMP, BinanceUsdmVenue.NAME, path, String.valueOf(code),
                        "still outside the " + RECV_WINDOW_MS + " ms receive window after re-syncing with the server"
                                + " time (offset " + offsetFor(path).get() + " ms); nothing was applied. Check the"
                                + " clock of the machine running this");
            }
        }
        if (BinanceErrors.isError(reply)) {
            throw BinanceErrors.failure(path, reply, redaction);
        }
        return reply;
    }

    private BinanceReply sendSigned(String method, String path, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        long timestamp = clock.millis() + offsetFor(path).get();
        query = (query.isEmpty() ? "" : query + "&") + "recvWindow=" + RECV_WINDOW_MS + "&timestamp=" + timestamp;
        String signature = BinanceSigner.sign(credentials.apiSecret(), BinanceSigner.totalParams(query, ""));
        return send(method, path, path + "?" + query + "&signature=" + signature, true);
    }

    /** Reads the host's server time and keeps the offset: {@code serverTime} minus the middle of the round trip. */
    private void resync(String path) {
        String timePath = path.startsWith("/fapi/") ? FUTURES_TIME : WALLET_TIME;
        long before = clock.millis();
        BinanceReply reply;
        try {
            reply = send("GET", timePath, timePath, false);
        } catch (VenueException e) {
            throw new VenueException(Kind.TIMESTAMP, BinanceUsdmVenue.NAME, path, String.valueOf(
                    BinanceErrors.INVALID_TIMESTAMP), "outside the receive window, and the server time could not be"
                    + " read to re-sync: " + e.getMessage(), e);
        }
        long after = clock.millis();
        if (BinanceErrors.isError(reply)) {
            throw BinanceErrors.failure(timePath, reply, redaction);
        }
        BinanceReader reader = new BinanceReader(timePath, redaction);
        long serverTime = reader.whole(reader.object(reply.body()), "serverTime");
        offsetFor(path).set(serverTime - (before + (after - before) / 2));
    }

    private AtomicLong offsetFor(String path) {
        return path.startsWith("/fapi/") ? futuresOffset : walletOffset;
    }

    /**
     * Anything that leaves us without an answer (timeout, reset, refused connection) is
     * OUTCOME_UNKNOWN: the request may have reached the venue.
     */
    private BinanceReply send(String method, String endpoint, String pathWithQuery, boolean withKey) {
        String base = endpoint.startsWith("/fapi/") ? futuresUrl : walletUrl;
        HttpRequest.Builder request = wire.request(base + pathWithQuery)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (withKey) {
            request.header("X-MBX-APIKEY", credentials.apiKey());
        }
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        HttpResponse<String> response = wire.send(endpoint, request.build());
        HttpHeaders headers = response.headers();
        return new BinanceReply(response.statusCode(), response.body(),
                headers.firstValue("Retry-After").orElse(null), usedWeight(headers));
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
