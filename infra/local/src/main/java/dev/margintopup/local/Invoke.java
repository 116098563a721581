package dev.margintopup.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.Wallet;
import dev.margintopup.venue.connect.VenueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
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
    static final String DEMO_BREACH_API_KEY = "local-demo-breach-key";

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
            System.out.println("functions: checker, transfer, schedule-sync, tick (or CheckerFunction, TransferFunction,"
                    + " ScheduleSyncFunction, TickFunction)");
            System.out.println("example events:");
            try (Stream<Path> events = Files.list(root.resolve("events"))) {
                events.sorted().forEach(e -> System.out.println("  events/" + e.getFileName()));
            } catch (IOException e) {
                throw new UsageError("cannot list events/: " + e.getMessage());
            }
            return 0;
        }
        if (args.length == 0 || args.length % 2 != 0) {
            throw new UsageError("expected FUNCTION EVENT_FILE [FUNCTION EVENT_FILE ...]; see infra/bin/invoke --help");
        }
        List<String[]> invocations = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            Path eventFile = CallerPaths.resolve(args[i + 1]);
            if (!Files.isRegularFile(eventFile)) {
                throw new UsageError("no event file " + eventFile + "; the examples are in events/ (infra/bin/invoke --list)");
            }
            invocations.add(new String[] {args[i], eventFile.toString(), read(eventFile)});
        }

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
            // A fresh stack per run: what one run's invocations do is never seen by another's.
            String stack = "invoke-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            LocalPipeline pipeline = LocalPipeline.start(root.resolve("template.yaml"), stack, clock,
                    VenueFactory.standardConnector(clock), Duration.ofSeconds(60));
            seedDemoAccounts(root, pipeline, venue);
            int status = 0;
            // Several invocations share one emulator and venue: the checker's intent is there for
            // the transfer that follows it.
            for (String[] invocation : invocations) {
                System.err.println("==> invoking " + pipeline.function(invocation[0]).logicalId() + " with "
                        + invocation[1]);
                JsonNode result = pipeline.invokeFunction(invocation[0], invocation[2]);
                System.out.println();
                System.out.println("result:");
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
                if (result.has("error")) {
                    status = 1;
                }
            }
            return status;
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        } catch (IOException e) {
            throw new UsageError("cannot print the result: " + e.getMessage());
        }
    }

    /**
     * The example events name two accounts on a paper venue at 127.0.0.1:8765, seeded here with
     * their keys and items: {@code desk-btc-cross} (margin ratio 0.05, well below its 0.2 trigger)
     * and {@code desk-btc-breach} (0.24, past it: its check requests a 2000 USDT top-up, which
     * events/top-up-requested.json then carries out).
     */
    static void seedDemoAccounts(Path root, LocalPipeline pipeline, PaperVenueServer venue) {
        venue.seedAccount(PaperAccount.builder(DEMO_API_KEY, DEMO_API_SECRET)
                .balance(Wallet.FUTURES, "USDT", "10000")
                .balance(Wallet.FUNDING, "USDT", "10000")
                .position(PaperPosition.cross("BTCUSDT", Side.LONG, "1", "50000", "0.01"))
                .build());
        venue.seedAccount(PaperAccount.builder(DEMO_BREACH_API_KEY, DEMO_API_SECRET)
                .balance(Wallet.FUTURES, "USDT", "3000")
                .balance(Wallet.FUNDING, "USDT", "10000")
                .position(PaperPosition.cross("XBTUSDT", Side.LONG, "1", "50000", "0.005"))
                .build());
        venue.setMarkPrice("XBTUSDT", "48000");
        JsonNode example = Json.read(read(root.resolve(DEMO_ACCOUNT_FILE)));
        putDemoAccount(pipeline, venue, example, "desk-btc-cross", DEMO_API_KEY);
        putDemoAccount(pipeline, venue, example, "desk-btc-breach", DEMO_BREACH_API_KEY);
    }

    private static void putDemoAccount(LocalPipeline pipeline, PaperVenueServer venue, JsonNode example,
            String accountId, String apiKey) {
        String secret = "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + DEMO_API_SECRET + "\"}";
        Map<String, AttributeValue> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = example.properties().iterator(); it.hasNext(); ) {
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
        attributes.put("accountId", AttributeValue.fromS(accountId));
        attributes.put("readSecretId", AttributeValue.fromS("margin-topup/read/" + accountId));
        attributes.put("transferSecretId", AttributeValue.fromS("margin-topup/transfer/" + accountId));
        attributes.put("venueEndpoint", AttributeValue.fromS(venue.baseUrl()));
        pipeline.putSecret("margin-topup/read/" + accountId, secret);
        pipeline.putSecret("margin-topup/transfer/" + accountId, secret);
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
