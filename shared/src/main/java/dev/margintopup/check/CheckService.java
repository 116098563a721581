package dev.margintopup.check;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.FieldProblem;
import dev.margintopup.account.MoveSettings;
import dev.margintopup.account.Validation;
import dev.margintopup.alert.Risk;
import dev.margintopup.alert.SentAlert;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.bus.EventPublisher;
import dev.margintopup.bus.MarginAtRisk;
import dev.margintopup.bus.RescueCapacityLow;
import dev.margintopup.bus.SweepRequested;
import dev.margintopup.bus.TopUpRequested;
import dev.margintopup.check.CheckResult.Outcome;
import dev.margintopup.ledger.AccountState;
import dev.margintopup.ledger.CheckId;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.Leg;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.ledger.Ledger;
import dev.margintopup.ledger.OpenResult;
import dev.margintopup.policy.Candle;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MarketPace;
import dev.margintopup.policy.MoveProtection;
import dev.margintopup.policy.Position;
import dev.margintopup.policy.SweepDecision;
import dev.margintopup.policy.SweepPolicy;
import dev.margintopup.policy.TopUpPolicy;
import dev.margintopup.policy.VolatilityBuffer;
import dev.margintopup.secrets.SecretsCache;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check of one account: read its margin, decide with the pure policy, and — only when there
 * is something to do — record the decision atomically in the ledger and publish it.
 *
 * <p>A check with nothing to do (the 99 % case) makes one venue request and no AWS call once
 * the container is warm, except the occasional last-seen write (see {@link LastSeen}).
 */
public final class CheckService {

    private static final Logger LOG = LoggerFactory.getLogger(CheckService.class);

    /** An account that stays at risk for the same cause, no worse, is announced again after this long. */
    static final java.time.Duration ALERT_REPEAT = SentAlert.REPEAT_UNCHANGED;

    /** A pending intent older than this has lost its {@code TopUpRequested}; Lambda retries come later than this. */
    static final java.time.Duration REPUBLISH_AFTER = java.time.Duration.ofSeconds(30);

    private final AccountValidator validator;
    private final SecretsCache secrets;
    private final VenueConnector venues;
    private final Ledger ledger;
    private final EventPublisher bus;
    private final Clock clock;
    private final LastSeen lastSeen;
    private final VanishedPositions vanished;

    public CheckService(AccountValidator validator, SecretsCache secrets, VenueConnector venues, Ledger ledger,
            EventPublisher bus, Clock clock) {
        this.validator = validator;
        this.secrets = secrets;
        this.venues = venues;
        this.ledger = ledger;
        this.bus = bus;
        this.clock = clock;
        this.lastSeen = new LastSeen();
        this.vanished = new VanishedPositions(ledger, bus, clock);
    }

    /** The clock checks are decided by; fast polling waits on it. */
    public Clock clock() {
        return clock;
    }

    public CheckResult check(CheckRequest request) {
        return check(request, Duration.ZERO);
    }

