package dev.margintopup.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.accounts.InMemoryAccountsTable;
import dev.margintopup.aws.DynamoLedger;
import dev.margintopup.account.Validation;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.CheckService;
import dev.margintopup.check.FastPolling;
import dev.margintopup.checker.CheckerHandler;
import dev.margintopup.json.Json;
import dev.margintopup.observability.InMemoryMetrics;
import dev.margintopup.paper.PaperAccount;
import dev.margintopup.paper.PaperPosition;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.Side;
import dev.margintopup.paper.Wallet;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.schedule.ScheduleSync;
import dev.margintopup.schedulesync.ScheduleSyncHandler;
import dev.margintopup.tick.CheckInvoker;
import dev.margintopup.tick.Tick;
import dev.margintopup.tick.TickRequest;
import dev.margintopup.tick.TickResult;
import dev.margintopup.secrets.SecretsCache;
import dev.margintopup.testing.Accounts;
import dev.margintopup.testing.FunctionHarness;
import dev.margintopup.testing.InMemorySecrets;
import dev.margintopup.topup.TransferBudget;
import dev.margintopup.topup.TransferService;
import dev.margintopup.transfer.TransferHandler;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.connect.VenueFactory;
import dev.margintopup.simulator.dynamo.SimDynamo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * One seeded history of the whole pipeline: a paper venue with two accounts on one market, the
 * real checker, transfer and schedule-sync handlers in Lambda-like containers (each with its own
 * clock, its own SDK clients and its own DynamoLedger over the shared in-process DynamoDB), the
 * Accounts stream carrying config changes to schedule-sync, the in-process Scheduler's checks with
 * the input schedule-sync left there, EventBridge's deliveries with Lambda's asynchronous retries,
 * a price path that breaches and recovers, and faults everywhere. It ends with a calm tail without
 * faults, in which everything must settle, and then the invariants are checked.
 *
 * <p>About one history in three (chosen by its seed) is deployed with the tick instead (decision 0032): no
 * schedule-sync and no schedules; each minute the real {@link Tick} scans the Accounts table and hands every due
 * account's check to Lambda's asynchronous queue, which throttles, loses answers, delivers twice, and where the tick
 * itself may die mid-fan-out or a minute's tick never run.
 */
public final class History {

    /** The ledger table's name inside the simulated DynamoDB. */
    static final String LEDGER_TABLE = "margin-topup-ledger";
    static final Instant START = Instant.parse("2026-11-30T00:00:00Z");
    static final String SYMBOL = "BTCUSDT";
    static final BigDecimal DAILY_CAP = new BigDecimal("4000");
    static final BigDecimal TRIGGER = new BigDecimal("0.3");
    /** Minutes of calm at the end: every retry ends, and a heartbeat write (15 minutes) notices a stalled intent. */
    static final int CALM_MINUTES = 18;
    /** How many scheduled checks a breach may last without a confirmed top-up or an alert. */
    static final int BREACH_BOUND_CHECKS = 8;
    /** The accounts of every history, in the order they are opened and checked. */
    static final List<String> ACCOUNTS = List.of("acct-a", "acct-b");
    /** Where schedule-sync keeps the schedules and what they invoke (a deployed stack's names). */
    static final ScheduleSettings SCHEDULES = new ScheduleSettings("margin-topup",
            "arn:aws:lambda:us-east-1:123456789012:function:margin-topup-checker:live",
            "arn:aws:iam::123456789012:role/margin-topup-scheduler", "arn:aws:sqs:us-east-1:123456789012:margin-topup-check-dlq");
    /** The tick's settings in a history: one invoke at a time, so that a seed replays its draws in one order. */
    private static final Tick.Settings TICK = new Tick.Settings(1, 4, Duration.ofMillis(200), Duration.ofSeconds(40));
    /** The Accounts stream's batch size and retries (template.yaml, schedule-sync's AccountsChanged). */
    private static final int STREAM_BATCH = 10;
    private static final int STREAM_RETRIES = 5;

    /** The JDK client whose settings the in-process wire reports; no request goes through it. */
    private static final HttpClient JDK_CLIENT = VenueFactory.defaultHttpClient();

