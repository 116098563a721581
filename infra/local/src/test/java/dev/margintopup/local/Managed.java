package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.n;
import static dev.margintopup.local.PipelineFixture.s;

import dev.margintopup.json.Json;
import dev.margintopup.venue.VenueCredentials;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An account seeded on a venue's dialect server and managed by the pipeline: its keys stored, its item written. */
record Managed(String id, VenueCredentials credentials) {

    /** Stores the key as both secrets and writes the item: trigger {@code triggerRatio}, target 0.05, then {@code customize}. */
    static Managed manage(PipelineFixture fx, RealVenueDialects venue, VenueCredentials credentials, String triggerRatio,
            Consumer<Map<String, AttributeValue>> customize) {
        String id = venue.venue() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = Json.write(credentials.passphrase() == null
                ? Map.of("apiKey", credentials.apiKey(), "apiSecret", credentials.apiSecret())
                : Map.of("apiKey", credentials.apiKey(), "apiSecret", credentials.apiSecret(),
                        "passphrase", credentials.passphrase()));
        fx.pipeline.putSecret("margin-topup/read/" + id, secret);
        fx.pipeline.putSecret("margin-topup/transfer/" + id, secret);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("accountId", s(id));
        item.put("venue", s(venue.venue()));
        item.put("venueEndpoint", s(venue.baseUrl()));
        item.put("marginMode", s("cross"));
        item.put("asset", s(venue.asset()));
        item.put("sourceWallet", s(venue.sourceWallet()));
        item.put("triggerRatio", n(triggerRatio));
        item.put("targetRatio", n("0.05"));
        item.put("maxTransfer", n("40000"));
        item.put("dailyCap", n("40000"));
        item.put("minTransfer", n("10"));
        item.put("cooldownSeconds", n("0"));
        item.put("readSecretId", s("margin-topup/read/" + id));
        item.put("transferSecretId", s("margin-topup/transfer/" + id));
        item.put("enabled", AttributeValue.fromBool(true));
        customize.accept(item);
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        return new Managed(id, credentials);
    }
}