    /**
     * One check of the scheduled invocation {@code request}, {@code pollOffset} after its scheduled
     * time (zero for the scheduled check itself, a fast poll's offset otherwise). The check's id is
     * the scheduled time plus that offset: every redelivery of one invocation polls at the same
     * offsets, so the ledger acts on each poll once, and a poll ends before the next scheduled time.
     */
    public CheckResult check(CheckRequest request, Duration pollOffset) {
        CheckId check = new CheckId(request.accountId(), request.scheduledTime().plus(pollOffset));
        Validation validation = validator.validate(request.account().attributes());
        if (validation instanceof Validation.Invalid invalid) {
            return reportInvalid(check, invalid.problems(), "checker");
        }
        AccountConfig account = ((Validation.Valid) validation).config();
        if (!account.accountId().equals(request.accountId())) {
            return reportInvalid(check, List.of(new FieldProblem("accountId", "the schedule is for account "
                    + request.accountId() + " but its embedded config is for " + account.accountId()
                    + "; the daily reconcile rewrites the schedule")), "checker");
        }
        if (!account.enabled()) {
            return result(check, Outcome.DISABLED, null, null, null, "enabled is false");
        }

        MarginSnapshot snapshot;
        try {
            snapshot = readMargin(account);
        } catch (SecretsCache.SecretUnusable e) {
            return reportInvalid(check, List.of(new FieldProblem(account.readKey().field(), e.getMessage())), "checker");
        } catch (VenueException e) {
            if (e.kind() == VenueException.Kind.AUTH || e.kind() == VenueException.Kind.CONFIG) {
                secrets.evict(account.readKey());
                return reportInvalid(check, List.of(new FieldProblem(account.readKey().field(),
                        "the venue refused the read key: " + e.getMessage())), "checker");
            }
            LOG.warn("margin could not be read; the next check tries again: {}", e.getMessage());
            return result(check, Outcome.VENUE_ERROR, null, null, null, e.getMessage());
        }

        BigDecimal ratio = snapshot.marginRatio();
        if (snapshot.maintenanceMargin().signum() == 0) {
            Optional<String> reported = vanished.reportIfVanished(check, account,
                    () -> venues.connect(account, secrets.credentials(account.readKey())));
            if (reported.isPresent()) {
                return result(check, Outcome.POSITION_GONE, ratio, null, null, reported.get());
            }
        } else {
            vanished.seen(account.accountId());
        }
        MarketPace pace = marketPace(account, snapshot);
        Decision decision = TopUpPolicy.decide(snapshot, account, BigDecimal.ZERO, false, pace);
        SourceBalances sources = null;
        boolean acting = !(decision instanceof Decision.NoAction);
        boolean rescueDue = rescueDue(account, snapshot, ratio, acting);
        if (acting || rescueDue) {
            // About to act (or to measure the rescue capacity): only now are the sources worth a request.
            try {
                sources = readSources(account, snapshot.transferStep());
                snapshot = snapshot.withSourceFree(sources.total());
            } catch (SecretsCache.SecretUnusable | VenueException e) {
                if (acting) {
                    return sourcesUnread(check, account, ratio, e);
                }
                // Only the rescue capacity needed them: the check itself has nothing to do.
                LOG.warn("the sources could not be read; rescue capacity not measured this time: {}", e.getMessage());
            }
            if (acting) {
                decision = TopUpPolicy.decide(snapshot, account, BigDecimal.ZERO, false, pace);
            }
        }
        CheckResult result = decide(check, account, snapshot, ratio, decision, pace, sources)
                .withDistanceToLiquidation(snapshot.distanceToLiquidation())
                .insideWatchBand(FastPolling.band(snapshot, account));
        return rescueDue && sources != null ? withRescueCapacity(check, account, snapshot, sources, result) : result;
    }

    /** A check about to act whose sources could not be read: a key or wallet to fix, or the next check tries again. */
    private CheckResult sourcesUnread(CheckId check, AccountConfig account, BigDecimal ratio, RuntimeException e) {
        if (e instanceof SecretsCache.SecretUnusable) {
            return reportInvalid(check, List.of(new FieldProblem(account.readKey().field(), e.getMessage())), "checker");
        }
        VenueException venue = (VenueException) e;
        if (venue.kind() == VenueException.Kind.AUTH) {
            secrets.evict(account.readKey());
            return reportInvalid(check, List.of(new FieldProblem(account.readKey().field(),
                    "the venue refused the read key for the source wallet: " + e.getMessage())), "checker");
        }
        if (venue.kind() == VenueException.Kind.CONFIG) {
            boolean listed = account.sources().size() > 1 || !account.sources().getFirst().isPlain();
            return reportInvalid(check, List.of(new FieldProblem(listed ? AccountValidator.SOURCES
                    : AccountValidator.SOURCE_WALLET, "the venue cannot draw from it: " + e.getMessage())), "checker");
        }
        LOG.warn("a source wallet could not be read; the next check tries again: {}", e.getMessage());
        return result(check, Outcome.VENUE_ERROR, ratio, null, null, e.getMessage());
    }