    /** Guards a variant may switch off, to prove that the invariants notice. */
    public enum Variant {
        /** Everything as shipped. */
        NONE,
        /**
         * Each attempt sends and looks up its own client id instead of the intent's: the id is no
         * longer stored before the side effect, so reconcile-before-resend cannot see an earlier
         * attempt's transfer, and the venue cannot refuse a repeat.
         */
        CLIENT_ID_PER_ATTEMPT,
        /**
         * The tick's invoker takes Lambda's 429 for a queued check: the tick neither retries nor
         * reports it, and that minute's check of the account never runs.
         */
        THROTTLE_TAKEN_AS_QUEUED
    }

    /** What a history is asked to do: the seed decides everything else. */
    public record Spec(long seed, Set<Integer> dropped, Variant variant) {
        public static Spec of(long seed) {
            return new Spec(seed, Set.of(), Variant.NONE);
        }

        Spec dropping(Set<Integer> more) {
            Set<Integer> all = new java.util.TreeSet<>(dropped);
            all.addAll(more);
            return new Spec(seed, all, variant);
        }
    }

    /** What came out: the violations (empty when every invariant held), the faults, and the trace. */
    public record Result(Spec spec, List<String> violations, Map<FaultKind, Integer> faults, int injections,
            List<String> trace, int dynamoCalls, int venueRequests) {
        public boolean passed() {
            return violations.isEmpty();
        }
    }

    final Spec spec;
    /** Whether the tick starts this history's checks; per-account schedules (and schedule-sync) otherwise. */
    final boolean tick;
    final SimTime time = new SimTime(START);
    final Trace trace = new Trace(time);
    final Random market;
    final Faults faults;
    final Scheduler scheduler;
    final SimDynamo dynamo = new SimDynamo();
    private software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoClient;
    final InMemoryAccountsTable accounts = new InMemoryAccountsTable();
    final InMemorySecrets secrets = new InMemorySecrets();
    final InMemoryMetrics metrics = new InMemoryMetrics();
    final SimBus bus = new SimBus();
    final Observed observed = new Observed();
    /** Everything the functions logged (their JSON lines go to System.out), scanned for secrets. */
    final java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    final int minutes;
    final String apiKey;
    final String apiSecret;
    PaperVenueServer venue;

    private final Map<String, Deque<Container>> idle = new HashMap<>();
    private final Map<String, Integer> alive = new HashMap<>();
    final SimSchedules schedules;
    private SchedulerClient schedulerClient;
    /** Each account's Accounts-stream records not yet handed over; a stream keeps one item's changes in order. */
    private final Map<String, Deque<ObjectNode>> stream = new HashMap<>();
    private final Set<String> streamBusy = new HashSet<>();
    private int streamRecords;
    /** A stream batch went to the on-failure destination: the daily reconcile must repair the schedules. */
    private boolean scheduleDrift;
    private int containers;
    private int invocations;
    private final Map<String, Integer> attemptsPerIntent = new HashMap<>();

    History(Spec spec) {
        this.spec = spec;
        // A draw of its own, so that the histories of per-account schedules replay as they did before the tick.
        this.tick = new Random(~spec.seed()).nextInt(3) == 0;
        Random seeds = new Random(spec.seed());
        this.market = new Random(seeds.nextLong());
        this.scheduler = new Scheduler(time, new Random(seeds.nextLong()));
        Random faultDraws = new Random(seeds.nextLong());
        double intensity = 0.5 + new Random(seeds.nextLong()).nextDouble();
        this.faults = new Faults(faultDraws, intensity, spec.dropped(), Set.of());
        this.schedules = new SimSchedules(faults, scheduler, trace);
        this.minutes = 12 + market.nextInt(13);
        byte[] key = new byte[12];
        seeds.nextBytes(key);
        this.apiKey = "pk" + HexFormat.of().formatHex(key);
        seeds.nextBytes(key);
        this.apiSecret = "ps" + HexFormat.of().formatHex(key);
    }

    /** Plays one history on this thread; the functions' log lines meanwhile go to its own buffer. */
    public static Result run(Spec spec) {
        History history = new History(spec);
        LogCapture.begin(history.logs);
        try {
            return history.play();
        } finally {
            LogCapture.end();
            history.close();
        }
    }

