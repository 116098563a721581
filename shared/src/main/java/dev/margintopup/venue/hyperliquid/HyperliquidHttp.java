package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.Connection;
import dev.margintopup.venue.http.Redaction;
import dev.margintopup.venue.http.SignedHttp;
import dev.margintopup.venue.http.SignedHttp.Call;
import dev.margintopup.venue.http.SignedHttp.Signature;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperliquid's dialect of {@link SignedHttp}: two JSON POST endpoints, {@code /info} (unsigned)
 * and {@code /exchange} (the signature travels in the body, made by {@link HyperliquidSigner}
 * before the call). There is no timestamp to re-sync: the nonce is part of the signed action and
 * never changes on a resend, so no request is ever re-signed here.
 */
final class HyperliquidHttp implements SignedHttp.Dialect<HyperliquidReply> {

    static final String PRODUCTION_URL = "https://api.hyperliquid.xyz";
    static final String TESTNET_URL = "https://api.hyperliquid-testnet.xyz";
    static final String INFO = "/info";
    static final String EXCHANGE = "/exchange";

    static final ObjectMapper JSON = new ObjectMapper();

    private final Redaction redaction;
    private final SignedHttp<HyperliquidReply> http;
    private final boolean mainnet;

    HyperliquidHttp(Connection connection) {
        String base = connection.baseUrlOr(PRODUCTION_URL);
        this.mainnet = !isTestnet(base);
        this.redaction = connection.redaction();
        // No code ever counts as a timestamp refusal and there is no clock endpoint: nothing is retried.
        this.http = new SignedHttp<>(HyperliquidVenue.NAME, this, endpoint -> base,
                new SignedHttp.Timestamps("(none)", 0, endpoint -> null), connection);
    }

    /** Testnet signs with source "b" and chain "Testnet"; the venue's testnet host says so by its name. */
    static boolean isTestnet(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return host != null && host.toLowerCase(Locale.ROOT).contains("testnet");
    }

    boolean mainnet() {
        return mainnet;
    }

    /** One {@code /info} request that must succeed; its body. {@code what} names it in messages. */
    String info(String what, Map<String, ?> request) {
        String endpoint = INFO + " " + what;
        HyperliquidReply reply = http.send(new Call("POST", endpoint, INFO, json(request)));
        return checked(endpoint, reply, redaction);
    }

    /** The body of an {@code /info} answer; a refusal, an error status or an envelope is a failure. */
    static String checked(String endpoint, HyperliquidReply reply, Redaction redaction) {
        if (reply.status() < 200 || reply.status() >= 300 || HyperliquidReader.envelope(reply.body()) != null) {
            throw HyperliquidErrors.failure(endpoint, reply, redaction, false);
        }
        return reply.body();
    }

    /** One signed action; the answer whatever it says, for the caller to read. */
    HyperliquidReply exchange(String what, ObjectNode body) {
        return http.send(new Call("POST", EXCHANGE + " " + what, EXCHANGE, json(body)));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new VenueException(Kind.CONFIG, HyperliquidVenue.NAME, "(request)", null,
                    "a request could not be written as JSON: " + e.getOriginalMessage());
        }
    }

    // ---- the dialect ----

    @Override
    public Signature sign(Call call, long venueMillis) {
        return new Signature(call.pathWithQuery(), Map.of("Content-Type", "application/json"));
    }

    @Override
    public HyperliquidReply reply(HttpResponse<String> response) {
        return replyOf(response);
    }

    static HyperliquidReply replyOf(HttpResponse<String> response) {
        return new HyperliquidReply(response.statusCode(), response.body());
    }

    @Override
    public String code(HyperliquidReply reply) {
        return null;
    }
}