    /**
     * Whether this check measures the rescue capacity of an account that asks for it (and whose venue
     * reports positions): on the heartbeat, near the trigger (inside the watch band, or past the target
     * ratio), and whenever it acts. Far from the trigger between heartbeats it costs nothing.
     */
    private boolean rescueDue(AccountConfig account, MarginSnapshot snapshot, BigDecimal ratio, boolean acting) {
        if (account.rescueMovePercent() == null || !MoveProtection.measurable(snapshot)) {
            return false;
        }
        boolean nearTrigger = FastPolling.band(snapshot, account) != null
                || (account.hasRatioSettings() && ratio.compareTo(account.targetRatio()) >= 0);
        return acting || nearTrigger || lastSeen.isWorthWriting(account.accountId(), ratio, clock.instant());
    }

    /**
     * The result with the rescue capacity measured on the margin as read (before any top-up), and
     * {@code RescueCapacityLow} published when it fell to a new level below the account's move.
     */
    private CheckResult withRescueCapacity(CheckId check, AccountConfig account, MarginSnapshot snapshot,
            SourceBalances sources, CheckResult result) {
        Optional<RescueCapacity> assessed = RescueCapacity.assess(snapshot, sources.total(),
                account.rescueMovePercent());
        if (assessed.isEmpty()) {
            return result;
        }
        RescueCapacity capacity = assessed.get();
        if (ledger.claimRescueLevel(account.accountId(), capacity.level().name())
                && capacity.level() != RescueCapacity.Level.ENOUGH) {
            bus.publish(new DomainEvent(new RescueCapacityLow(account.accountId(), check.value(), account.venue(),
                    account.rescueMovePercent(), capacity.movePercent(), capacity.sourcesMayGive(), account.asset(),
                    capacity.level().name(), clock.instant())));
            LOG.warn("rescue capacity {}: the position could absorb a {} % move with its sources, below {} %",
                    capacity.level(), capacity.movePercent().toPlainString(),
                    account.rescueMovePercent().toPlainString());
        }
        return result.withRescueCapacity(capacity);
    }

    private CheckResult decide(CheckId check, AccountConfig account, MarginSnapshot snapshot, BigDecimal ratio,
            Decision decision, MarketPace pace, SourceBalances sources) {
        if (account.sweep() != null && !(decision instanceof Decision.NoAction)) {
            // Past the trigger is inside the sweep band too: the calm period a sweep waits for starts after it.
            ledger.recordInsideBand(account.accountId(), check.scheduledTime());
        }
        return switch (decision) {
            case Decision.NoAction noAction -> {
                Optional<CheckResult> swept = account.sweep() == null ? Optional.empty()
                        : considerSweep(check, account, snapshot, ratio);
                if (swept.isPresent()) {
                    yield swept.get();
                }
                if (lastSeen.isWorthWriting(account.accountId(), ratio, clock.instant())) {
                    Optional<String> open = ledger.recordLastSeen(account.accountId(), check.scheduledTime(), ratio);
                    lastSeen.written(account.accountId(), ratio, clock.instant());
                    // An intent whose TopUpRequested was lost, or whose last retry gave up, waits for a
                    // check that needs a top-up; when the ratio recovered or the position is gone, none
                    // comes. The last-seen write reads the open intent back, so this check publishes it.
                    open.flatMap(id -> ledger.intent(account.accountId(), id))
                            .ifPresent(intent -> republishIfStalled(intent, account));
                }
                yield result(check, Outcome.NO_ACTION, ratio, null, null, noAction.reason());
            }
            case Decision.Alert alert when account.dryRun() -> recordDryRun(check, account, alert, ratio);
            case Decision.TopUp topUp when account.dryRun() -> recordDryRun(check, account, topUp, ratio);
            case Decision.Alert alert -> raiseAlert(check, account, snapshot, alert, pace);
            case Decision.TopUp topUp -> requestTopUp(check, account, snapshot, topUp, pace, sources, true);
        };
    }