    private Result play() {
        dynamoClient = SharedDynamo.bind(dynamo, new DynamoFaults(faults, scheduler, trace));
        schedulerClient = schedules.bind();
        venue = PaperVenueServer.start(0, time.clock(Duration.ZERO));
        for (String account : ACCOUNTS) {
            openAccount(account);
        }
        BigDecimal[] mark = {new BigDecimal("50000")};
        for (int minute = 0; minute < minutes + CALM_MINUTES; minute++) {
            Instant at = START.plus(Duration.ofMinutes(minute));
            boolean calm = minute >= minutes;
            if (calm && minute == minutes) {
                scheduler.at(at.minusSeconds(30), () -> {
                    faults.quiet();
                    trace.line("faults stop; calm tail of " + CALM_MINUTES + " minutes");
                    ACCOUNTS.forEach(this::restoreAccount);
                });
                scheduler.at(at.plusSeconds(90), () -> {
                    if (scheduleDrift) {
                        trace.line("the daily reconcile repairs the schedules a lost stream batch left behind");
                        invokeAsync("schedule-sync", "reconcile", time.now(), 1, container -> runSync(container,
                                Json.write(Map.of("reconcile", true)).getBytes(StandardCharsets.UTF_8)));
                    }
                });
            }
            if (minute > 0 && !calm) {
                scheduler.at(at.minusSeconds(5), () -> moveMarket(mark));
            }
            if (!calm && minute > 0) {
                scheduler.at(at.minusSeconds(20), this::maybeChangeConfig);
            }
            Instant scheduled = at;
            if (tick) {
                scheduler.at(at, () -> tick(scheduled));
            } else {
                scheduler.at(at, () -> schedules.names(SCHEDULES.group())
                        .forEach(name -> fireSchedule(name, scheduled)));
            }
        }
        scheduler.runUntil(START.plus(Duration.ofMinutes(minutes + CALM_MINUTES)));
        List<String> violations = new Invariants(this).check();
        return new Result(spec, violations, faults.injected(), faults.numbered(), trace.lines(), dynamo.calls(),
                observed.venueRequests);
    }

    // ---------------------------------------------------------------- the world

    private void openAccount(String accountId) {
        venue.seedAccount(PaperAccount.builder(apiKey + accountId, apiSecret)
                .balance(Wallet.FUTURES, "USDT", "3000")
                .balance(Wallet.FUNDING, "USDT", "6000")
                .position(PaperPosition.cross(SYMBOL, Side.LONG, "1", "50000", "0.01"))
                .build());
        secrets.put(Accounts.SECRET_PREFIX + "/read/" + accountId, apiKey + accountId, apiSecret);
        secrets.put(Accounts.SECRET_PREFIX + "/transfer/" + accountId, apiKey + accountId, apiSecret);
        edit(accountId, original(accountId));
    }

    Map<String, Object> original(String accountId) {
        return Accounts.item(accountId,
                "venueEndpoint", venue.baseUrl(),
                "triggerRatio", TRIGGER,
                "targetRatio", new BigDecimal("0.15"),
                "maxTransfer", new BigDecimal("2000"),
                "dailyCap", DAILY_CAP,
                "cooldownSeconds", new BigDecimal("60"),
                "checkRateMinutes", new BigDecimal("1"));
    }

    /** A random walk with jumps past the trigger and sharp recoveries; the venue liquidates what it must. */
    private void moveMarket(BigDecimal[] mark) {
        double move = market.nextGaussian() * 0.004;
        if (faults.inject(FaultKind.PRICE_BREACH, 0.12)) {
            move = -0.02 - market.nextDouble() * 0.02;
        } else if (faults.inject(FaultKind.PRICE_RECOVERY, 0.08)) {
            move = 0.015 + market.nextDouble() * 0.02;
        }
        mark[0] = mark[0].multiply(BigDecimal.valueOf(1 + move)).setScale(1, RoundingMode.HALF_EVEN);
        venue.setMarkPrice(SYMBOL, mark[0], time.now());
        trace.line("mark " + mark[0].toPlainString());
    }

