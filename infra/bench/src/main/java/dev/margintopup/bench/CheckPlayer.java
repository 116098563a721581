package dev.margintopup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.local.CallCounter;
import dev.margintopup.local.LocalPipeline;
import dev.margintopup.local.SimulatedClock;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.Wallet;
import dev.margintopup.venue.connect.VenueFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plays checks through the real handlers (LocalPipeline on the emulator, the paper venue over
 * HTTP) and measures each invocation: its in-process duration, the AWS calls its clients made,
 * the venue requests it sent and the bytes it logged.
 *
 * <p>Every account is a 1 BTC-like long at 50 000 with a 1 % maintenance rate and 1 000 USDT of
 * collateral (margin ratio 0.5, trigger 0.8, target 0.6). An acting check is that account after
 * the mark falls to 49 600 (ratio 0.83): it opens an intent, and the transfer function moves
 * 226.67 USDT. Each acting account was checked once while healthy first, as a warm container
 * would have, so its read key is already cached.
 */
final class CheckPlayer {

    /** One invocation, measured. */
    record Sample(long nanos, Map<String, Integer> awsCalls, Map<String, Integer> awsItems, int venueRequests,
            LogMeter.Reading logged) {}

    /** Everything one kind of invocation did over a run. */
    record Series(String what, List<Sample> samples) {
        double[] millis() {
            return samples.stream().mapToDouble(s -> s.nanos() / 1e6).toArray();
        }

        /** Calls per invocation, by service.operation. */
        Map<String, Double> awsCallsEach() {
            return perInvocation(samples.stream().map(Sample::awsCalls).toList());
        }

        Map<String, Double> awsItemsEach() {
            return perInvocation(samples.stream().map(Sample::awsItems).toList());
        }

        double venueRequestsEach() {
            return samples.stream().mapToInt(Sample::venueRequests).average().orElse(0);
        }

        double logBytesEach() {
            return samples.stream().mapToLong(s -> s.logged().bytes()).average().orElse(0);
        }

        double logLinesEach() {
            return samples.stream().mapToLong(s -> s.logged().lines()).average().orElse(0);
        }

        private Map<String, Double> perInvocation(List<Map<String, Integer>> counts) {
            Map<String, Double> each = new TreeMap<>();
            counts.forEach(c -> c.forEach((k, v) -> each.merge(k, (double) v, Double::sum)));
            each.replaceAll((k, v) -> v / samples.size());
            return each;
        }
    }

    private static final String MARGIN_PATH = "/api/v1/margin";
    private static final String TRANSFERS_PATH = "/api/v1/transfers";

    private final PaperVenueServer venue;
    private final SimulatedClock clock;
    private final LocalPipeline pipeline;
    private final LogMeter log;
    private final Consumer<String> progress;
    private int accounts;

    CheckPlayer(Path template, PaperVenueServer venue, LogMeter log, Consumer<String> progress) {
        this.venue = venue;
        this.log = log;
        this.progress = progress;
        this.clock = new SimulatedClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        // Schedules and leases run on simulated minutes; venue requests are signed with the real
        // clock, which the venue checks against its own.
        this.pipeline = LocalPipeline.start(template, "bench-" + UUID.randomUUID().toString().substring(0, 8), clock,
                VenueFactory.standardConnector(Clock.systemUTC()), Duration.ofSeconds(60));
    }