    /**
     * Sweep-back (decision 0027) for an account that asks for it and has nothing else to do. Inside the
     * sweep band the check restarts the clock (one conditional write) and nothing more. Outside it, an
     * excess below the minimum transfer costs nothing; otherwise the ledger says since when the account
     * has been calm, and once it has been for the configured time, the excess goes back within the
     * look-back and the day's sweep cap. Empty: nothing to say beyond the usual no-action result.
     */
    private Optional<CheckResult> considerSweep(CheckId check, AccountConfig account, MarginSnapshot snapshot,
            BigDecimal ratio) {
        String accountId = account.accountId();
        if (SweepPolicy.insideBand(snapshot, account)) {
            ledger.recordInsideBand(accountId, check.scheduledTime());
            return Optional.empty();
        }
        if (SweepPolicy.excess(snapshot, account).compareTo(account.minTransfer().max(snapshot.transferStep())) < 0) {
            return Optional.empty();
        }
        AccountState state = ledger.state(accountId);
        if (state.lastInBandAt() == null) {
            // Never seen near the target since sweeping was turned on: the clock starts now, not in the past.
            ledger.recordInsideBand(accountId, check.scheduledTime());
            return Optional.of(result(check, Outcome.NO_ACTION, ratio, null, null,
                    "sweep: the calm period starts now"));
        }
        Instant calmSince = check.scheduledTime().minus(account.sweep().after());
        if (state.lastInBandAt().isAfter(calmSince)) {
            return Optional.of(result(check, Outcome.NO_ACTION, ratio, null, null, "sweep: calm since "
                    + state.lastInBandAt() + ", sweeps after " + state.lastInBandAt().plus(account.sweep().after())));
        }
        java.time.LocalDate today = ledger.today();
        SweepSources returnable = SweepSources.read(ledger, account, today);
        BigDecimal sweptToday = ledger.sweptOn(accountId, today);
        SweepDecision decision = SweepPolicy.decide(snapshot, account, returnable.total(), sweptToday);
        List<Leg> legs = decision.sweeps() ? returnable.legs(decision.amount(), account.minTransfer()) : List.of();
        BigDecimal legsTotal = legs.stream().map(Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (decision.sweeps() && legsTotal.compareTo(decision.amount()) < 0) {
            // Some source's share was below the minimum transfer: decide again with what the legs can carry.
            decision = SweepPolicy.decide(snapshot, account, legsTotal, sweptToday);
            legs = decision.sweeps() ? returnable.legs(decision.amount(), account.minTransfer()) : List.of();
        }
        if (!decision.sweeps() || legs.isEmpty()) {
            return Optional.of(result(check, Outcome.NO_ACTION, ratio, null, null, "sweep: " + decision.reason()));
        }
        // The decision names the first leg's wallet; each leg's intent names its own.
        decision = new SweepDecision(decision.marginRatio(), decision.amount(), decision.expectedRatio(),
                legs.getFirst().fromWallet(), decision.reason());
        if (account.dryRun()) {
            Map<String, String> details = Ledger.details(
                    "wouldSweep", decision.amount().toPlainString(), "asset", account.asset(),
                    "toWallet", decision.toWallet(), "expectedRatio", decision.expectedRatio().toPlainString(),
                    "reason", decision.reason(), "marginRatio", ratio.toPlainString());
            if (legs.size() > 1) {
                details.put("legs", dev.margintopup.ledger.AuditDetails.legs(legs));
            }
            boolean recorded = ledger.recordDecision(check, "DRY_RUN_DECISION", ratio, details);
            return Optional.of(result(check, recorded ? Outcome.DRY_RUN : Outcome.DUPLICATE, ratio, decision.amount(),
                    null, recorded ? "dry run: sweep recorded, nothing moved" : "check already handled"));
        }
        OpenResult opened = ledger.openSweep(check, account, decision, legs, calmSince, sweptToday);
        return Optional.of(switch (opened) {
            case OpenResult.Opened o -> {
                bus.publish(requested(o.intent(), account));
                LOG.info("sweep requested: {} {} back to {} at margin ratio {}", decision.amount().toPlainString(),
                        account.asset(), decision.toWallet(), ratio);
                yield result(check, Outcome.SWEEP_REQUESTED, ratio, decision.amount(), o.intent().intentId(),
                        decision.reason());
            }
            case OpenResult.Duplicate d -> {
                republishIfStalled(d.openIntent(), account);
                yield result(check, Outcome.DUPLICATE, ratio, null,
                        d.openIntent() == null ? null : d.openIntent().intentId(), "check already handled");
            }
            case OpenResult.IntentInFlight f -> {
                republishIfStalled(f.openIntent(), account);
                yield result(check, Outcome.IN_FLIGHT, ratio, null, f.openIntent().intentId(),
                        "intent " + f.openIntent().intentId() + " is " + f.openIntent().state());
            }
            // The clock restarted or another sweep counted since this check read the ledger: the next check decides.
            case OpenResult.CoolingDown c -> result(check, Outcome.NO_ACTION, ratio, null, null,
                    "sweep: the ledger changed since this check read it");
            case OpenResult.DailyCapExceeded c -> result(check, Outcome.NO_ACTION, ratio, null, null,
                    "sweep: the ledger changed since this check read it");
        });
    }

    /**
     * Inside its watch band, a move-protected account's move to survive is widened by what the
     * market does now: one public candle request per symbol it holds. Outside the band, or
     * without move settings, no request at all. A feed that fails leaves the configured moves.
     */
    private MarketPace marketPace(AccountConfig account, MarginSnapshot snapshot) {
        MoveSettings moves = account.moves();
        if (moves == null) {
            return MarketPace.CALM;
        }
        if (!MoveProtection.measurable(snapshot)) {
            LOG.warn("the venue reported no positions: the move settings cannot be applied, {}",
                    account.hasRatioSettings() ? "the ratio settings decide alone" : "and no ratio settings are set");
            return MarketPace.CALM;
        }
        if (MoveProtection.survivableMove(snapshot).compareTo(moves.watchBandMove()) > 0) {
            return MarketPace.CALM;
        }
        Optional<CandleFeed> feed = venues.candleFeed(account);
        if (feed.isEmpty()) {
            return MarketPace.CALM;
        }
        MarketPace widest = MarketPace.CALM;
        for (String symbol : snapshot.positions().stream().map(Position::symbol).distinct().toList()) {
            try {
                List<Candle> candles = feed.get().recentCandles(symbol, moves.volatilityLookbackMinutes());
                widest = widest.widest(MarketPace.of(candles, moves.volatilityMultiple(),
                        VolatilityBuffer.horizon(FastPolling.nextLookWithin(moves.pollIntervalSeconds(),
                                account.checkRateMinutes()))));
            } catch (RuntimeException e) {
                LOG.warn("candles of {} could not be read; protecting with the configured moves: {}", symbol,
                        e.getMessage());
            }
        }
        return widest;
    }

    /**
     * Reads the margin with the cached read key; if the venue refuses it, the key may have been
     * rotated since it was cached, so read once more with the key fetched afresh.
     */
    private MarginSnapshot readMargin(AccountConfig account) {
        try {
            return venues.connect(account, secrets.credentials(account.readKey())).readMargin(MarginQuery.of(account));
        } catch (VenueException e) {
            if (e.kind() != VenueException.Kind.AUTH) {
                throw e;
            }
            secrets.evict(account.readKey());
            return venues.connect(account, secrets.credentials(account.readKey())).readMargin(MarginQuery.of(account));
        }
    }

    /** What the sources may give, read with the read key (again afresh if the venue refuses it). */
    private SourceBalances readSources(AccountConfig account, BigDecimal step) {
        try {
            return SourceBalances.read(venues.connect(account, secrets.credentials(account.readKey())), account, step);
        } catch (VenueException e) {
            if (e.kind() != VenueException.Kind.AUTH) {
                throw e;
            }
            secrets.evict(account.readKey());
            return SourceBalances.read(venues.connect(account, secrets.credentials(account.readKey())), account, step);
        }
    }

    private CheckResult requestTopUp(CheckId check, AccountConfig account, MarginSnapshot snapshot,
            Decision.TopUp topUp, MarketPace pace, SourceBalances sources, boolean mayRetryWithinCap) {
        List<Leg> legs = sources.legs(topUp.amount(), account.minTransfer());
        BigDecimal drawn = SourceBalances.sum(legs);
        if (drawn.compareTo(topUp.amount()) < 0) {
            // Only shares below the minimum transfer were left: decide again with what the legs can carry.
            Decision again = TopUpPolicy.decide(snapshot.withSourceFree(drawn), account, BigDecimal.ZERO, false,
                    pace);
            return switch (again) {
                case Decision.TopUp smaller when smaller.amount().compareTo(topUp.amount()) < 0 ->
                        requestTopUp(check, account, snapshot.withSourceFree(drawn), smaller, pace, sources,
                                mayRetryWithinCap);
                case Decision.Alert alert -> raiseAlert(check, account, snapshot, alert, pace);
                default -> result(check, Outcome.NO_ACTION, topUp.marginRatio(), null, null,
                        "the sources' shares are each below the minimum transfer");
            };
        }
        OpenResult opened = ledger.openIntent(check, account, topUp, legs);
        return switch (opened) {
            case OpenResult.Opened o -> {
                List<DomainEvent> events = new ArrayList<>();
                events.add(requested(o.intent(), account));
                // A cap that holds every top-up back would otherwise announce itself every minute.
                Risk risk = topUp.limitedBy() == null ? null : Risk.assess(snapshot, account,
                        TopUpPolicy.amountNeeded(snapshot, account, pace), topUp.amount());
                if (risk != null && ledger.claimAlert(account.accountId(), topUp.limitedBy().name(), risk,
                        ALERT_REPEAT)) {
                    events.add(marginAtRisk(check, account, topUp.marginRatio(), topUp.limitedBy(),
                            "top-up limited by " + topUp.limitedBy().name().toLowerCase().replace('_', ' ')
                                    + ": moving " + topUp.amount().toPlainString() + " " + account.asset()
                                    + " brings the margin ratio to " + topUp.expectedRatio().toPlainString()
                                    + ", not to " + target(account), risk));
                }
                bus.publish(events);
                LOG.info("top-up requested: {} {} at margin ratio {}", topUp.amount().toPlainString(),
                        account.asset(), topUp.marginRatio());
                yield result(check, Outcome.TOP_UP_REQUESTED, topUp.marginRatio(), topUp.amount(),
                        o.intent().intentId(), topUp.limitedBy() == null ? "to target" : "limited by " + topUp.limitedBy());
            }
            case OpenResult.Duplicate d -> {
                republishIfStalled(d.openIntent(), account);
                yield result(check, Outcome.DUPLICATE, topUp.marginRatio(), null,
                        d.openIntent() == null ? null : d.openIntent().intentId(), "check already handled");
            }
            case OpenResult.IntentInFlight f -> {
                republishIfStalled(f.openIntent(), account);
                yield result(check, Outcome.IN_FLIGHT, topUp.marginRatio(), null, f.openIntent().intentId(),
                        "intent " + f.openIntent().intentId() + " is " + f.openIntent().state());
            }
            case OpenResult.CoolingDown c -> result(check, Outcome.COOLING_DOWN, topUp.marginRatio(), null, null,
                    "cooldown until " + c.until());
            case OpenResult.DailyCapExceeded cap -> {
                // The policy ran optimistically with nothing used today; decide again with the real total.
                Decision again = TopUpPolicy.decide(snapshot, account, cap.usedToday(), false, pace);
                yield switch (again) {
                    case Decision.TopUp smaller when mayRetryWithinCap ->
                            requestTopUp(check, account, snapshot, smaller, pace, sources, false);
                    case Decision.Alert alert -> raiseAlert(check, account, snapshot, alert, pace);
                    default -> result(check, Outcome.NO_ACTION, topUp.marginRatio(), null, null,
                            "nothing fits in the rest of today's cap");
                };
            }
        };
    }

    /**
     * The checker publishes {@code TopUpRequested} after the intent commits. If it died in
     * between, the intent would wait forever; so a later delivery that finds it still pending
     * (or its worker's lease expired) publishes it again. The transfer side is idempotent; the
     * grace period only keeps a burst of concurrent duplicates from re-publishing each time.
     */
    private void republishIfStalled(Intent open, AccountConfig account) {
        if (open == null) {
            return;
        }
        Instant now = clock.instant();
        // An UNKNOWN intent holds the account until the venue's history settles it; a check that
        // needs a top-up asks the transfer side to look again (it never sends for an UNKNOWN one).
        boolean stalled = (open.state() == IntentState.PENDING && !now.isBefore(open.createdAt().plus(REPUBLISH_AFTER)))
                || (open.state() == IntentState.SENDING && open.leaseExpired(now))
                || open.state() == IntentState.UNKNOWN;
        if (stalled) {
            LOG.info("intent {} is {} with no live worker; publishing TopUpRequested again", open.intentId(),
                    open.state());
            bus.publish(requested(open, account));
        }
    }

    /**
     * Records the alert with this check (every alerting check is audited), then sends it when it
     * is new, worse than the last one sent, or unchanged for {@link #ALERT_REPEAT}.
     */
    private CheckResult raiseAlert(CheckId check, AccountConfig account, MarginSnapshot snapshot,
            Decision.Alert alert, MarketPace pace) {
        Risk risk = Risk.assess(snapshot, account, TopUpPolicy.amountNeeded(snapshot, account, pace),
                BigDecimal.ZERO);
        boolean recorded = ledger.recordDecision(check, "MARGIN_AT_RISK", alert.marginRatio(), Ledger.details(
                "cause", alert.cause().name(), "reason", alert.reason(),
                "marginRatio", alert.marginRatio().toPlainString(), "severity", risk.severity().name(),
                "shortfall", risk.shortfall().toPlainString()));
        if (!recorded) {
            return result(check, Outcome.DUPLICATE, alert.marginRatio(), null, null, "check already handled");
        }
        if (ledger.claimAlert(account.accountId(), alert.cause().name(), risk, ALERT_REPEAT)) {
            bus.publish(marginAtRisk(check, account, alert.marginRatio(), alert.cause(), alert.reason(), risk));
        } else {
            LOG.info("MarginAtRisk ({}, {}) no worse than the last one sent within {}; recorded, not sent again",
                    alert.cause(), risk.severity(), ALERT_REPEAT);
        }
        LOG.warn("margin at risk: {}", alert.reason());
        return result(check, Outcome.ALERT, alert.marginRatio(), null, null, alert.reason());
    }

    private CheckResult recordDryRun(CheckId check, AccountConfig account, Decision decision, BigDecimal ratio) {
        Map<String, String> details = switch (decision) {
            case Decision.TopUp t -> Ledger.details("wouldMove", t.amount().toPlainString(), "asset", account.asset(),
                    "expectedRatio", t.expectedRatio().toPlainString(),
                    "limitedBy", t.limitedBy() == null ? "" : t.limitedBy().name());
            case Decision.Alert a -> Ledger.details("wouldAlert", a.cause().name(), "reason", a.reason());
            case Decision.NoAction n -> Ledger.details("reason", n.reason());
        };
        details.put("marginRatio", ratio.toPlainString());
        boolean recorded = ledger.recordDecision(check, "DRY_RUN_DECISION", ratio, details);
        BigDecimal amount = decision instanceof Decision.TopUp t ? t.amount() : null;
        return result(check, recorded ? Outcome.DRY_RUN : Outcome.DUPLICATE, ratio, amount, null,
                recorded ? "dry run: recorded, nothing moved" : "check already handled");
    }

    /**
     * A config the checker cannot use (a bad embedded item, a missing or refused key) fails every
     * check until someone fixes it: announce it, and audit it, once per 15 minutes per set of
     * fields, not once a minute.
     */
    private CheckResult reportInvalid(CheckId check, List<FieldProblem> problems, String reporter) {
        LOG.warn("account config invalid, nothing moves: {}", problems);
        String cause = "ACCOUNT_CONFIG_INVALID:" + problems.stream().map(FieldProblem::field).sorted().toList();
        boolean keyed = AccountConfigEvents.isUsableAccountId(check.accountId());
        if (!keyed || ledger.claimAlert(check.accountId(), cause, ALERT_REPEAT)) {
            bus.publish(AccountConfigEvents.invalid(check.accountId(), problems, reporter, clock.instant()));
            if (keyed) {
                ledger.audit(check.accountId(), "ACCOUNT_CONFIG_INVALID", null,
                        Ledger.details("problems", problems.toString(), "reportedBy", reporter));
            }
        }
        return result(check, Outcome.INVALID_CONFIG, null, null, null, problems.toString());
    }

    /** The event that asks the transfer function to carry out an open intent: a top-up's, or a sweep's. */
    private static DomainEvent requested(Intent intent, AccountConfig account) {
        if (intent.isSweep()) {
            return new DomainEvent(new SweepRequested(intent.accountId(), intent.intentId(), intent.checkId(),
                    account.venue(), intent.asset(), intent.amount(), intent.fromWallet(), intent.marginRatio(),
                    intent.expectedRatio(), intent.createdAt()));
        }
        return new DomainEvent(new TopUpRequested(intent.accountId(), intent.intentId(), intent.checkId(),
                account.venue(), intent.asset(), intent.amount(), intent.marginRatio(), intent.expectedRatio(),
                intent.createdAt()));
    }

    private DomainEvent marginAtRisk(CheckId check, AccountConfig account, BigDecimal ratio, Decision.Limit cause,
            String reason, Risk risk) {
        return new DomainEvent(new MarginAtRisk(account.accountId(), check.value(), account.venue(), ratio,
                account.hasRatioSettings() ? account.triggerRatio() : null,
                account.moves() == null ? null : account.moves().triggerMovePercent(), risk.severity(),
                risk.distanceToLiquidation(), risk.shortfall(), account.asset(), cause, reason, clock.instant()));
    }

    /** The target a limited top-up falls short of, in the account's own terms. */
    private static String target(AccountConfig account) {
        String ratio = account.hasRatioSettings() ? "the target " + account.targetRatio().toPlainString() : null;
        String move = account.moves() == null ? null
                : "a margin that survives a " + account.moves().targetMovePercent().toPlainString() + " % move";
        return ratio == null ? move : move == null ? ratio : ratio + " or " + move;
    }

    private CheckResult result(CheckId check, Outcome outcome, BigDecimal ratio, BigDecimal amount, String intentId,
            String detail) {
        return new CheckResult(check.accountId(), check.value(), outcome, ratio, amount, intentId, detail);
    }

    /**
     * Container-local memory of the last-seen ratio written per account: write again only when
     * the ratio moved materially or a heartbeat interval passed, so no-op checks stay free.
     */
    static final class LastSeen {
        static final BigDecimal MATERIAL_CHANGE = new BigDecimal("0.05");
        static final java.time.Duration HEARTBEAT = java.time.Duration.ofMinutes(15);

        private record Written(BigDecimal ratio, Instant at) {}

        private final Map<String, Written> written = new java.util.concurrent.ConcurrentHashMap<>();

        boolean isWorthWriting(String accountId, BigDecimal ratio, Instant now) {
            Written last = written.get(accountId);
            return last == null
                    || last.ratio().subtract(ratio).abs().compareTo(MATERIAL_CHANGE) >= 0
                    || !now.isBefore(last.at().plus(HEARTBEAT));
        }

        void written(String accountId, BigDecimal ratio, Instant at) {
            written.put(accountId, new Written(ratio, at));
        }
    }
}