    /**
     * The user edits an account item mid-flight; the Accounts stream hands the change to
     * schedule-sync, which carries it into the schedule a little later. Every change is undone a
     * few minutes on.
     */
    private void maybeChangeConfig() {
        for (String accountId : ACCOUNTS) {
            if (accounts.read(accountId).isEmpty()) {
                continue; // deleted, until it is restored
            }
            Map<String, Object> changed = null;
            String what = null;
            if (faults.inject(FaultKind.CONFIG_DISABLE, 0.02)) {
                changed = new LinkedHashMap<>(original(accountId));
                changed.put("enabled", Boolean.FALSE);
                what = "disabled";
            } else if (faults.inject(FaultKind.CONFIG_LOWER_CAPS, 0.03)) {
                changed = new LinkedHashMap<>(original(accountId));
                changed.put("maxTransfer", new BigDecimal("300"));
                changed.put("dailyCap", new BigDecimal("1000"));
                what = "caps lowered to 300 per transfer, 1000 a day";
            } else if (faults.inject(FaultKind.CONFIG_DELETE, 0.015)) {
                what = "deleted";
            }
            if (what == null) {
                continue;
            }
            observed.configChanged(accountId, time.now());
            trace.line(accountId + " item " + what);
            edit(accountId, changed);
            scheduler.at(time.now().plus(Duration.ofMinutes(2 + market.nextInt(4))), () -> restoreAccount(accountId));
        }
    }

    private void restoreAccount(String accountId) {
        Map<String, Object> item = original(accountId);
        if (!item.equals(accounts.read(accountId).map(a -> a.attributes()).orElse(null))) {
            observed.configChanged(accountId, time.now());
            trace.line(accountId + " item restored");
        }
        edit(accountId, item);
    }

    // ---------------------------------------------------------------- the Accounts stream and schedule-sync

    /**
     * Puts (or with {@code null} deletes) the account's item, and the table's stream records the
     * change, as DynamoDB does: only when the item really changed, with its new image.
     */
    private void edit(String accountId, Map<String, Object> item) {
        Map<String, Object> before = accounts.read(accountId).map(a -> a.attributes()).orElse(null);
        if (java.util.Objects.equals(before, item)) {
            return;
        }
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("eventID", "sim-stream-" + (++streamRecords));
        record.put("eventName", item == null ? "REMOVE" : before == null ? "INSERT" : "MODIFY");
        record.put("eventSource", "aws:dynamodb");
        ObjectNode change = record.putObject("dynamodb");
        change.putObject("Keys").putObject("accountId").put("S", accountId);
        if (item == null) {
            accounts.delete(accountId);
        } else {
            accounts.put(item);
            change.set("NewImage", dynamoJson(item).get("M"));
        }
        if (tick) {
            return; // no schedule-sync: the next tick reads the table as it is
        }
        stream.computeIfAbsent(accountId, a -> new ArrayDeque<>()).add(record);
        if (streamBusy.add(accountId)) {
            pollStream(accountId, time.now().plusSeconds(1 + market.nextInt(60)));
        }
    }

    /** An attribute value in DynamoDB JSON, as the stream's images carry it. */
    private static ObjectNode dynamoJson(Object value) {
        ObjectNode typed = Json.MAPPER.createObjectNode();
        switch (value) {
            case null -> typed.put("NULL", true);
            case String text -> typed.put("S", text);
            case Boolean flag -> typed.put("BOOL", flag);
            case BigDecimal number -> typed.put("N", number.toPlainString());
            case Number number -> typed.put("N", number.toString());
            case List<?> list -> list.forEach(element -> typed.withArray("L").add(dynamoJson(element)));
            case Map<?, ?> map -> {
                ObjectNode attributes = typed.putObject("M");
                map.forEach((name, element) -> attributes.set(String.valueOf(name), dynamoJson(element)));
            }
            default -> throw new IllegalArgumentException("no DynamoDB type for " + value.getClass().getName());
        }
        return typed;
    }

    /**
     * Lambda's poller hands schedule-sync the account's next batch (up to ten records, in order)
     * and waits for it: a failed batch is retried, holding back the records after it, up to the
     * template's five retries, then goes to the on-failure destination. A batch may be handed over
     * again after it succeeded (the stream delivers at least once).
     */
    private void pollStream(String accountId, Instant at) {
        Deque<ObjectNode> pending = stream.get(accountId);
        List<ObjectNode> batch = new ArrayList<>();
        while (!pending.isEmpty() && batch.size() < STREAM_BATCH) {
            batch.add(pending.poll());
        }
        handBatch(accountId, batch, at, 0);
    }

