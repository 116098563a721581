package dev.margintopup.wiring;

import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.aws.AwsClients;
import dev.margintopup.aws.DynamoAccountsTable;
import dev.margintopup.aws.DynamoLedger;
import dev.margintopup.aws.EmfMetrics;
import dev.margintopup.aws.EventBridgePublisher;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.check.CheckService;
import dev.margintopup.check.Sleeper;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.observability.Metrics;
import dev.margintopup.policy.Candle;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MarketPace;
import dev.margintopup.policy.Position;
import dev.margintopup.policy.TopUpPolicy;
import dev.margintopup.policy.VolatilityBuffer;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.schedule.ScheduleSync;
import dev.margintopup.secrets.SecretsCache;
import dev.margintopup.tick.CheckInvoker;
import dev.margintopup.tick.Tick;
import dev.margintopup.topup.TransferBudget;
import dev.margintopup.topup.TransferService;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.connect.VenueFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds each function's service from its environment (set by template.yaml) and the SDK
 * clients it uses: the one place where the services' ports meet their AWS adapters. On Lambda
 * each function starts from its own factory ({@link #forChecker}, {@link #forTransfer},
 * {@link #forScheduleSync}, {@link #forTick}), which builds clients with {@link AwsClients#build} the first time a
 * service needs them and names no client its function does not ship: the checker and the
 * transfer function never a Scheduler client, schedule-sync never a Secrets Manager one. Tests
 * and the local runner pass clients pointed at the emulator, and their own clock.
 */
public final class Services {

    private final Supplier<DynamoDbClient> dynamo;
    private final Supplier<EventBridgeClient> events;
    private final Supplier<SecretsManagerClient> secrets;
    private final Supplier<SchedulerClient> scheduler;
    private final Clock clock;
    private final Environment env;

    /** The names that differ per deployment (and per local stack). */
    public record Environment(String accountsTable, String ledgerTable, String eventBus, String secretPrefix,
            Duration retention, Duration lease, ScheduleSettings schedules) {

        public static Environment fromSystem() {
            return new Environment(
                    AwsClients.env("ACCOUNTS_TABLE"),
                    AwsClients.env("LEDGER_TABLE"),
                    AwsClients.env("EVENT_BUS_NAME"),
                    AwsClients.env("SECRET_PREFIX", "margin-topup"),
                    Duration.ofDays(Long.parseLong(AwsClients.env("RETENTION_DAYS", "365"))),
                    Duration.ofSeconds(Long.parseLong(AwsClients.env("LEASE_SECONDS",
                            Long.toString(TransferBudget.LEASE.toSeconds())))),
                    new ScheduleSettings(
                            AwsClients.env("SCHEDULE_GROUP", "default"),
                            AwsClients.env("CHECKER_TARGET_ARN", ""),
                            AwsClients.env("SCHEDULER_ROLE_ARN", ""),
                            AwsClients.env("SCHEDULE_DLQ_ARN", "")));
        }
    }

    public Services(DynamoDbClient dynamo, EventBridgeClient events, SecretsManagerClient secrets,
            SchedulerClient scheduler, Clock clock, Environment env) {
        this(() -> dynamo, () -> events, () -> secrets, () -> scheduler, clock, env);
    }

    /** Clients made by {@code supplier}s, each called at most once, when a service first needs it. */
    Services(Supplier<DynamoDbClient> dynamo, Supplier<EventBridgeClient> events,
            Supplier<SecretsManagerClient> secrets, Supplier<SchedulerClient> scheduler, Clock clock,
            Environment env) {
        this.dynamo = once(dynamo);
        this.events = once(events);
        this.secrets = once(secrets);
        this.scheduler = once(scheduler);
        this.clock = clock;
        this.env = env;
    }

    /*
     * What a function container builds once, at init (and what SnapStart snapshots): the handler
     * asks for its service, which builds the clients that service uses. Each names only its own
     * function's clients, and each function's pom declares only those: a client it does not use
     * is not in its jar at all, and asking for one fails with a message that names it.
     */

    /** The checker: DynamoDB (ledger), EventBridge (TopUpRequested), Secrets Manager (read keys). */
    public static Services forChecker() {
        return new Services(() -> AwsClients.build(DynamoDbClient.builder()),
                () -> AwsClients.build(EventBridgeClient.builder()),
                () -> AwsClients.build(SecretsManagerClient.builder()), notIn("checker", "Scheduler"),
                Clock.systemUTC(), Environment.fromSystem());
    }

    /** The transfer function: the checker's three clients (transfer keys instead of read keys). */
    public static Services forTransfer() {
        return new Services(() -> AwsClients.build(DynamoDbClient.builder()),
                () -> AwsClients.build(EventBridgeClient.builder()),
                () -> AwsClients.build(SecretsManagerClient.builder()), notIn("transfer", "Scheduler"),
                Clock.systemUTC(), Environment.fromSystem());
    }

    /** schedule-sync: Scheduler, DynamoDB (accounts, audit) and EventBridge; never a venue key. */
    public static Services forScheduleSync() {
        return new Services(() -> AwsClients.build(DynamoDbClient.builder()),
                () -> AwsClients.build(EventBridgeClient.builder()), notIn("schedule-sync", "Secrets Manager"),
                () -> AwsClients.build(SchedulerClient.builder()), Clock.systemUTC(), Environment.fromSystem());
    }

    /**
     * The tick: DynamoDB only (a Scan of the Accounts table); its Lambda client, which invokes the
     * checker, is built by the tick function itself and handed to {@link #tick}.
     */
    public static Services forTick() {
        return new Services(() -> AwsClients.build(DynamoDbClient.builder()), notIn("tick", "EventBridge"),
                notIn("tick", "Secrets Manager"), notIn("tick", "Scheduler"), Clock.systemUTC(),
                Environment.fromSystem());
    }

    /** A client the function does not ship: a wiring mistake, named, instead of a NoClassDefFoundError. */
    private static <T> Supplier<T> notIn(String function, String client) {
        return () -> {
            throw new IllegalStateException("the " + function + " function has no " + client
                    + " client (not in its jar); a service that needs one belongs to another function");
        };
    }

    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T made;

            @Override
            public synchronized T get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    public CheckService checkService(VenueConnector venues) {
        return new CheckService(validator(), secretsCache(), venues, ledger(), bus(), clock);
    }

    public CheckService checkService() {
        return checkService(VenueFactory.standardConnector(clock));
    }

    public TransferService transferService(VenueConnector venues) {
        return new TransferService(accountsTable(), validator(), secretsCache(), venues, ledger(), bus(), metrics(),
                clock, env.lease());
    }

    public TransferService transferService() {
        return transferService(VenueFactory.standardConnector(clock));
    }

    public ScheduleSync scheduleSync() {
        return new ScheduleSync(scheduler.get(), env.schedules(), validator(), bus(), ledger(), clock);
    }

    /** The deployment's one-minute tick, handing checks to the checker through {@code checker}. */
    public Tick tick(CheckInvoker checker) {
        return new Tick(accountsTable(), validator(), checker, Sleeper.onClock(clock), clock, Tick.Settings.DEFAULT);
    }

    public AccountsTable accountsTable() {
        return new DynamoAccountsTable(dynamo.get(), env.accountsTable());
    }

    public Ledger ledger() {
        return new DynamoLedger(dynamo.get(), env.ledgerTable(), clock, env.retention());
    }

    // ---------------------------------------------------------------- SnapStart priming

    /** The account id priming reads: it cannot exist (account ids never start with an underscore). */
    static final String PRIMING_ACCOUNT = "__priming__";

    /**
     * The checker's priming: pure work on a sample account and snapshot, and one GetItem on the
     * ledger (its role may read the ledger, nothing it may write is touched).
     */
    public Runnable checkerPriming() {
        return () -> {
            primePureCode();
            ledger().state(PRIMING_ACCOUNT);
        };
    }

    /** The transfer function's priming: the checker's, plus a consistent read of the Accounts table. */
    public Runnable transferPriming() {
        return () -> {
            primePureCode();
            ledger().intent(PRIMING_ACCOUNT, "none");
            accountsTable().read(PRIMING_ACCOUNT);
        };
    }

    /** schedule-sync's priming: validation, a read of the Accounts table and of one schedule. */
    public Runnable scheduleSyncPriming() {
        return () -> {
            primePureCode();
            accountsTable().read(PRIMING_ACCOUNT);
            scheduleSync().schedule(PRIMING_ACCOUNT);
        };
    }

    /**
     * The tick's priming: validation and JSON, and one Scan of the Accounts table, the only call its
     * role may make on DynamoDB (the Lambda client is primed by the tick function with a dry run).
     */
    public Runnable tickPriming() {
        return () -> {
            primePureCode();
            accountsTable().allEventuallyConsistent();
        };
    }

    /** Validation, the policy and JSON on made-up values: loads and compiles the hot path. */
    private void primePureCode() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("accountId", "priming");
        item.put("venue", new java.util.TreeSet<>(VenueFactory.supportedVenues()).first());
        item.put("venueEndpoint", "http://127.0.0.1:1");
        item.put("marginMode", "cross");
        item.put("asset", "USDT");
        item.put("sourceWallet", "FUNDING");
        item.put("triggerRatio", new BigDecimal("0.2"));
        item.put("targetRatio", new BigDecimal("0.1"));
        item.put("triggerMovePercent", new BigDecimal("3"));
        item.put("targetMovePercent", new BigDecimal("8"));
        item.put("maxTransfer", new BigDecimal("1000"));
        item.put("dailyCap", new BigDecimal("5000"));
        item.put("minTransfer", new BigDecimal("10"));
        item.put("cooldownSeconds", new BigDecimal("60"));
        item.put("readSecretId", env.secretPrefix() + "/read/priming");
        item.put("transferSecretId", env.secretPrefix() + "/transfer/priming");
        item.put("enabled", Boolean.TRUE);
        var validation = validator().validate(Json.decode(Json.tree(item), AccountItem.class, "the priming item")
                .attributes());
        if (validation instanceof Validation.Valid valid) {
            var position = new Position("PRIMING", Position.Side.LONG, BigDecimal.ONE, new BigDecimal("50000"),
                    new BigDecimal("250"), null);
            var snapshot = new MarginSnapshot("priming", clock.instant(), "USDT",
                    new BigDecimal("1000"), new BigDecimal("250"), new BigDecimal("5000"),
                    new BigDecimal("0.01"), null, null, List.of(position));
            var candle = new Candle(clock.instant(), new BigDecimal("50000"), new BigDecimal("50100"),
                    new BigDecimal("49900"), new BigDecimal("50000"));
            MarketPace pace = MarketPace.of(List.of(candle, candle), BigDecimal.ONE,
                    VolatilityBuffer.horizon(java.time.Duration.ofMinutes(1)));
            TopUpPolicy.decide(snapshot, valid.config(), BigDecimal.ZERO, false, pace);
        }
    }

    private AccountValidator validator() {
        return new AccountValidator(env.secretPrefix(), VenueFactory.supportedVenues());
    }

    private SecretsCache secretsCache() {
        return new SecretsCache(secrets.get(), clock);
    }

    private EventPublisher bus() {
        return new EventBridgePublisher(events.get(), env.eventBus());
    }

    /** What the handlers and the transfer report as EMF metrics. */
    public Metrics metrics() {
        return new EmfMetrics();
    }
}
