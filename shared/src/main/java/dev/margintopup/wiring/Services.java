package dev.margintopup.wiring;

import dev.margintopup.account.AccountValidator;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.aws.AwsClients;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.check.CheckService;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.schedule.ScheduleSettings;
import dev.margintopup.schedule.ScheduleSync;
import dev.margintopup.secrets.SecretsCache;
import dev.margintopup.topup.TransferService;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueFactory;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds each function's service from its environment (set by template.yaml) and a set of SDK
 * clients. Lambda uses the clients from {@link AwsClients}; tests and the local runner pass
 * clients pointed at the emulator, and their own clock.
 */
public final class Services {

    private final DynamoDbClient dynamo;
    private final EventBridgeClient events;
    private final SecretsManagerClient secrets;
    private final SchedulerClient scheduler;
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
                    Duration.ofSeconds(Long.parseLong(AwsClients.env("LEASE_SECONDS", "60"))),
                    new ScheduleSettings(
                            AwsClients.env("SCHEDULE_GROUP", "default"),
                            AwsClients.env("CHECKER_TARGET_ARN", ""),
                            AwsClients.env("SCHEDULER_ROLE_ARN", ""),
                            AwsClients.env("SCHEDULE_DLQ_ARN", "")));
        }
    }

    public Services(DynamoDbClient dynamo, EventBridgeClient events, SecretsManagerClient secrets,
            SchedulerClient scheduler, Clock clock, Environment env) {
        this.dynamo = dynamo;
        this.events = events;
        this.secrets = secrets;
        this.scheduler = scheduler;
        this.clock = clock;
        this.env = env;
    }

    /** What a function container builds once, at init (and what SnapStart snapshots). */
    public static Services fromEnvironment() {
        return new Services(AwsClients.dynamoDb(), AwsClients.eventBridge(), AwsClients.secretsManager(),
                AwsClients.scheduler(), Clock.systemUTC(), Environment.fromSystem());
    }

    public CheckService checkService(VenueConnector venues) {
        return new CheckService(validator(), secretsCache(), venues, ledger(), bus(), clock);
    }

    public CheckService checkService() {
        return checkService(VenueConnector.standard(clock));
    }

    public TransferService transferService(VenueConnector venues) {
        return new TransferService(new AccountsTable(dynamo, env.accountsTable()), validator(), secretsCache(), venues,
                ledger(), bus(), clock, env.lease());
    }

    public TransferService transferService() {
        return transferService(VenueConnector.standard(clock));
    }

    public ScheduleSync scheduleSync() {
        return new ScheduleSync(scheduler, env.schedules(), validator(), bus(), ledger(), clock);
    }

    public AccountsTable accountsTable() {
        return new AccountsTable(dynamo, env.accountsTable());
    }

    public Ledger ledger() {
        return new Ledger(dynamo, env.ledgerTable(), clock, env.retention());
    }

    private AccountValidator validator() {
        return new AccountValidator(env.secretPrefix(), VenueFactory.supportedVenues());
    }

    private SecretsCache secretsCache() {
        return new SecretsCache(secrets, clock, SecretsCache.DEFAULT_TTL);
    }

    private EventPublisher bus() {
        return new EventPublisher(events, env.eventBus());
    }
}
