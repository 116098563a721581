package dev.margintopup.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.Wallet;
import dev.margintopup.venue.VenueConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code infra/bin/invoke FUNCTION EVENT_FILE}: one function, in-process, with an event file —
 * what {@code sam local invoke -e} does, without containers. Its logs stream to stdout as the
 * function writes them; its result follows.
 */
public final class Invoke {

    /** The example account of infra/accounts/cross-usdt.json, as the example events expect it. */
    static final String DEMO_ACCOUNT_FILE = "infra/accounts/cross-usdt.json";
    static final String DEMO_API_KEY = "local-demo-key";
    static final String DEMO_API_SECRET = "local-demo-secret";

    private Invoke() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (UsageError e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        Path root = Repository.root();
        if (args.length == 1 && args[0].equals("--list")) {
            System.out.println("functions: checker, transfer, schedule-sync (or CheckerFunction, TransferFunction,"
                    + " ScheduleSyncFunction)");
            System.out.println("example events:");
            try (Stream<Path> events = Files.list(root.resolve("events"))) {
                events.sorted().forEach(e -> System.out.println("  events/" + e.getFileName()));
            } catch (IOException e) {
                throw new UsageError("cannot list events/: " + e.getMessage());
            }
            return 0;
        }
        if (args.length != 2) {
            throw new UsageError("expected FUNCTION EVENT_FILE; see infra/bin/invoke --help");
        }
        String function = args[0];
        Path eventFile = Path.of(args[1]);
        if (!Files.isRegularFile(eventFile)) {
            throw new UsageError("no event file " + eventFile + "; the examples are in events/ (infra/bin/invoke --list)");
        }
        String event = read(eventFile);

        int venuePort = Integer.parseInt(System.getenv().getOrDefault("PAPER_VENUE_PORT", "8765"));
        PaperVenueServer venue;
        try {
            venue = PaperVenueServer.start(venuePort);
        } catch (IllegalStateException e) {
            throw new UsageError(e.getMessage() + " (set PAPER_VENUE_PORT to use another port; the example events"
                    + " name 127.0.0.1:8765)");
        }
        try (venue) {
            Clock clock = Clock.systemUTC();
            LocalPipeline pipeline = LocalPipeline.start(root.resolve("template.yaml"), "local", clock,
                    VenueConnector.standard(clock), Duration.ofSeconds(60));
            seedDemoAccount(root, pipeline, venue);
            System.err.println("==> invoking " + pipeline.function(function).logicalId() + " with " + eventFile);
            JsonNode result = pipeline.invokeFunction(function, event);
            System.out.println();
            System.out.println("result:");
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return result.has("error") ? 1 : 0;
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        } catch (IOException e) {
            throw new UsageError("cannot print the result: " + e.getMessage());
        }
    }

    /**
     * The example events name account {@code desk-btc-cross} on a paper venue at 127.0.0.1:8765:
     * seed it there (margin ratio 0.05, well below its trigger), with its keys and its item.
     */
    static void seedDemoAccount(Path root, LocalPipeline pipeline, PaperVenueServer venue) {
        venue.seedAccount(PaperAccount.builder(DEMO_API_KEY, DEMO_API_SECRET)
                .balance(Wallet.FUTURES, "USDT", "10000")
                .balance(Wallet.FUNDING, "USDT", "10000")
                .position(PaperPosition.cross("BTCUSDT", Side.LONG, "1", "50000", "0.01"))
                .build());
        JsonNode item = Json.read(read(root.resolve(DEMO_ACCOUNT_FILE)));
        String secret = "{\"apiKey\":\"" + DEMO_API_KEY + "\",\"apiSecret\":\"" + DEMO_API_SECRET + "\"}";
        pipeline.putSecret(item.path("readSecretId").path("S").asText(), secret);
        pipeline.putSecret(item.path("transferSecretId").path("S").asText(), secret);
        Map<String, AttributeValue> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = item.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode typed = field.getValue();
            if (typed.has("S")) {
                attributes.put(field.getKey(), AttributeValue.fromS(typed.get("S").asText()));
            } else if (typed.has("N")) {
                attributes.put(field.getKey(), AttributeValue.fromN(typed.get("N").asText()));
            } else if (typed.has("BOOL")) {
                attributes.put(field.getKey(), AttributeValue.fromBool(typed.get("BOOL").asBoolean()));
            }
        }
        attributes.put("venueEndpoint", AttributeValue.fromS(venue.baseUrl()));
        pipeline.putAccount(attributes);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A mistake in how the command was called: one line on stderr, exit status 2, no stack trace. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
