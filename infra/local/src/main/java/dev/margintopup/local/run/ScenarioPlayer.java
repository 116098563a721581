package dev.margintopup.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.Source;
import dev.margintopup.json.Json;
import dev.margintopup.local.LocalPipeline;
import dev.margintopup.local.LocalPipeline.Delivery;
import dev.margintopup.local.SimulatedClock;
import dev.margintopup.local.report.AccountTrack;
import dev.margintopup.local.report.AlertMark;
import dev.margintopup.local.report.Liquidation;
import dev.margintopup.local.report.MoneyTrack;
import dev.margintopup.local.report.PricePoint;
import dev.margintopup.local.report.RunReport;
import dev.margintopup.local.report.Sample;
import dev.margintopup.local.report.SweepMark;
import dev.margintopup.local.report.TopUpMark;
import dev.margintopup.local.scenario.FaultSpec;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.paper.PriceBar;
import dev.margintopup.paper.Wallet;
import dev.margintopup.policy.Candle;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MoveProtection;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.VenueConnector;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.connect.VenueFactory;
import dev.margintopup.venue.paper.PaperCandles;
import java.net.http.HttpClient;
import java.util.Optional;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plays a scenario against the whole pipeline: the paper venue's mark price follows the
 * scenario's path minute by minute, the checks start as the template's {@code CheckTrigger} picks (by
 * default the tick each minute, or each account's schedule, created by schedule-sync from its item, on
 * its rate), events travel through the template's rules to their handlers, and a handler that fails is retried as Lambda would retry an async invocation (after 1 and 3 minutes).
 */
public final class ScenarioPlayer {

    /** What the user sees while it plays: one call per simulated minute. */
    public interface Progress {
        void minute(Scenario scenario, int minute, BigDecimal price, List<AccountMinute> accounts);

        Progress SILENT = (scenario, minute, price, accounts) -> {};
    }

    /** One account at one minute: its ratio (null once liquidated) and what happened to it. */
    public record AccountMinute(String accountId, boolean managed, BigDecimal marginRatio, List<String> happened) {}

    /** The report, and the per-account detail a test needs to replay the policy. */
    public record RunResult(RunReport report, Map<String, AccountRun> accounts, PaperVenueServer venue) {}

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int[] RETRY_AFTER_MINUTES = {1, 2};

    private record Retry(int dueMinute, String payload, int attempt) {}

    /** Plays one account's check, whichever trigger fired it; {@code fire} is empty when nothing was fired. */
    @FunctionalInterface
    private interface CheckFiring {
        JsonNode check(AccountRun run, java.util.function.Supplier<Optional<JsonNode>> fire);
    }

    private final Path template;
    private final PaperVenueServer venue;
    private final Progress progress;
    private final Duration realTimePerMinute;
    private final CheckTrigger trigger;

    /**
     * @param realTimePerMinute how long one simulated minute takes in real time; zero plays as
     *     fast as the machine allows
     */
    public ScenarioPlayer(Path template, PaperVenueServer venue, Progress progress, Duration realTimePerMinute) {
        this(template, venue, progress, realTimePerMinute, CheckTrigger.TICK);
    }

    /** @param trigger what starts the checks: the tick the template deploys by default, or per-account schedules */
    public ScenarioPlayer(Path template, PaperVenueServer venue, Progress progress, Duration realTimePerMinute,
            CheckTrigger trigger) {
        this.template = template;
        this.venue = venue;
        this.progress = progress;
        this.realTimePerMinute = realTimePerMinute;
        this.trigger = trigger;
    }

