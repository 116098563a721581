package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.ledger.Intent;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.paper.Wallet;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.connect.VenueFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * One deployed system for a test class: the template's resources on the emulator under a
 * fresh stack name, the real handlers, and the paper venue over HTTP on a free port.
 *
 * <p>Each account gets its own symbol, so moving one account's mark price never touches
 * another's. Time is simulated for schedules and leases; venue requests are signed with the
 * real clock, because the venue checks timestamps against its own.
 */
final class PipelineFixture implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    static final Duration LEASE = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Instant start;
    private final UnaryOperator<VenueConnector> venueAround;
    private final boolean warmAdapters;
    PaperVenueServer venue;
    SimulatedClock clock;
    LocalPipeline pipeline;
    private SchedulerClient scheduler;

    /** A managed account: its id, its symbol and its venue key. */
    record Account(String id, String symbol, String apiKey, String apiSecret) {}

    PipelineFixture() {
        this(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    }

    /**
     * @param start where simulated time begins. Venues that find a transfer by time (Binance)
     *     compare their own clock with the intent's creation time, so tests against them start
     *     in the past and stay behind the venue's clock however far they advance.
     */
    PipelineFixture(Instant start) {
        this(start, UnaryOperator.identity());
    }

    /**
     * @param venueAround wraps the connector to the paper venue, for tests that add what the
     *     paper venue does not serve (candles) or observe what the checker asks of it
     */
    PipelineFixture(UnaryOperator<VenueConnector> venueAround) {
        this(Instant.now().truncatedTo(ChronoUnit.MINUTES), venueAround);
    }

    private PipelineFixture(Instant start, UnaryOperator<VenueConnector> venueAround) {
        this(start, venueAround, false);
    }

    private PipelineFixture(Instant start, UnaryOperator<VenueConnector> venueAround, boolean warmAdapters) {
        this.start = start;
        this.venueAround = venueAround;
        this.warmAdapters = warmAdapters;
    }

    /**
     * A fixture whose functions keep each venue adapter for the life of their container, as Lambda's
     * warm containers do ({@link VenueFactory#standardConnector}): what a call budget is measured on.
     */
    static PipelineFixture withWarmAdapters(Instant start) {
        return new PipelineFixture(start, UnaryOperator.identity(), true);
    }

    /**
     * Registered as a JUnit extension ({@code @RegisterExtension static final PipelineFixture fx}),
     * the fixture starts before the class's tests and closes after them.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the paper venue and the pipeline on a fresh stack; for use outside an extension. */
    PipelineFixture start() {
        this.venue = PaperVenueServer.start(0);
        this.clock = new SimulatedClock(start);
        Clock venueClock = Clock.systemUTC();
        VenueConnector venues = venueAround.apply(warmAdapters ? VenueFactory.standardConnector(venueClock)
                : (account, credentials) -> VenueFactory.create(account.venue(), account.venueEndpoint(), credentials,
                        VenueFactory.defaultHttpClient(), venueClock));
        this.pipeline = LocalPipeline.start(template(), "it-" + UUID.randomUUID().toString().substring(0, 8), clock,
                venues, LEASE);
        this.scheduler = EmulatorConnection.fromEnvironment().scheduler();
        return this;
    }

    static Path template() {
        Path path = Path.of("../../template.yaml").toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException("template.yaml not found at " + path);
        }
        return path;
    }

    /**
     * Seeds a cross account on the paper venue: 1 BTC-like long at 50 000 with a 1 % maintenance
     * rate and 1 000 USDT of collateral (margin ratio 0.5), 10 000 USDT in the funding wallet;
     * stores its keys, writes its item, and lets schedule-sync create its schedule.
     */
    Account account(Consumer<Map<String, AttributeValue>> customize) {
        return account(customize, "10000");
    }

    Account account(Consumer<Map<String, AttributeValue>> customize, String fundingBalance) {
        Account account = seedOnVenue(fundingBalance);
        storeKeys(account, account.apiSecret());
        Map<String, AttributeValue> item = item(account);
        customize.accept(item);
        pipeline.putAccount(item);
        pipeline.syncSchedules();
        return account;
    }

    /**
     * Seeds the account of {@link #account(Consumer)} on the paper venue only: no keys stored, no
     * item written, so no schedule. For tests that write the item (or the event) themselves.
     */
    Account seedOnVenue(String fundingBalance) {
        int n = SEQUENCE.incrementAndGet();
        String id = "acct-" + n + "-" + UUID.randomUUID().toString().substring(0, 6);
        String symbol = "X" + n + "USDT";
        String apiKey = "key-" + UUID.randomUUID();
        String apiSecret = "secret-" + UUID.randomUUID();
        venue.seedAccount(PaperAccount.builder(apiKey, apiSecret)
                .balance(Wallet.FUTURES, "USDT", "1000")
                .balance(Wallet.FUNDING, "USDT", fundingBalance)
                .position(PaperPosition.cross(symbol, Side.LONG, "1", "50000", "0.01"))
                .build());
        venue.setMarkPrice(symbol, "50000");
        return new Account(id, symbol, apiKey, apiSecret);
    }

    void storeKeys(Account account, String apiSecret) {
        String secret = "{\"apiKey\":\"" + account.apiKey() + "\",\"apiSecret\":\"" + apiSecret + "\"}";
        pipeline.putSecret("margin-topup/read/" + account.id(), secret);
        pipeline.putSecret("margin-topup/transfer/" + account.id(), secret);
    }

    Map<String, AttributeValue> item(Account account) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("accountId", s(account.id()));
        item.put("venue", s("paper"));
        item.put("venueEndpoint", s(venue.baseUrl()));
        item.put("marginMode", s("cross"));
        item.put("asset", s("USDT"));
        item.put("sourceWallet", s("FUNDING"));
        item.put("triggerRatio", n("0.8"));
        item.put("targetRatio", n("0.6"));
        item.put("maxTransfer", n("5000"));
        item.put("dailyCap", n("20000"));
        item.put("minTransfer", n("10"));
        item.put("cooldownSeconds", n("0"));
        item.put("checkRateMinutes", n("1"));
        item.put("readSecretId", s("margin-topup/read/" + account.id()));
        item.put("transferSecretId", s("margin-topup/transfer/" + account.id()));
        item.put("enabled", AttributeValue.fromBool(true));
        item.put("dryRun", AttributeValue.fromBool(false));
        return item;
    }

    /**
     * Moves the account's mark price to 49 600: margin balance 600, maintenance 496, margin ratio
     * 0.8267 — past the 0.8 trigger. Reaching the 0.6 target needs 226.67 USDT.
     */
    void breach(Account account) {
        venue.setMarkPrice(account.symbol(), "49600");
    }

    /** The next minute's scheduled check of the account, as Scheduler would deliver it. */
    JsonNode nextCheck(Account account) {
        clock.advance(Duration.ofMinutes(1));
        return pipeline.fireCheck(account.id(), clock.instant())
                .orElseThrow(() -> new AssertionError("account " + account.id() + " has no enabled schedule"));
    }

    String nextCheckInput(String accountId) {
        clock.advance(Duration.ofMinutes(1));
        return pipeline.scheduledInput(accountId, clock.instant())
                .orElseThrow(() -> new AssertionError("account " + accountId + " has no enabled schedule"));
    }

    String nextCheckInput(Account account) {
        clock.advance(Duration.ofMinutes(1));
        return pipeline.scheduledInput(account.id(), clock.instant())
                .orElseThrow(() -> new AssertionError("account " + account.id() + " has no enabled schedule"));
    }

    /** The account's schedule as the emulator's Scheduler holds it, read with a client of the test's own. */
    Optional<GetScheduleResponse> schedule(String accountId) {
        try {
            return Optional.of(scheduler.getSchedule(b -> b.groupName(pipeline.resources().scheduleGroup())
                    .name(ScheduleSettings.scheduleName(accountId))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The names of every schedule in the stack's group. */
    List<String> scheduleNames() {
        List<String> names = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSchedulesResponse page = scheduler.listSchedules(b -> b
                    .groupName(pipeline.resources().scheduleGroup()).nextToken(token));
            page.schedules().forEach(summary -> names.add(summary.name()));
            next = page.nextToken();
        } while (next != null && !next.isEmpty());
        return names;
    }

    /** Deletes the account's schedule behind schedule-sync's back, as drift or a hand edit would. */
    void deleteScheduleBehindSyncsBack(String accountId) {
        scheduler.deleteSchedule(b -> b.groupName(pipeline.resources().scheduleGroup())
                .name(ScheduleSettings.scheduleName(accountId)));
    }

    /**
     * The worker that dies after the side effect: it claims the intent (lease and all), the venue
     * applies its transfer, and the process is gone before the ledger hears of it.
     */
    void crashAfterTheVenueApplied(String accountId, String intentId, String venue, String baseUrl,
            VenueCredentials credentials) {
        Intent pending = pipeline.ledger().intent(accountId, intentId).orElseThrow();
        Intent claimed = pipeline.ledger().claim(pending, LEASE).orElseThrow();
        VenueFactory.create(venue, baseUrl, credentials, VenueFactory.defaultHttpClient(), Clock.systemUTC())
                .transferToMargin(claimed.instruction());
    }

    /** {@link #crashAfterTheVenueApplied(String, String, String, String, VenueCredentials)} on the paper venue. */
    void crashAfterTheVenueApplied(Account account, String intentId) {
        crashAfterTheVenueApplied(account.id(), intentId, "paper", venue.baseUrl(),
                new VenueCredentials(account.apiKey(), account.apiSecret(), null));
    }

    List<TransferRecord> venueTransfers(Account account) {
        return venue.transfers(account.apiKey());
    }

    BigDecimal movedByVenue(Account account) {
        return venueTransfers(account).stream().map(TransferRecord::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static void assertOutcome(JsonNode result, String outcome) {
        assertThat(result.path("outcome").asText()).as("outcome of %s", result).isEqualTo(outcome);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    @Override
    public void close() {
        scheduler.close();
        venue.close();
    }
}
