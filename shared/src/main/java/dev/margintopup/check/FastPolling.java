package dev.margintopup.check;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.alert.Risk;
import dev.margintopup.check.CheckResult.Outcome;
import dev.margintopup.policy.MarginSnapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One scheduled check, and — while the account is inside its watch band — more of them every
 * {@code pollIntervalSeconds} until the next scheduled check is due. Scheduler fires at most once
 * a minute; a position just outside its trigger can be liquidated by the next large one-minute
 * candle, so near the trigger the checker keeps looking within the same invocation.
 *
 * <p>Each poll is a full check with its own id: the scheduled time plus the poll's offset
 * ({@link CheckService#check(CheckRequest, Duration)}). A redelivered invocation polls at the same offsets, so the
 * ledger's de-duplication and the intent protocol hold for polls exactly as for scheduled checks.
 * The last poll starts {@link #MARGIN} before the next scheduled check, so two invocations of one
 * account never overlap. Far from the band nothing changes: one check, one venue request.
 */
public final class FastPolling {

    /**
     * Polling never runs longer than this after the scheduled time, whatever the check rate: the
     * checker's Lambda timeout is sized for it (a test reads the template).
     */
    public static final Duration MAX_WINDOW = Duration.ofMinutes(5);

    /**
     * The last poll starts at least this long before the next scheduled check is due: room for its
     * venue request (5 s timeout) and its ledger writes, so invocations never overlap.
     */
    public static final Duration MARGIN = Duration.ofSeconds(10);

    /** The longest one check may take: a venue read retried once with a fresh key, ledger writes, the bus. */
    public static final Duration LONGEST_CHECK = Duration.ofSeconds(20);

    /**
     * Polling goes on while the account is in the band and nothing is under way: once a top-up is
     * requested or in flight, the transfer acts and the next scheduled check looks again. A top-up
     * the cooldown holds back keeps polling: that account needs the next look most, and the first
     * poll after the cooldown acts, so the time until protection can act again after a top-up is
     * bounded by the cooldown plus one poll (decision 0034), not by the next scheduled check after it.
     */
    private static final Set<Outcome> KEEP_POLLING =
            Set.of(Outcome.NO_ACTION, Outcome.ALERT, Outcome.DRY_RUN, Outcome.COOLING_DOWN);

    private final CheckService checks;
    private final Clock clock;
    private final Sleeper sleeper;

    public FastPolling(CheckService checks, Sleeper sleeper) {
        this.checks = checks;
        this.clock = checks.clock();
        this.sleeper = sleeper;
    }

    /** Polling that sleeps the thread on the checks' clock: what Lambda runs. */
    public static FastPolling sleeping(CheckService checks) {
        return new FastPolling(checks, Sleeper.onClock(checks.clock()));
    }

    /**
     * Runs the scheduled check and any polls it leads to, handing each result to {@code each} as
     * it comes; returns them all, the scheduled check first.
     */
    public List<CheckResult> run(CheckRequest request, Consumer<CheckResult> each) {
        List<CheckResult> results = new ArrayList<>();
        CheckResult result = checks.check(request);
        results.add(result);
        each.accept(result);
        Duration offset = Duration.ZERO;
        while (result.watchBand() != null && KEEP_POLLING.contains(result.outcome())) {
            CheckResult.WatchBand band = result.watchBand();
            Duration interval = Duration.ofSeconds(band.pollIntervalSeconds());
            Instant lastStart = lastPollStart(request.scheduledTime(), band.checkRateMinutes());
            offset = offset.plus(interval);
            // A poll whose moment already passed (a slow check, a late delivery) is skipped, not run late.
            while (request.scheduledTime().plus(offset).isBefore(clock.instant())) {
                offset = offset.plus(interval);
            }
            Instant at = request.scheduledTime().plus(offset);
            if (at.isAfter(lastStart)) {
                break;
            }
            try {
                sleeper.sleepUntil(at);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            result = checks.check(request, offset);
            results.add(result);
            each.accept(result);
        }
        return results;
    }

    /**
     * The longest an account inside its watch band goes without a look: the poll interval, or, from
     * the last poll of a window to the next scheduled check, less than the interval plus
     * {@link #MARGIN} (which also covers one poll skipped after a slow check), plus whatever of the
     * schedule lies beyond {@link #MAX_WINDOW}, where nothing polls; never longer than the schedule
     * itself. The volatility buffer covers the market's move over this (plus the transfer's
     * latency), since candles are read only in the band.
     */
    public static Duration nextLookWithin(int pollIntervalSeconds, int checkRateMinutes) {
        Duration scheduled = Duration.ofMinutes(checkRateMinutes);
        Duration unpolled = scheduled.compareTo(MAX_WINDOW) > 0 ? scheduled.minus(MAX_WINDOW) : Duration.ZERO;
        Duration polled = Duration.ofSeconds(pollIntervalSeconds).plus(MARGIN).plus(unpolled);
        return polled.compareTo(scheduled) < 0 ? polled : scheduled;
    }

    /** The latest moment a poll may start: the next scheduled check (or the window's end) less {@link #MARGIN}. */
    public static Instant lastPollStart(Instant scheduledTime, int checkRateMinutes) {
        Duration window = Duration.ofMinutes(checkRateMinutes);
        return scheduledTime.plus(window.compareTo(MAX_WINDOW) < 0 ? window : MAX_WINDOW).minus(MARGIN);
    }

    /**
     * Whether the snapshot puts the account inside its watch band: it has move settings, and the
     * move it survives (or, where the venue reports no positions, its distance to the venue's
     * liquidation price) is within {@code watchBandMovePercent}. An account protected by the ratio
     * pair alone has no band and is never polled.
     */
    public static CheckResult.WatchBand band(MarginSnapshot snapshot, AccountConfig account) {
        if (account.moves() == null || snapshot.maintenanceMargin().signum() == 0) {
            return null;
        }
        BigDecimal distance = Risk.distanceToLiquidation(snapshot);
        if (distance == null || distance.compareTo(account.moves().watchBandMove()) > 0) {
            return null;
        }
        return new CheckResult.WatchBand(account.moves().pollIntervalSeconds(), account.checkRateMinutes());
    }
}
