package dev.margintopup.tick;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.FieldProblem;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountsTable;
import dev.margintopup.check.Sleeper;
import dev.margintopup.schedule.CheckInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment's one-minute tick (decision 0032): reads the Accounts table, validates each item
 * as schedule-sync does, and hands each enabled account that is due this minute one check, with
 * the input its own schedule would carry ({@link CheckInput}). A bad item is skipped with every bad
 * field named and never holds back the others; a refused invoke is retried with backoff while the
 * minute allows.
 *
 * <p>An account checked every N minutes is due when the minute since the epoch, modulo N, equals
 * an offset taken from its id ({@link #offset}), so accounts of one cadence spread over its minutes
 * instead of all falling on the same one.
 */
public final class Tick {

    private static final Logger LOG = LoggerFactory.getLogger(Tick.class);

    /**
     * How the tick hands checks on.
     *
     * @param parallelism invokes in flight at once
     * @param maxAttempts attempts per account, the first included
     * @param firstBackoff the wait before the first retry; each next one doubles (with jitter)
     * @param budget how long after the tick starts a retry may still begin: the next minute's tick
     *     takes over after that
     */
    public record Settings(int parallelism, int maxAttempts, Duration firstBackoff, Duration budget) {

        /**
         * 16 in flight: at a 30–50 ms round trip that is 1000 accounts in 2–3 s. Four attempts
         * 0.2, 0.4 and 0.8 s apart ride out a throttling burst; 40 s leaves the tick (timeout 50 s)
         * room to return before the next minute's.
         */
        public static final Settings DEFAULT = new Settings(16, 4, Duration.ofMillis(200), Duration.ofSeconds(40));

        public Settings {
            if (parallelism < 1 || maxAttempts < 1 || firstBackoff.isNegative() || budget.isNegative()) {
                throw new IllegalArgumentException("tick settings out of range: " + parallelism + ", " + maxAttempts
                        + ", " + firstBackoff + ", " + budget);
            }
        }
    }

    private final AccountsTable accounts;
    private final AccountValidator validator;
    private final CheckInvoker checker;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Settings settings;

    public Tick(AccountsTable accounts, AccountValidator validator, CheckInvoker checker, Sleeper sleeper, Clock clock,
            Settings settings) {
        this.accounts = accounts;
        this.validator = validator;
        this.checker = checker;
        this.sleeper = sleeper;
        this.clock = clock;
        this.settings = settings;
    }

    /** The minute (of those since the epoch) on which an account with this cadence is due. */
    public static int offset(String accountId, int cadenceMinutes) {
        // String.hashCode is fixed by the language specification: the same offset on every JVM, every
        // deploy, so an account's checks stay evenly spaced across versions of the function.
        return Math.floorMod(accountId.hashCode(), cadenceMinutes);
    }

    /** Whether an account with this cadence is due in the given minute since the epoch. */
    public static boolean isDue(String accountId, int cadenceMinutes, long minuteSinceEpoch) {
        return Math.floorMod(minuteSinceEpoch, cadenceMinutes) == offset(accountId, cadenceMinutes);
    }

    public TickResult run(TickRequest request) {
        Instant started = clock.instant();
        Instant minute = request.scheduledTime().truncatedTo(ChronoUnit.MINUTES);
        long minuteSinceEpoch = Math.floorDiv(minute.getEpochSecond(), 60);
        List<AccountItem> items = accounts.allEventuallyConsistent();

        List<TickResult.Skipped> invalid = new ArrayList<>();
        List<Due> due = new ArrayList<>();
        int disabled = 0;
        int notDue = 0;
        for (AccountItem item : items) {
            Validation validation;
            try {
                validation = validator.validate(item.attributes());
            } catch (RuntimeException e) {
                // A validator bug on one odd item must not cost every other account its check.
                validation = new Validation.Invalid(item.accountId(), List.of(new FieldProblem(
                        AccountValidator.ACCOUNT_ID, "the item could not be validated: " + e)));
            }
            switch (validation) {
                case Validation.Invalid bad -> {
                    String reason = bad.problems().toString();
                    LOG.error("account {} skipped this minute, its item is invalid (fix the item; nothing is checked"
                            + " until then): {}", item.accountId(), reason);
                    invalid.add(new TickResult.Skipped(item.accountId(), reason));
                }
                case Validation.Valid valid when !valid.config().enabled() -> disabled++;
                case Validation.Valid valid when !isDue(valid.config().accountId(),
                        valid.config().checkRateMinutes(), minuteSinceEpoch) -> notDue++;
                case Validation.Valid valid -> due.add(new Due(valid.config()));
            }
        }

        Instant deadline = started.plus(settings.budget());
        AtomicInteger retries = new AtomicInteger();
        List<TickResult.Skipped> failed = new ArrayList<>();
        int queued = 0;
        for (Outcome outcome : handOn(due, minute, deadline, retries)) {
            if (outcome.failure() == null) {
                queued++;
            } else {
                failed.add(new TickResult.Skipped(outcome.accountId(), outcome.failure()));
            }
        }
        long millis = Duration.between(started, clock.instant()).toMillis();
        TickResult result = new TickResult(minute, items.size(), queued, notDue, disabled, retries.get(), invalid,
                failed, millis);
        LOG.info("tick {}: {} accounts, {} checks queued, {} not due, {} disabled, {} invalid, {} not queued,"
                + " {} retries, {} ms", minute, items.size(), queued, notDue, disabled, invalid.size(), failed.size(),
                retries.get(), millis);
        return result;
    }

    private record Due(AccountConfig config) {}

    private record Outcome(String accountId, String failure) {}

    private List<Outcome> handOn(List<Due> due, Instant minute, Instant deadline, AtomicInteger retries) {
        if (due.isEmpty()) {
            return List.of();
        }
        List<Outcome> outcomes = new ArrayList<>();
        AtomicInteger threads = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), due.size()),
                runnable -> Thread.ofPlatform().daemon().name("tick-invoke-" + threads.incrementAndGet())
                        .unstarted(runnable))) {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (Due account : due) {
                String input = CheckInput.at(account.config(), minute);
                pending.add(pool.submit(() -> invoke(account.config().accountId(), input, deadline, retries)));
            }
            for (int i = 0; i < pending.size(); i++) {
                outcomes.add(outcomeOf(pending.get(i), due.get(i).config().accountId()));
            }
        }
        return outcomes;
    }

    private static Outcome outcomeOf(Future<Outcome> pending, String accountId) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(accountId, "the tick was interrupted");
        } catch (ExecutionException e) {
            return new Outcome(accountId, "the invoke failed unexpectedly: " + e.getCause());
        }
    }

    private Outcome invoke(String accountId, String input, Instant deadline, AtomicInteger retries) {
        for (int attempt = 1; ; attempt++) {
            try {
                checker.invoke(accountId, input);
                return new Outcome(accountId, null);
            } catch (CheckInvoker.Refused refused) {
                Duration wait = backoff(attempt);
                Instant retryAt = clock.instant().plus(wait);
                String cause = refused.getMessage();
                if (!refused.retryable() || attempt >= settings.maxAttempts() || retryAt.isAfter(deadline)) {
                    LOG.error("the check of account {} was not queued this minute after {} attempt(s): {}",
                            accountId, attempt, cause);
                    return new Outcome(accountId, cause + " (" + attempt + " attempt(s))");
                }
                LOG.warn("the check of account {} was not queued (attempt {}), retrying in {} ms: {}", accountId,
                        attempt, wait.toMillis(), cause);
                retries.incrementAndGet();
                try {
                    sleeper.sleepUntil(retryAt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome(accountId, cause + "; interrupted before retrying");
                }
            } catch (RuntimeException e) {
                LOG.error("the check of account {} was not queued this minute: {}", accountId, e.toString());
                return new Outcome(accountId, e.toString());
            }
        }
    }

    /** The first backoff doubled per attempt, each wait drawn from its upper half so parallel retries spread. */
    private Duration backoff(int attempt) {
        long full = settings.firstBackoff().toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }
}