    private void handBatch(String accountId, List<ObjectNode> batch, Instant at, int retry) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.putArray("Records").addAll(batch);
        byte[] bytes = Json.write(event).getBytes(StandardCharsets.UTF_8);
        String name = "stream batch of " + accountId + " (" + batch.getFirst().path("eventID").asText() + ", "
                + batch.size() + " records)" + (retry > 0 ? " retry " + retry : "");
        invoke("schedule-sync", name, at, Duration.ofSeconds(30), container -> runSync(container, bytes), () -> {
            if (faults.inject(FaultKind.STREAM_REDELIVERY, 0.05)) {
                handBatch(accountId, batch, time.now().plusMillis(200 + market.nextInt(2000)), retry);
            } else if (!stream.get(accountId).isEmpty()) {
                pollStream(accountId, time.now().plusMillis(200 + market.nextInt(2000)));
            } else {
                streamBusy.remove(accountId);
            }
        }, why -> {
            if (retry < STREAM_RETRIES) {
                handBatch(accountId, batch, time.now().plusSeconds(1 + market.nextInt(10)), retry + 1);
            } else {
                faults.count(FaultKind.STREAM_ON_FAILURE);
                scheduleDrift = true;
                trace.line(name + " goes to the on-failure destination (" + why + ")");
                if (!stream.get(accountId).isEmpty()) {
                    pollStream(accountId, time.now().plusMillis(200 + market.nextInt(2000)));
                } else {
                    streamBusy.remove(accountId);
                }
            }
        });
    }

    private void runSync(Container container, byte[] event) {
        JsonNode result = FunctionHarness.invoke(container.sync, event);
        trace.line(container.name + " schedule-sync " + Json.write(result));
    }

    // ---------------------------------------------------------------- Scheduler and EventBridge

    /**
     * Scheduler fires a schedule that schedule-sync left enabled, with the input it holds and the
     * scheduled time in place of its placeholder: once, sometimes twice, sometimes late.
     */
    private void fireSchedule(String scheduleName, Instant scheduled) {
        ObjectNode schedule = schedules.schedule(SCHEDULES.group(), scheduleName).orElse(null);
        if (schedule == null || !schedule.path("State").asText().equals("ENABLED")) {
            return;
        }
        String accountId = ScheduleSettings.accountIdOf(scheduleName);
        byte[] input = schedule.path("Target").path("Input").asText()
                .replace(CheckRequest.SCHEDULED_TIME_PLACEHOLDER, scheduled.toString())
                .getBytes(StandardCharsets.UTF_8);
        deliverCheck(accountId, scheduled, "check " + accountId + "@" + scheduled, input);
    }

    /** A queued check reaches the checker: once, sometimes twice, sometimes late. */
    private void deliverCheck(String accountId, Instant scheduled, String name, byte[] input) {
        Instant lateBy = faults.inject(FaultKind.LATE_CHECK, 0.02)
                ? time.now().plusSeconds(61 + market.nextInt(90)) : null;
        invokeAsync("checker", name, lateBy != null ? lateBy : time.now().plusMillis(market.nextInt(2000)), 1,
                container -> runCheck(container, accountId, scheduled, input));
        if (faults.inject(FaultKind.DUPLICATE_CHECK, 0.03)) {
            invokeAsync("checker", name + " (again)", time.now().plusSeconds(1 + market.nextInt(40)), 1,
                    container -> runCheck(container, accountId, scheduled, input));
        }
    }

    // ---------------------------------------------------------------- the tick

    /**
     * Scheduler invokes the tick for the minute (or loses it); the tick function has no retries
     * (template.yaml), so a tick that dies leaves the checks it did not queue to the next minute.
     */
    private void tick(Instant scheduled) {
        observed.due.put(scheduled, dueAt(scheduled));
        if (faults.inject(FaultKind.TICK_LOST, 0.03)) {
            observed.ticksMissed.add(scheduled);
            trace.line("the tick of " + scheduled + " never runs");
            return;
        }
        invoke("tick", "tick@" + scheduled, time.now().plusMillis(market.nextInt(1000)), Duration.ofSeconds(60),
                container -> runTick(container, scheduled), () -> {}, why -> observed.ticksMissed.add(scheduled));
    }

    /** What the table holds due this minute, read by the history itself: enabled, valid, on its cadence. */
    private Set<String> dueAt(Instant minute) {
        Set<String> due = new java.util.TreeSet<>();
        for (var item : accounts.all()) {
            if (Accounts.VALIDATOR.validate(item.attributes()) instanceof Validation.Valid valid
                    && valid.config().enabled()
                    && Tick.isDue(valid.config().accountId(), valid.config().checkRateMinutes(),
                            minute.getEpochSecond() / 60)) {
                due.add(valid.config().accountId());
            }
        }
        return due;
    }

    private void runTick(Container container, Instant scheduled) {
        TickInvoker invoker = new TickInvoker();
        Tick tick = new Tick(accounts, Accounts.VALIDATOR, invoker, moment -> {}, container.clock, TICK);
        TickResult result = tick.run(new TickRequest(scheduled));
        // What Lambda accepted is queued, whatever became of the tick after.
        for (TickInvoker.Queued queued : invoker.queued) {
            deliverCheck(queued.accountId(), scheduled, "check " + queued.accountId() + "@" + scheduled + " (tick)",
                    queued.input().getBytes(StandardCharsets.UTF_8));
        }
        if (invoker.crashed) {
            throw new ContainerCrash("mid-fan-out, after " + invoker.queued.size() + " checks queued");
        }
        result.failed().forEach(f -> observed.notQueued.computeIfAbsent(scheduled, m -> new HashSet<>())
                .add(f.accountId()));
        trace.line(container.name + " tick " + scheduled + ": " + result.queued() + " queued, " + result.retries()
                + " retries, " + result.failed().size() + " not queued");
    }

    /**
     * Lambda's Invoke API as the tick meets it: throttled without queuing, queued with the answer
     * lost, or gone with the tick's container. It only records what was queued; the history delivers it.
     */
    private final class TickInvoker implements CheckInvoker {
        record Queued(String accountId, String input) {}

        final List<Queued> queued = new ArrayList<>();
        boolean crashed;

        @Override
        public void invoke(String accountId, String input) {
            if (crashed || faults.inject(FaultKind.TICK_CRASH, 0.02)) {
                crashed = true;
                throw new IllegalStateException("the tick's container is gone");
            }
            if (faults.inject(FaultKind.TICK_INVOKE_THROTTLED, 0.08)) {
                if (spec.variant() == Variant.THROTTLE_TAKEN_AS_QUEUED) {
                    return;
                }
                throw new CheckInvoker.Refused("account " + accountId + ": throttled (429)", true, null);
            }
            queued.add(new Queued(accountId, input));
            if (faults.inject(FaultKind.TICK_INVOKE_ANSWER_LOST, 0.05)) {
                throw new CheckInvoker.Refused("account " + accountId + ": no answer", true, null);
            }
        }
    }

    private void runCheck(Container container, String accountId, Instant scheduled, byte[] input) {
        observed.started.add(new Observed.Started(accountId, scheduled));
        JsonNode result = FunctionHarness.invoke(container.checker, input);
        observed.checked(accountId, result, time.now());
        trace.line(container.name + " " + result.path("checkId").asText() + " " + result.path("outcome").asText()
                + " ratio " + result.path("marginRatio").asText());
    }

    private void runTransfer(Container container, byte[] event) {
        JsonNode result = FunctionHarness.invoke(container.transfer, event);
        trace.line(container.name + " transfer " + result.path("intentId").asText() + " " + result.path("outcome").asText()
                + ": " + result.path("detail").asText());
    }

    /** EventBridge delivers what the functions publish; TopUpRequested goes to the transfer function. */
    final class SimBus implements EventPublisher {
        @Override
        public void publish(List<DomainEvent> events) {
            for (DomainEvent event : events) {
                observed.published(event, time.now());
                trace.line("published " + event.detailType() + " " + Json.write(Json.tree(event.detail())));
                if (event.detailType().equals("TopUpRequested")) {
                    deliver(event);
                }
            }
        }
    }

    private void deliver(DomainEvent event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("version", "0");
        envelope.put("id", "sim-" + (++invocations));
        envelope.put("detail-type", event.detailType());
        envelope.put("source", "margin-topup");
        envelope.put("account", "123456789012");
        envelope.put("time", time.now().toString());
        envelope.put("region", "us-east-1");
        envelope.put("resources", List.of());
        envelope.put("detail", Json.tree(event.detail()));
        byte[] bytes = Json.write(envelope).getBytes(StandardCharsets.UTF_8);
        String name = "transfer " + Json.tree(event.detail()).path("intentId").asText();
        invokeAsync("transfer", name, time.now().plusMillis(100 + market.nextInt(900)), 1,
                container -> runTransfer(container, bytes));
        if (faults.inject(FaultKind.CONCURRENT_DELIVERY, 0.08)) {
            invokeAsync("transfer", name + " (twin delivery)", time.now().plusMillis(100 + market.nextInt(900)), 1,
                    container -> runTransfer(container, bytes));
        }
        if (faults.inject(FaultKind.DUPLICATE_DELIVERY, 0.08)) {
            invokeAsync("transfer", name + " (redelivered)", time.now().plusSeconds(1 + market.nextInt(150)), 1,
                    container -> runTransfer(container, bytes));
        }
    }

    // ---------------------------------------------------------------- Lambda

    /**
     * Lambda's asynchronous invocation: a container (warm, or restored from the function's
     * snapshot), the function's timeout, and on failure up to {@link TransferBudget#LAMBDA_RETRIES}
     * retries after about one and two minutes, then the on-failure destination.
     */
    private void invokeAsync(String function, String name, Instant at, int attempt, Consumer<Container> body) {
        Duration timeout = function.equals("transfer") ? TransferBudget.FUNCTION_TIMEOUT
                : function.equals("checker") ? Duration.ofSeconds(320) : Duration.ofSeconds(30);
        invoke(function, name + (attempt > 1 ? " retry " + (attempt - 1) : ""), at, timeout, body, () -> {},
                why -> failed(function, name, attempt, body, why));
    }

    /** One invocation in a container, with the function's timeout; a crash, an error or the timeout is a failure. */
    private void invoke(String function, String name, Instant at, Duration timeout, Consumer<Container> body,
            Runnable succeeded, Consumer<String> failed) {
        scheduler.invoke(at, name, self -> {
            Container container = acquire(function);
            self.runsIn(container.name);
            boolean[] over = {false};
            Instant deadline = time.now().plus(timeout);
            scheduler.at(deadline, () -> {
                if (!self.finished() && !over[0]) {
                    over[0] = true;
                    scheduler.kill(self, "timed out");
                    discard(container);
                    trace.line(name + " timed out in " + container.name);
                    failed.accept("timeout");
                }
            });
            try {
                body.accept(container);
                over[0] = true;
                release(container);
                succeeded.run();
            } catch (ContainerCrash crash) {
                over[0] = true;
                discard(container);
                trace.line(name + " died in " + container.name + ": " + crash.getMessage());
                failed.accept("crash");
            } catch (RuntimeException error) {
                over[0] = true;
                release(container);
                observed.message(error.getMessage());
                trace.line(name + " failed: " + error.getClass().getSimpleName() + ": " + error.getMessage());
                failed.accept("error");
            }
        });
    }

    private void failed(String function, String name, int attempt, Consumer<Container> body, String why) {
        if (attempt <= TransferBudget.LAMBDA_RETRIES) {
            faults.count(FaultKind.LAMBDA_RETRY);
            Duration wait = TransferBudget.LAMBDA_FIRST_RETRY_DELAY.multipliedBy(attempt)
                    .plusMillis(market.nextInt(10_000) - 3_000);
            invokeAsync(function, name, time.now().plus(wait), attempt + 1, body);
        } else {
            faults.count(FaultKind.LAMBDA_ON_FAILURE);
            trace.line(name + " goes to the on-failure destination after " + attempt + " attempts (" + why + ")");
        }
    }

    private Container acquire(String function) {
        Deque<Container> pool = idle.computeIfAbsent(function, f -> new ArrayDeque<>());
        if (!pool.isEmpty()) {
            return pool.pop();
        }
        if (alive.getOrDefault(function, 0) > 0) {
            faults.count(FaultKind.SNAPSHOT_TWIN);
        }
        alive.merge(function, 1, Integer::sum);
        Duration skew = faults.inject(FaultKind.CLOCK_SKEW, 0.3)
                ? Duration.ofMillis(market.nextInt(5_001) - 2_500) : Duration.ZERO;
        Container container = new Container(function + "-" + (++containers), skew);
        trace.line("container " + container.name + " restored from the snapshot, clock " + skew.toMillis() + " ms off");
        return container;
    }

    private void release(Container container) {
        if (!container.gone) {
            idle.get(container.function).push(container);
        }
    }

    private void discard(Container container) {
        if (!container.gone) {
            container.gone = true;
            alive.merge(container.function, -1, Integer::sum);
            idle.get(container.function).remove(container);
        }
    }

    /**
     * One Lambda execution environment, as restored from the function's snapshot: its own clock
     * (possibly skewed), its own SDK client with the fault interceptor, its own DynamoLedger, secrets
     * cache and venue adapters, and the real handler.
     */
    final class Container {
        final String name;
        final String function;
        final CheckerHandler checker;
        final TransferHandler transfer;
        final ScheduleSyncHandler sync;
        final Clock clock;
        boolean gone;

        Container(String name, Duration skew) {
            this.name = name;
            this.function = name.substring(0, name.lastIndexOf('-'));
            Clock clock = time.clock(skew);
            this.clock = clock;
            DynamoLedger ledger = new DynamoLedger(
                    dynamoClient, LEDGER_TABLE, clock,
                    Duration.ofDays(365),
                    attempt -> scheduler.pause(Duration.ofMillis((10 + faults.draws().nextInt(30)) * attempt), false));
            SecretsCache secretsCache = new SecretsCache(secrets, clock);
            VenueWire wire = new VenueWire(JDK_CLIENT, venue, faults, scheduler, trace, name, observed);
            VenueConnector venues = (account, credentials) -> variant(
                    VenueFactory.create(account.venue(), account.venueEndpoint(), credentials, wire, clock));
            if (function.equals("checker")) {
                CheckService checks = new CheckService(Accounts.VALIDATOR, secretsCache, venues, ledger, bus, clock);
                this.checker = new CheckerHandler(new FastPolling(checks,
                        moment -> scheduler.pause(Duration.between(clock.instant(), moment), false)), metrics);
                this.transfer = null;
                this.sync = null;
            } else if (function.equals("tick")) {
                // The tick is built per minute around its invoker (runTick), on this container's clock.
                this.checker = null;
                this.transfer = null;
                this.sync = null;
            } else if (function.equals("schedule-sync")) {
                this.checker = null;
                this.transfer = null;
                this.sync = new ScheduleSyncHandler(
                        new ScheduleSync(schedulerClient, SCHEDULES, Accounts.VALIDATOR, bus, ledger, clock), accounts);
            } else {
                this.checker = null;
                this.sync = null;
                this.transfer = new TransferHandler(new TransferService(accounts, Accounts.VALIDATOR, secretsCache,
                        venues, ledger, bus, metrics, clock, TransferBudget.LEASE));
            }
        }
    }

    private MarginVenue variant(MarginVenue real) {
        if (spec.variant() != Variant.CLIENT_ID_PER_ATTEMPT) {
            return real;
        }
        // The first attempt of an intent keeps its id; every later one makes up its own.
        Map<String, String> ids = new HashMap<>();
        java.util.function.UnaryOperator<String> idOf = clientId -> ids.computeIfAbsent(clientId, id -> {
            int attempt = attemptsPerIntent.merge(id, 1, Integer::sum);
            return attempt == 1 ? id : id + "-attempt" + attempt;
        });
        return (MarginVenue) Proxy.newProxyInstance(MarginVenue.class.getClassLoader(), new Class<?>[] {MarginVenue.class},
                (proxy, method, args) -> {
                    Object[] changed = args == null ? null : args.clone();
                    if (changed != null && changed.length > 0 && changed[0] instanceof TransferInstruction i) {
                        changed[0] = new TransferInstruction(idOf.apply(i.clientId()), i.asset(), i.amount(),
                                i.fromWallet(), i.mode(), i.symbol(), i.createdAt());
                    }
                    try {
                        return method.invoke(real, changed);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void close() {
        SharedDynamo.unbind();
        SimSchedules.unbind();
        if (venue != null) {
            venue.close();
        }
    }
}