    public RunResult play(Scenario scenario) {
        SimulatedClock clock = new SimulatedClock(scenario.start());
        // Requests to the venue are signed with the real clock: the venue checks them against its own.
        Clock signingClock = Clock.systemUTC();
        VenueConnector venues = paperConnector(signingClock);
        String stack = "run-" + scenario.name().replaceAll("[^A-Za-z0-9-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        LocalPipeline pipeline = LocalPipeline.start(template, stack, clock, venues, LEASE);

        // The mark the accounts are seeded at: minute 0's open, in minute 0's candle.
        Candle first = scenario.candleAt(0);
        venue.playBar(scenario.symbol(), PriceBar.flat(first.openTime().truncatedTo(ChronoUnit.MINUTES), first.open()));
        Map<String, AccountRun> runs = new LinkedHashMap<>();
        for (ScenarioAccount account : scenario.accounts()) {
            runs.put(account.id(), seed(scenario, account, pipeline, signingClock, stack));
        }
        if (trigger == CheckTrigger.PER_ACCOUNT_SCHEDULES) {
            pipeline.syncSchedules();
        }

        List<PricePoint> prices = new ArrayList<>();
        List<Retry> retries = new ArrayList<>();
        // Between minutes, a checker polling inside its watch band sees the market move: the runner plays
        // the path's price at each poll's time and reads the account there, as it does at each minute.
        int[] playing = new int[1];
        AccountRun[] polled = new AccountRun[1];
        boolean[] movedBetweenMinutes = new boolean[1];
        pipeline.beforeEachPoll(at -> {
            movedBetweenMinutes[0] = true;
            Duration into = Duration.between(scenario.start().plus(Duration.ofMinutes(playing[0])), at);
            venue.setMarkPrice(scenario.symbol(), scenario.path().priceBetween(playing[0], into), at);
            if (polled[0] != null) {
                readAccountAt(polled[0], playing[0], (int) Duration.between(scenario.start(), at).toSeconds());
            }
        });
        Map<String, List<String>> happened = new LinkedHashMap<>();
        Map<FaultSpec, String> activeFaults = new LinkedHashMap<>();
        for (int minute = 0; minute <= scenario.minutes(); minute++) {
            long began = System.nanoTime();
            clock.set(scenario.start().plus(Duration.ofMinutes(minute)));
            runs.keySet().forEach(id -> happened.put(id, new ArrayList<>()));
            applyFaults(scenario, minute, activeFaults);

            Candle candle = scenario.candleAt(minute);
            BigDecimal price = candle.close();
            prices.add(new PricePoint(minute, price));
            // The whole minute, wick included: the venue liquidates at the extreme, as real ones do.
            venue.playBar(scenario.symbol(), bar(candle));
            playing[0] = minute;
            List<Delivery> fresh = new ArrayList<>();
            for (AccountRun run : runs.values()) {
                if (run.liquidatedAt() == null && !venue.liquidations(run.apiKey()).isEmpty()) {
                    run.liquidated(minute);
                    happened.get(run.accountId()).add("✖ LIQUIDATED");
                }
            }

            Instant tick = scenario.start().plus(Duration.ofMinutes(minute));
            int thisMinute = minute;
            // One account's check: it starts at the top of the minute, wherever the last one's polls left the
            // market; what it asked for is carried out at the moment it was decided, a poll's included.
            java.util.function.Consumer<AccountRun> readAtTheMinute = run -> {
                clock.set(tick);
                backToTheMinute(scenario.symbol(), price, tick, movedBetweenMinutes);
                readAccount(run, thisMinute);
                readSources(run, thisMinute);
            };
            CheckFiring checkAccount = (run, fire) -> {
                clock.set(tick);
                backToTheMinute(scenario.symbol(), price, tick, movedBetweenMinutes);
                polled[0] = run;
                JsonNode check = fire.get().orElse(null);
                polled[0] = null;
                if (check != null) {
                    noteCheck(check, happened.get(run.accountId()));
                    if (check.path("outcome").asText().equals("DRY_RUN") && check.path("amount").isNumber()
                            && !check.path("detail").asText().startsWith("dry run: sweep")) {
                        run.wouldTopUp(thisMinute, check.path("amount").decimalValue());
                    }
                    if (!clock.instant().equals(tick)) {
                        happened.get(run.accountId()).add("⏱ polled to :" + clock.instant().atZone(
                                java.time.ZoneOffset.UTC).getSecond());
                    }
                }
                fresh.addAll(pipeline.deliverEvents());
                return check;
            };
            if (trigger == CheckTrigger.PER_ACCOUNT_SCHEDULES) {
                for (AccountRun run : runs.values()) {
                    if (run.liquidatedAt() != null) {
                        continue;
                    }
                    readAtTheMinute.accept(run);
                    if (minute % run.config().checkRateMinutes() == 0) {
                        checkAccount.check(run, () -> pipeline.fireCheck(run.accountId(), tick));
                    }
                }
            } else {
                // The tick picks the due accounts itself (its cadence offsets); their checks run in the
                // scenario's account order, each account read just before its check as above (a check's polls
                // move the one market the accounts share), then the accounts not due this minute are read. A
                // liquidated account's story ends there, whatever the trigger: its invocation is accepted and
                // no check is played.
                List<String> order = new ArrayList<>(runs.keySet());
                java.util.Set<String> read = new java.util.HashSet<>();
                pipeline.tick(tick, java.util.Comparator.comparingInt(order::indexOf), (accountId, check) -> {
                    AccountRun run = runs.get(accountId);
                    if (run == null || run.liquidatedAt() != null) {
                        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
                    }
                    readAtTheMinute.accept(run);
                    read.add(accountId);
                    return checkAccount.check(run, () -> Optional.of(check.get()));
                });
                for (AccountRun run : runs.values()) {
                    if (run.liquidatedAt() == null && !read.contains(run.accountId())) {
                        readAtTheMinute.accept(run);
                    }
                }
            }
            clock.set(scenario.start().plus(Duration.ofMinutes(minute)));
            backToTheMinute(scenario.symbol(), price, clock.instant(), movedBetweenMinutes);
            int now = minute;
            List<Retry> due = retries.stream().filter(r -> r.dueMinute() <= now).toList();
            retries.removeAll(due);
            List<Delivery> deliveries = new ArrayList<>();
            for (Retry retry : due) {
                deliveries.add(retryTransfer(pipeline, retry.payload()));
                deliveries.addAll(pipeline.deliverEvents());
                scheduleRetry(retries, deliveries.get(deliveries.size() - 1), retry.attempt() + 1, minute);
            }
            fresh.addAll(pipeline.deliverEvents());
            for (Delivery d : fresh) {
                scheduleRetry(retries, d, 0, minute);
            }
            deliveries.addAll(fresh);
            for (Delivery d : deliveries) {
                noteDelivery(d, happened);
            }

            List<AccountMinute> snapshot = new ArrayList<>();
            for (AccountRun run : runs.values()) {
                snapshot.add(new AccountMinute(run.accountId(), run.managed(), lastRatio(run, minute),
                        happened.get(run.accountId())));
            }
            progress.minute(scenario, minute, price, snapshot);
            pace(began);
        }
        venue.clearFaults();
        return new RunResult(report(scenario, prices, runs, pipeline), runs, venue);
    }

    /**
     * The paper venue's adapters, and its public one-minute candles for the checker's volatility
     * buffer, as a real venue's kline endpoint would serve them.
     */
    private static VenueConnector paperConnector(Clock signingClock) {
        HttpClient http = VenueFactory.defaultHttpClient();
        return new VenueConnector() {
            @Override
            public MarginVenue connect(AccountConfig account, VenueCredentials credentials) {
                return VenueFactory.create(account.venue(), account.venueEndpoint(), credentials, http, signingClock);
            }

            @Override
            public Optional<CandleFeed> candleFeed(AccountConfig account) {
                return Optional.of(new PaperCandles(account.venueEndpoint(), http));
            }
        };
    }

    private AccountRun seed(Scenario scenario, ScenarioAccount account, LocalPipeline pipeline, Clock signingClock,
            String stack) {
        String apiKey = "paper-" + account.id() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String apiSecret = UUID.randomUUID().toString() + UUID.randomUUID();
        venue.seedAccount(account.paperAccount(scenario.symbol(), apiKey, apiSecret));

        String secret = "{\"apiKey\":\"" + apiKey + "\",\"apiSecret\":\"" + apiSecret + "\"}";
        String readId = "margin-topup/read/" + account.id();
        String transferId = "margin-topup/transfer/" + account.id();
        pipeline.putSecret(readId, secret);
        pipeline.putSecret(transferId, secret);

        Map<String, AttributeValue> item = AccountItemDefaults.item(scenario, account, venue.baseUrl(), readId, transferId);
        pipeline.putAccount(item);
        AccountConfig config = AccountItemDefaults.validated(scenario, account, item);
        MarginVenue reader = VenueFactory.create("paper", venue.baseUrl(), new VenueCredentials(apiKey, apiSecret, null),
                VenueFactory.defaultHttpClient(), signingClock);
        return new AccountRun(account.id(), account.managed(), apiKey, config, reader);
    }

    /** Queues the faults that start this minute, and withdraws those that ended with the last one. */
    private void applyFaults(Scenario scenario, int minute, Map<FaultSpec, String> active) {
        for (FaultSpec ended : scenario.faultsEndingAt(minute - 1)) {
            String id = active.remove(ended);
            if (id != null) {
                venue.withdrawFault(id);
            }
        }
        for (FaultSpec fault : scenario.faultsStartingAt(minute)) {
            active.put(fault, venue.injectFault(fault.toFault()));
        }
    }

    /** The runner's own reading, just before the check: what the checker is about to see. */
    private static void readAccount(AccountRun run, int minute) {
        try {
            run.read(minute, run.venue().readMargin(MarginQuery.of(run.config())));
        } catch (VenueException e) {
            // A fault aimed at the product hit the runner's reading; the chart has a gap there.
        }
    }

    /**
     * Each source wallet's balance, read from the paper venue in-process: the runner's own look, which adds no
     * request to the ones the product makes.
     */
    private void readSources(AccountRun run, int minute) {
        for (Source source : run.config().sources()) {
            String wallet = source.wallet();
            if (java.util.Arrays.stream(Wallet.values()).anyMatch(w -> w.name().equals(wallet))) {
                run.sourceBalance(wallet, minute,
                        venue.walletBalance(run.apiKey(), Wallet.valueOf(wallet), run.config().asset()));
            }
        }
    }

    /** Puts the mark back at the minute's close if an account's polls moved it on; otherwise leaves it alone. */
    private void backToTheMinute(String symbol, BigDecimal close, Instant at, boolean[] movedBetweenMinutes) {
        if (movedBetweenMinutes[0]) {
            venue.setMarkPrice(symbol, close, at);
            movedBetweenMinutes[0] = false;
        }
    }

    /** The runner's reading at one of the checker's polls, {@code second}s into the run. */
    private static void readAccountAt(AccountRun run, int minute, int second) {
        try {
            run.readAtPoll(minute, second, run.venue().readMargin(MarginQuery.of(run.config())));
        } catch (VenueException e) {
            // As at the top of a minute: a gap, nothing more.
        }
    }

    private static BigDecimal lastRatio(AccountRun run, int minute) {
        if (run.liquidatedAt() != null) {
            return null;
        }
        List<AccountRun.Reading> readings = run.readings();
        if (readings.isEmpty() || readings.get(readings.size() - 1).minute() != minute) {
            return null;
        }
        return readings.get(readings.size() - 1).snapshot().marginRatio();
    }

    private static void noteCheck(JsonNode check, List<String> happened) {
        String outcome = check.path("outcome").asText();
        switch (outcome) {
            case "TOP_UP_REQUESTED" -> happened.add("requested " + amount(check.path("amount")));
            case "SWEEP_REQUESTED" -> happened.add("sweep requested " + amount(check.path("amount")));
            case "ALERT" -> happened.add("⚠ at risk");
            case "POSITION_GONE" -> happened.add("✖ position gone: reported");
            case "DRY_RUN" -> happened.add(check.path("amount").isNumber()
                    ? "(would +" + amount(check.path("amount")) + ")" : "(would alert)");
            case "INVALID_CONFIG", "VENUE_ERROR" -> happened.add(outcome.toLowerCase().replace('_', ' '));
            default -> { }
        }
    }

    private static void noteDelivery(Delivery d, Map<String, List<String>> happened) {
        String accountId = d.event().path("detail").path("accountId").asText();
        List<String> notes = happened.get(accountId);
        if (notes == null || d.handlerResult() == null && d.failure() == null) {
            return;
        }
        if (d.failure() != null) {
            notes.add("↻ will retry");
            return;
        }
        String outcome = d.handlerResult().path("outcome").asText();
        if (outcome.equals("CONFIRMED") && d.event().path("detail-type").asText().equals("SweepRequested")) {
            // Money back out of margin, to the wallet the leg names.
            notes.removeIf(n -> n.startsWith("sweep requested "));
            notes.add("▼ −" + amount(d.handlerResult().path("amount")) + " → "
                    + d.event().path("detail").path("toWallet").asText());
        } else if (outcome.equals("CONFIRMED")) {
            // The request and its confirmation in the same minute read as one thing: the top-up.
            notes.removeIf(n -> n.startsWith("requested "));
            notes.add("▲ +" + amount(d.handlerResult().path("amount")));
        } else if (outcome.equals("FAILED") || outcome.equals("UNKNOWN")) {
            notes.add("✖ transfer " + outcome.toLowerCase());
        }
    }

    private static String amount(JsonNode amount) {
        return String.format("%,.2f", amount.decimalValue());
    }

    private static Delivery retryTransfer(LocalPipeline pipeline, String payload) {
        JsonNode event = Json.read(payload);
        try {
            return new Delivery("retry", event, pipeline.invokeFunction("transfer", payload), null);
        } catch (RuntimeException e) {
            return new Delivery("retry", event, null, e);
        }
    }

    /** Lambda retries a failed async invocation twice, about one and two minutes apart. */
    private static void scheduleRetry(List<Retry> retries, Delivery d, int attempt, int minute) {
        if (d.failure() != null && attempt < RETRY_AFTER_MINUTES.length) {
            retries.add(new Retry(minute + RETRY_AFTER_MINUTES[attempt], Json.write(d.event()), attempt));
        }
    }

    private void pace(long beganNanos) {
        long remaining = realTimePerMinute.toNanos() - (System.nanoTime() - beganNanos);
        if (remaining > 0) {
            try {
                Thread.sleep(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A scenario's candle as the paper venue takes it: the minute it opened, whole. */
    static PriceBar bar(Candle candle) {
        return new PriceBar(candle.openTime().truncatedTo(ChronoUnit.MINUTES), candle.open(), candle.high(),
                candle.low(), candle.close());
    }

    private RunReport report(Scenario scenario, List<PricePoint> prices, Map<String, AccountRun> runs,
            LocalPipeline pipeline) {
        Instant start = scenario.start();
        Map<String, JsonNode> completed = byIntent(pipeline.publishedEvents("TopUpCompleted"));
        Map<String, JsonNode> failed = byIntent(pipeline.publishedEvents("TopUpFailed"));
        List<AccountTrack> tracks = new ArrayList<>();
        for (AccountRun run : runs.values()) {
            List<Sample> samples = new ArrayList<>();
            for (AccountRun.Reading r : run.readings()) {
                samples.add(new Sample(r.minute(), r.snapshot().marginRatio(), r.minute() * 60,
                        survivableMove(r.snapshot())));
            }
            List<TopUpMark> topUps = new ArrayList<>();
            // A stalled intent's TopUpRequested may be published again: one mark per intent.
            for (JsonNode requested : byIntent(pipeline.publishedEvents("TopUpRequested")).values()) {
                JsonNode detail = requested.path("detail");
                if (!run.accountId().equals(detail.path("accountId").asText())) {
                    continue;
                }
                String intentId = detail.path("intentId").asText();
                int requestedSecond = secondOf(start, detail.path("requestedAt").asText());
                JsonNode done = completed.get(intentId);
                JsonNode fail = failed.get(intentId);
                Integer confirmedSecond = done == null ? null
                        : secondOf(start, done.path("detail").path("completedAt").asText());
                String outcome = done != null ? "CONFIRMED"
                        : fail != null ? fail.path("detail").path("outcome").asText() : "PENDING";
                topUps.add(new TopUpMark(requestedSecond / 60, confirmedSecond == null ? null : confirmedSecond / 60,
                        new BigDecimal(detail.path("amount").asText()), detail.path("asset").asText(), outcome,
                        requestedSecond, confirmedSecond));
            }
            List<SweepMark> sweeps = sweeps(run, start, pipeline);
            List<AlertMark> alerts = new ArrayList<>();
            for (String type : List.of("MarginAtRisk", "TopUpFailed", "SweepFailed", "AccountConfigInvalid", "PositionLiquidated",
                    "PositionClosed", "RescueCapacityLow")) {
                for (JsonNode e : pipeline.publishedEvents(type)) {
                    JsonNode detail = e.path("detail");
                    if (run.accountId().equals(detail.path("accountId").asText())) {
                        String at = detail.has("at") ? detail.path("at").asText()
                                : detail.has("detectedAt") ? detail.path("detectedAt").asText()
                                : detail.path("failedAt").asText();
                        String reason = detail.has("reason") ? detail.path("reason").asText()
                                : detail.has("problems") ? detail.path("problems").toString()
                                : detail.has("capacityMovePercent") ? "rescue capacity " + detail.path("level").asText()
                                        + ": absorbs a " + detail.path("capacityMovePercent").asText() + " % move of the "
                                        + detail.path("rescueMovePercent").asText() + " % asked"
                                : "cause " + detail.path("cause").asText("closed by its owner");
                        if (detail.has("severity")) {
                            reason = detail.path("severity").asText() + ": " + reason;
                        }
                        alerts.add(new AlertMark(minuteOf(start, at), type, reason));
                    }
                }
            }
            Liquidation liquidation = run.liquidatedAt() == null ? null
                    : new Liquidation(run.liquidatedAt(), venue.liquidations(run.apiKey()).getFirst().markPrice());
            List<Sample> polls = run.pollReadings().stream()
                    .map(r -> new Sample(r.minute(), r.snapshot().marginRatio(), r.second(), survivableMove(r.snapshot())))
                    .toList();
            tracks.add(new AccountTrack(run.accountId(), run.managed(), run.config().marginMode().itemValue(),
                    run.config().triggerRatio(), run.config().targetRatio(), samples, topUps, alerts, liquidation,
                    polls, money(run), run.config().moves() == null ? null : run.config().moves().triggerMove(),
                    sweeps));
        }
        List<String> notes = new ArrayList<>();
        if (!scenario.faults().isEmpty()) {
            notes.add("Faults injected on the paper venue: " + scenario.faults().size()
                    + " (lost responses, errors) — every top-up still moved exactly once; see the venue history.");
        }
        return new RunReport(scenario.name(), scenario.description(), start, scenario.minutes(), scenario.symbol(),
                prices, tracks, notes);
    }

    /** Each leg of the account's sweeps back to its sources (decisions 0027, 0030), as its events tell it: one per intent. */
    private static List<SweepMark> sweeps(AccountRun run, Instant start, LocalPipeline pipeline) {
        Map<String, JsonNode> completed = byIntent(pipeline.publishedEvents("SweepCompleted"));
        Map<String, JsonNode> failed = byIntent(pipeline.publishedEvents("SweepFailed"));
        List<SweepMark> sweeps = new ArrayList<>();
        for (JsonNode requested : byIntent(pipeline.publishedEvents("SweepRequested")).values()) {
            JsonNode detail = requested.path("detail");
            if (!run.accountId().equals(detail.path("accountId").asText())) {
                continue;
            }
            String intentId = detail.path("intentId").asText();
            JsonNode done = completed.get(intentId);
            JsonNode fail = failed.get(intentId);
            Integer confirmedMinute = done == null ? null
                    : minuteOf(start, done.path("detail").path("completedAt").asText());
            String outcome = done != null ? TopUpMark.CONFIRMED
                    : fail != null ? fail.path("detail").path("outcome").asText(TopUpMark.FAILED) : TopUpMark.PENDING;
            sweeps.add(new SweepMark(minuteOf(start, detail.path("requestedAt").asText()), confirmedMinute,
                    new BigDecimal(detail.path("amount").asText()), detail.path("asset").asText(),
                    detail.path("toWallet").asText(), outcome));
        }
        return sweeps;
    }

    /** The move the account survived at a reading, where the venue reported the positions to measure it on. */
    private static BigDecimal survivableMove(MarginSnapshot snapshot) {
        return MoveProtection.measurable(snapshot) ? MoveProtection.survivableMove(snapshot) : null;
    }

    /** The source wallet's balance and the margin balance as the runner read them each minute, and the cap. */
    private static MoneyTrack money(AccountRun run) {
        List<MoneyTrack.Amount> margin = new ArrayList<>();
        for (AccountRun.Reading r : run.readings()) {
            margin.add(new MoneyTrack.Amount(r.minute(), r.snapshot().marginBalance()));
        }
        return new MoneyTrack(run.config().asset(), run.config().dailyCap(), run.sourceBalances(), margin,
                run.wouldTopUps());
    }

    private static Map<String, JsonNode> byIntent(List<JsonNode> events) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode e : events) {
            map.putIfAbsent(e.path("detail").path("intentId").asText(), e);
        }
        return map;
    }

    private static int secondOf(Instant start, String iso) {
        if (iso == null || iso.isBlank()) {
            return 0;
        }
        return (int) Duration.between(start, Instant.parse(iso)).toSeconds();
    }

    private static int minuteOf(Instant start, String iso) {
        if (iso == null || iso.isBlank()) {
            return 0;
        }
        return (int) Duration.between(start, Instant.parse(iso)).toMinutes();
    }
}