    /** {@code count} checks of one healthy account, a simulated minute apart. */
    Series noOpChecks(String accountId, int count, String label) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofMinutes(1));
            String input = scheduledInput(accountId);
            samples.add(measure(() -> pipeline.invokeChecker(input), "NO_ACTION"));
            tick(label, i + 1, count);
        }
        return new Series("no-op check", samples);
    }

    /**
     * {@code count} acting checks, one per fresh account, and the transfer each one triggers.
     * Returns the checks' series and the transfers' series.
     */
    List<Series> actingChecks(int count, String label) {
        List<String> ids = new ArrayList<>();
        Map<String, String> symbols = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = newAccount();
            ids.add(id);
            symbols.put(id, symbolOf(id));
        }
        syncSchedules();
        List<Sample> checks = new ArrayList<>();
        List<Sample> transfers = new ArrayList<>();
        int done = 0;
        for (String id : ids) {
            clock.advance(Duration.ofMinutes(1));
            measure(() -> pipeline.invokeChecker(scheduledInput(id)), "NO_ACTION");
            venue.setMarkPrice(symbols.get(id), "49600");
            clock.advance(Duration.ofMinutes(1));
            String input = scheduledInput(id);
            checks.add(measure(() -> pipeline.invokeChecker(input), "TOP_UP_REQUESTED"));
            List<JsonNode> requested = pipeline.drainEvents("TopUpRequested");
            if (requested.size() != 1) {
                throw new IllegalStateException("expected one TopUpRequested for " + id + ", got " + requested.size());
            }
            String event = Json.write(requested.get(0));
            transfers.add(measure(() -> pipeline.invokeTransfer(event), "CONFIRMED"));
            pipeline.drainEvents("-"); // TopUpCompleted and the rest: published, counted, not needed here
            tick(label, ++done, count);
        }
        return List.of(new Series("acting check", checks), new Series("its transfer", transfers));
    }

    /** The pipeline the checks are played through (the emulator's tables, the functions' services). */
    LocalPipeline pipeline() {
        return pipeline;
    }

    /** A healthy account with its keys, its item and its schedule; returns its id. */
    String healthyAccount() {
        String id = newAccount();
        syncSchedules();
        return id;
    }

    private String newAccount() {
        int n = ++accounts;
        String id = "bench-" + n;
        String apiKey = "key-" + UUID.randomUUID();
        String apiSecret = "secret-" + UUID.randomUUID();
        venue.seedAccount(PaperAccount.builder(apiKey, apiSecret)
                .balance(Wallet.FUTURES, "USDT", "1000")
                .balance(Wallet.FUNDING, "USDT", "100000")
                .position(PaperPosition.cross(symbolOf(id), Side.LONG, "1", "50000", "0.01"))
                .build());
        venue.setMarkPrice(symbolOf(id), "50000");
        String secret = "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + apiSecret + "\"}";
        pipeline.putSecret("margin-topup/read/" + id, secret);
        pipeline.putSecret("margin-topup/transfer/" + id, secret);
        pipeline.putAccount(item(id));
        return id;
    }

    private static String symbolOf(String accountId) {
        return "X" + accountId.substring(accountId.lastIndexOf('-') + 1) + "USDT";
    }

    /** A healthy account's item, as the bench's accounts have it. */
    Map<String, AttributeValue> item(String id) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("accountId", AttributeValue.fromS(id));
        item.put("venue", AttributeValue.fromS("paper"));
        item.put("venueEndpoint", AttributeValue.fromS(venue.baseUrl()));
        item.put("marginMode", AttributeValue.fromS("cross"));
        item.put("asset", AttributeValue.fromS("USDT"));
        item.put("sourceWallet", AttributeValue.fromS("FUNDING"));
        item.put("triggerRatio", AttributeValue.fromN("0.8"));
        item.put("targetRatio", AttributeValue.fromN("0.6"));
        item.put("maxTransfer", AttributeValue.fromN("5000"));
        item.put("dailyCap", AttributeValue.fromN("20000"));
        item.put("minTransfer", AttributeValue.fromN("10"));
        item.put("cooldownSeconds", AttributeValue.fromN("0"));
        item.put("checkRateMinutes", AttributeValue.fromN("1"));
        item.put("readSecretId", AttributeValue.fromS("margin-topup/read/" + id));
        item.put("transferSecretId", AttributeValue.fromS("margin-topup/transfer/" + id));
        item.put("enabled", AttributeValue.fromBool(true));
        item.put("dryRun", AttributeValue.fromBool(false));
        return item;
    }

    /** Lets schedule-sync see every new item on the Accounts stream and create its schedule. */
    private void syncSchedules() {
        while (pipeline.syncSchedules().isPresent()) {
            // one stream batch per round
        }
    }

    private String scheduledInput(String accountId) {
        return pipeline.scheduledInput(accountId, clock.instant())
                .orElseThrow(() -> new IllegalStateException("account " + accountId + " has no enabled schedule"));
    }

    private Sample measure(Supplier<JsonNode> invocation, String expectedOutcome) {
        CallCounter counter = pipeline.functionCalls();
        counter.reset();
        int venueBefore = venueRequests();
        LogMeter.Reading logBefore = log.read();
        long start = System.nanoTime();
        JsonNode result = invocation.get();
        long nanos = System.nanoTime() - start;
        System.out.flush();
        Sample sample = new Sample(nanos, counter.snapshot(), counter.items(), venueRequests() - venueBefore,
                log.read().since(logBefore));
        String outcome = result.path("outcome").asText();
        if (!expectedOutcome.equals(outcome)) {
            throw new IllegalStateException("expected outcome " + expectedOutcome + ", got " + result);
        }
        return sample;
    }

    private int venueRequests() {
        return venue.requestCount(MARGIN_PATH) + venue.requestCount(TRANSFERS_PATH);
    }

    private void tick(String label, int done, int of) {
        if (done == of || done % Math.max(1, of / 4) == 0) {
            progress.accept(label + " " + done + "/" + of);
        }
    }
}
