package dev.margintopup.bench;

import dev.margintopup.account.MoveSettings;
import dev.margintopup.check.FastPolling;
import dev.margintopup.local.CloudFormationTemplate;
import dev.margintopup.paper.PaperVenueServer;
import dev.margintopup.tick.Tick;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code infra/bin/bench}: plays warm no-op and acting checks through the real handlers, then
 * prices one account-month at a 1-minute cadence from what they measurably did — durations,
 * AWS calls, venue requests, log bytes — against the all-in target of decision 0019.
 */
public final class CostModel {

    // ---- List prices, us-east-1, as published in November 2025. Check them before quoting. ----

    /** https://aws.amazon.com/lambda/pricing/ — Arm, first 7.5 billion GB-seconds a month. */
    static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    /** https://aws.amazon.com/lambda/pricing/ — $0.20 per million requests. */
    static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    /** https://aws.amazon.com/eventbridge/pricing/ — Scheduler, $1.00 per million invocations after the free tier. */
    static final double SCHEDULER_PER_INVOCATION = 1.00 / 1_000_000;
    /** https://aws.amazon.com/eventbridge/pricing/ — custom events, $1.00 per million (64 KB chunks). */
    static final double EVENTBRIDGE_PER_EVENT = 1.00 / 1_000_000;
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — $0.625 per million write request units (since Nov 2024). */
    static final double DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000;
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/ — $0.125 per million read request units. */
    static final double DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000;
    /** https://aws.amazon.com/secrets-manager/pricing/ — $0.05 per 10,000 API calls. */
    static final double SECRETS_PER_API_CALL = 0.05 / 10_000;
    /** https://aws.amazon.com/secrets-manager/pricing/ — $0.40 per secret per month. */
    static final double SECRETS_PER_SECRET_MONTH = 0.40;
    /** https://aws.amazon.com/cloudwatch/pricing/ — log ingestion, Standard class (Lambda logs: first 10 TB tier). */
    static final double LOGS_PER_GB_INGESTED = 0.50;
    /** https://aws.amazon.com/cloudwatch/pricing/ — $0.30 per custom metric (each EMF dimension set) a month. */
    static final double METRICS_PER_CUSTOM_METRIC_MONTH = 0.30;

    // ---- Free tier, per AWS account and month (https://aws.amazon.com/free/). ----
    static final double FREE_LAMBDA_REQUESTS = 1_000_000;
    static final double FREE_LAMBDA_GB_SECONDS = 400_000;
    static final double FREE_SCHEDULER_INVOCATIONS = 14_000_000;
    static final double FREE_LOGS_GB = 5;

    // ---- Assumptions, stated. ----

    /** 60 × 24 × 30: one check a minute for a 30-day month. */
    static final int CHECKS_PER_MONTH = 43_200;
    /**
     * All-in per account-month, list prices, no free tier, Secrets Manager storage included, for a
     * 100-account deployment (decision 0019; DESIGN §9's $0.10 left storage out).
     */
    static final double TARGET_PER_ACCOUNT_MONTH = 0.08;
    /**
     * Lambda's own records per invocation in JSON log format (platform.start + platform.report),
     * estimated; written only when the function's SystemLogLevel (template.yaml) is INFO or DEBUG,
     * as it is by default. At WARN a healthy invocation writes none.
     */
    static final int PLATFORM_LOG_BYTES_PER_INVOCATION = 400;
    /** https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html — one vCPU at 1,769 MB. */
    static final int FULL_VCPU_MB = 1769;
    /** Memory sizes the checker is priced at, against its measured duration. */
    static final List<Integer> CHECKER_MEMORY_CHOICES = List.of(256, 512, 768, 1024, 1769);
    /** Secrets a deployment holds in the shared layout: the read-keys and the transfer-keys secret. */
    static final int SHARED_SECRETS_PER_DEPLOYMENT = 2;
    /** Secrets an account holds in the per-account layout: its read key and its transfer key. */
    static final int OWN_SECRETS_PER_ACCOUNT = 2;
    /** Counted per log event in ingested size, as CloudWatch Logs meters an event (conservative). */
    static final int LOG_EVENT_OVERHEAD_BYTES = 26;
    /** An eventually consistent read: half a read unit per 4 KB, a Scan's items summed per page. */
    static final double EVENTUAL_READ_UNITS_PER_4KB = 0.5;
    /** A Scan returns at most 1 MB a page: a page is one more round trip. */
    static final long SCAN_PAGE_BYTES = 1024L * 1024;
    /** The tick is measured at this many accounts too: its duration must stay well under a minute. */
    static final int LARGE_DEPLOYMENT = 1000;
    /** Ticks measured at each size, after as many unmeasured. */
    static final int TICKS_MEASURED = 5;
    /** Billed gigabytes are taken as 10^9 bytes (a little more than 2^30 would bill). */
    static final double BYTES_PER_GB = 1e9;
    /** Shaded function jars should stay at or below this (DESIGN §9, cold start). */
    static final long JAR_TARGET_BYTES = 12L * 1024 * 1024;

    record Options(int warmUp, int checks, int acting, double cpuFactor, double venueLatencyMs, int topUpsPerMonth,
            int accounts, double bandHoursPerMonth, int coldRounds, int checkerContainers, double invokeLatencyMs) {}

    /** What starts the checks (template.yaml's CheckTrigger, decision 0032). */
    enum Trigger {
        TICK("tick"), PER_ACCOUNT_SCHEDULES("per-account-schedules");

        final String parameter;

        Trigger(String parameter) {
            this.parameter = parameter;
        }

        static Trigger of(String parameter) {
            for (Trigger t : values()) {
                if (t.parameter.equals(parameter)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("template.yaml's CheckTrigger is '" + parameter + "', not a known trigger");
        }
    }

    private CostModel() {}

    public static void main(String[] args) {
        PrintStream terminal = System.out;
        int status;
        try {
            status = run(args, terminal);
        } catch (UsageError e) {
            System.err.println("error: " + e.getMessage());
            status = 2;
        } catch (RuntimeException e) {
            System.setOut(terminal);
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    static int run(String[] args, PrintStream out) {
        Options options = parse(args, out);
        if (options == null) {
            return 0;
        }
        Path root = Fixtures.repositoryRoot();
        CloudFormationTemplate template = CloudFormationTemplate.load(root.resolve("template.yaml"), "bench", "us-east-1");
        int checkerMemoryMb = template.functionProperty("CheckerFunction", "MemorySize").asInt();
        int transferMemoryMb = template.functionProperty("TransferFunction", "MemorySize").asInt();
        int platformLogBytes = platformLogBytes(template, "CheckerFunction");
        int tickMemoryMb = template.functionProperty("TickFunction", "MemorySize").asInt();
        Trigger defaultTrigger = Trigger.of(template.parameter("CheckTrigger"));

        Path logFile = root.resolve("target/reports/bench-functions.log");
        LogMeter log;
        try {
            Files.createDirectories(logFile.getParent());
            log = new LogMeter(new FileOutputStream(logFile.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + logFile + ": " + e.getMessage());
        }
        // The functions log to stdout as in Lambda; every byte of it is what CloudWatch would ingest.
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));

        List<CheckPlayer.Series> measured;
        List<TickPlayer.Series> ticks;
        try (PaperVenueServer venue = PaperVenueServer.start(0)) {
            CheckPlayer player = new CheckPlayer(root.resolve("template.yaml"), venue, log,
                    line -> out.println("    " + line));
            String healthy = player.healthyAccount();
            out.printf("warming up: %d no-op checks, 5 acting checks%n", options.warmUp());
            player.noOpChecks(healthy, options.warmUp(), "warm-up no-op checks");
            player.actingChecks(5, "warm-up acting checks");
            out.printf("measuring: %d no-op checks…%n", options.checks());
            CheckPlayer.Series noOp = player.noOpChecks(healthy, options.checks(), "no-op checks");
            out.printf("measuring: %d acting checks and their transfers…%n", options.acting());
            List<CheckPlayer.Series> acting = player.actingChecks(options.acting(), "acting checks");
            measured = List.of(noOp, acting.get(0), acting.get(1));
            try (TickPlayer ticker = new TickPlayer(player, log, line -> out.println("    " + line))) {
                out.printf("measuring: the tick at %d and %d accounts…%n", options.accounts(), LARGE_DEPLOYMENT);
                ticker.ticks(options.accounts(), TICKS_MEASURED, Duration.ZERO, "warm-up ticks");
                TickPlayer.Series deployment = ticker.ticks(options.accounts(), TICKS_MEASURED, Duration.ZERO, "ticks");
                ticker.ticks(LARGE_DEPLOYMENT, TICKS_MEASURED, Duration.ZERO, "warm-up ticks");
                TickPlayer.Series large = ticker.ticks(LARGE_DEPLOYMENT, TICKS_MEASURED, Duration.ZERO, "ticks");
                TickPlayer.Series largeWaiting = ticker.ticks(LARGE_DEPLOYMENT, 1,
                        Duration.ofMillis(Math.round(options.invokeLatencyMs())), "a tick waiting on each Invoke");
                ticks = List.of(deployment, large, largeWaiting);
            }
        } finally {
            System.out.flush();
            System.setOut(out);
        }
        out.println();
        print(out, options, measured, ticks, new Sizes(checkerMemoryMb, transferMemoryMb, tickMemoryMb, platformLogBytes),
                defaultTrigger, root, logFile);
        if (options.coldRounds() > 0) {
            out.println();
            ColdInit.print(out, root, template, templateJvmOptions(template), options.coldRounds());
        }
        return 0;
    }

    /** The template's memory sizes and what Lambda itself logs per invocation at its SystemLogLevel. */
    record Sizes(int checkerMb, int transferMb, int tickMb, int platformLogBytes) {}

    /** Lambda's platform records of a healthy invocation, by the function's SystemLogLevel (default INFO). */
    static int platformLogBytes(CloudFormationTemplate template, String function) {
        String level = template.functionProperty(function, "LoggingConfig").path("SystemLogLevel").asText("INFO");
        return level.equals("INFO") || level.equals("DEBUG") ? PLATFORM_LOG_BYTES_PER_INVOCATION : 0;
    }

    /** JAVA_TOOL_OPTIONS of the functions (Globals), as infra/bin/bench runs the cost model. */
    static List<String> templateJvmOptions(CloudFormationTemplate template) {
        String options = template.functionEnvironment("CheckerFunction").getOrDefault("JAVA_TOOL_OPTIONS", "");
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    // ---------------------------------------------------------------- the model

    /** What one kind of invocation costs on Lambda, in dollars, with its parts. */
    record Invocation(String what, double lambdaMs, long billedMs, int memoryMb, Map<String, Double> dollars) {
        double total() {
            return dollars.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    static Invocation price(CheckPlayer.Series series, int memoryMb, Options options, int platformLogBytes) {
        // Cost adds up over invocations, so the mean (not the median) is what gets billed.
        double meanMs = Arrays.stream(series.millis()).average().orElse(0);
        double lambdaMs = meanMs * options.cpuFactor() * cpuScale(memoryMb)
                + series.venueRequestsEach() * options.venueLatencyMs();
        long billedMs = (long) Math.ceil(lambdaMs);
        Map<String, Double> dollars = new LinkedHashMap<>();
        dollars.put("Lambda requests", LAMBDA_PER_REQUEST);
        dollars.put("Lambda compute", memoryMb / 1024.0 * billedMs / 1000.0 * LAMBDA_ARM_PER_GB_SECOND);
        dollars.put("DynamoDB", dynamoDollars(series));
        dollars.put("EventBridge", eventBridgeEvents(series) * EVENTBRIDGE_PER_EVENT);
        dollars.put("Secrets Manager API", sum(series.awsCallsEach(), "SecretsManager.") * SECRETS_PER_API_CALL);
        dollars.put("CloudWatch Logs", logBytes(series, platformLogBytes) / BYTES_PER_GB * LOGS_PER_GB_INGESTED);
        return new Invocation(series.what(), lambdaMs, billedMs, memoryMb, dollars);
    }

    /** One tick priced on Lambda: its duration there and its dollars per tick, by part. */
    record TickCost(int accounts, double lambdaMs, long billedMs, int memoryMb, double readUnits,
            Map<String, Double> dollars) {

        /** Its share of one account-month: a tick a minute, shared by the deployment's accounts. */
        Map<String, Double> perAccountMonth() {
            Map<String, Double> month = new LinkedHashMap<>();
            dollars.forEach((k, v) -> month.put(k, v * CHECKS_PER_MONTH / accounts));
            return month;
        }
    }

    /**
     * The tick on Lambda: the CPU time it took in-process, scaled as a check's duration is, plus a
     * round trip per round of parallel Invokes and per Scan page (--invoke-latency-ms): on loopback its
     * wall-clock is mostly the emulator's Scan, which is not the function's work. The Scan's read
     * units from the table's item bytes, eventually consistent.
     */
    static TickCost priceTick(TickPlayer.Series tick, int memoryMb, Options options) {
        int parallelism = Tick.Settings.DEFAULT.parallelism();
        long pages = Math.max(1, (tick.tableBytes() + SCAN_PAGE_BYTES - 1) / SCAN_PAGE_BYTES);
        long rounds = (tick.accounts() + parallelism - 1) / parallelism;
        double lambdaMs = tick.meanCpuMs() * options.cpuFactor() * cpuScale(memoryMb)
                + (rounds + pages) * options.invokeLatencyMs();
        long billedMs = (long) Math.ceil(lambdaMs);
        double readUnits = Math.ceil(tick.tableBytes() / 4096.0) * EVENTUAL_READ_UNITS_PER_4KB;
        Map<String, Double> dollars = new LinkedHashMap<>();
        dollars.put("Scheduler", SCHEDULER_PER_INVOCATION);
        dollars.put("Tick Lambda requests", LAMBDA_PER_REQUEST);
        dollars.put("Tick Lambda compute", memoryMb / 1024.0 * billedMs / 1000.0 * LAMBDA_ARM_PER_GB_SECOND);
        dollars.put("Tick Scan reads", readUnits * DYNAMODB_PER_READ_UNIT);
        dollars.put("Tick logs", (tick.logBytesEach() + tick.logLinesEach() * LOG_EVENT_OVERHEAD_BYTES) / BYTES_PER_GB
                * LOGS_PER_GB_INGESTED);
        return new TickCost(tick.accounts(), lambdaMs, billedMs, memoryMb, readUnits, dollars);
    }

    /** What starting the checks costs one account a month under {@code trigger}. */
    static Map<String, Double> triggerLines(Trigger trigger, TickCost tick) {
        return switch (trigger) {
            case PER_ACCOUNT_SCHEDULES -> Map.of("Scheduler", CHECKS_PER_MONTH * SCHEDULER_PER_INVOCATION);
            case TICK -> tick.perAccountMonth();
        };
    }

    /**
     * How much longer the same work takes at {@code memoryMb} than at 1024 MB, where
     * {@code --cpu-factor} is set: Lambda gives CPU in proportion to memory up to one vCPU at
     * 1,769 MB, and a single-threaded check gains nothing beyond it.
     */
    static double cpuScale(int memoryMb) {
        return 1024.0 / Math.min(memoryMb, FULL_VCPU_MB);
    }

    /**
     * Request units per call, for items under 1 KB (writes) and 4 KB (reads), which the ledger's
     * items are: a standard write 1 WRU, a transactional write 2 WRU per item, a strongly
     * consistent read 1 RRU (taken for every read), a transactional read 2 RRU per item.
     */
    static double dynamoDollars(CheckPlayer.Series series) {
        Map<String, Double> calls = series.awsCallsEach();
        Map<String, Double> items = series.awsItemsEach();
        double writeUnits = 0;
        double readUnits = 0;
        for (Map.Entry<String, Double> call : calls.entrySet()) {
            String key = call.getKey();
            if (!key.startsWith("DynamoDb.")) {
                continue;
            }
            String operation = key.substring("DynamoDb.".length());
            double n = call.getValue();
            switch (operation) {
                case "PutItem", "UpdateItem", "DeleteItem" -> writeUnits += n;
                case "TransactWriteItems" -> writeUnits += 2 * items.getOrDefault(key, n);
                case "BatchWriteItem" -> writeUnits += items.getOrDefault(key, n);
                case "TransactGetItems" -> readUnits += 2 * items.getOrDefault(key, n);
                default -> readUnits += n; // GetItem, Query, Scan, BatchGetItem: one unit a call at these sizes
            }
        }
        return writeUnits * DYNAMODB_PER_WRITE_UNIT + readUnits * DYNAMODB_PER_READ_UNIT;
    }

    static double eventBridgeEvents(CheckPlayer.Series series) {
        return series.awsItemsEach().getOrDefault("EventBridge.PutEvents",
                series.awsCallsEach().getOrDefault("EventBridge.PutEvents", 0.0));
    }

    /** Measured stdout, plus Lambda's own records (none at SystemLogLevel WARN) and the per-event overhead. */
    static double logBytes(CheckPlayer.Series series, int platformLogBytes) {
        int platformEvents = platformLogBytes > 0 ? 2 : 0;
        return series.logBytesEach() + platformLogBytes
                + (series.logLinesEach() + platformEvents) * LOG_EVENT_OVERHEAD_BYTES;
    }

    private static double sum(Map<String, Double> calls, String prefix) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }

    // ---------------------------------------------------------------- the report

    static void print(PrintStream out, Options o, List<CheckPlayer.Series> measured, List<TickPlayer.Series> ticks,
            Sizes sizes, Trigger defaultTrigger, Path root, Path logFile) {
        int checkerMb = sizes.checkerMb();
        int transferMb = sizes.transferMb();
        CheckPlayer.Series noOp = measured.get(0);
        CheckPlayer.Series acting = measured.get(1);
        CheckPlayer.Series transfer = measured.get(2);

        out.println("Per invocation, measured in-process on this machine (warm JVM, emulator and paper venue on loopback)");
        out.printf("  %-14s %5s %8s %8s %8s %8s %10s %9s %9s%n", "", "n", "median", "p95", "mean", "max",
                "AWS calls", "venue req", "log bytes");
        for (CheckPlayer.Series s : measured) {
            double[] ms = s.millis();
            Arrays.sort(ms);
            out.printf("  %-14s %5d %6.2fms %6.2fms %6.2fms %6.2fms %10.2f %9.2f %9.0f%n", s.what(), ms.length,
                    percentile(ms, 50), percentile(ms, 95), Arrays.stream(ms).average().orElse(0), ms[ms.length - 1],
                    s.awsCallsEach().values().stream().mapToDouble(Double::doubleValue).sum(), s.venueRequestsEach(),
                    s.logBytesEach());
        }
        out.println();
        out.println("AWS calls per invocation, by service.operation (items carried, where billed per item)");
        for (CheckPlayer.Series s : measured) {
            Map<String, Double> calls = s.awsCallsEach();
            Map<String, Double> items = s.awsItemsEach();
            List<String> parts = new ArrayList<>();
            calls.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.3f", k, v)
                    + (items.containsKey(k) ? String.format(Locale.ROOT, " (%.1f items)", items.get(k)) : "")));
            out.printf("  %-14s %s%n", s.what(), parts.isEmpty() ? "none" : String.join(", ", parts));
        }
        out.println();

        Invocation noOpCost = price(noOp, checkerMb, o, sizes.platformLogBytes());
        Invocation actingCost = price(acting, checkerMb, o, sizes.platformLogBytes());
        Invocation transferCost = price(transfer, transferMb, o, sizes.platformLogBytes());
        out.printf("On Lambda: in-process mean × %.1f (CPU factor at 1024 MB: --cpu-factor) × 1024 ÷ memory (up to"
                + " one vCPU at %d MB) + %.0f ms per venue request (--venue-latency-ms)%n", o.cpuFactor(),
                FULL_VCPU_MB, o.venueLatencyMs());
        for (Invocation i : List.of(noOpCost, actingCost, transferCost)) {
            out.printf("  %-14s %7.1f ms → billed %4d ms at %d MB (MemorySize, template.yaml)%n", i.what(), i.lambdaMs(),
                    i.billedMs(), i.memoryMb());
        }
        out.println();

        TickCost tickCost = priceTick(ticks.get(0), sizes.tickMb(), o);
        printTick(out, o, ticks, sizes.tickMb());
        out.println();

        int noOps = CHECKS_PER_MONTH - o.topUpsPerMonth();
        Map<String, Double> month = month(o, noOpCost, actingCost, transferCost, checkerMb,
                triggerLines(defaultTrigger, tickCost));
        BandMinute band = bandMinute(noOpCost, checkerMb);
        double total = month.values().stream().mapToDouble(Double::doubleValue).sum();
        double sharedStorage = SHARED_SECRETS_PER_DEPLOYMENT * SECRETS_PER_SECRET_MONTH / o.accounts();
        // The checks' key reads, measured one account per container; a shared secret is read once
        // per container and TTL for every account that container checks.
        double checkReads = noOpCost.dollars().get("Secrets Manager API") * noOps
                + actingCost.dollars().get("Secrets Manager API") * o.topUpsPerMonth();
        double sharedReadsSaved = checkReads * (1 - Math.min(1.0, (double) o.checkerContainers() / o.accounts()));
        double ownStorage = OWN_SECRETS_PER_ACCOUNT * SECRETS_PER_SECRET_MONTH;

        out.printf("One account-month at a 1-minute cadence: %,d checks (%,d no-op, %d acting + %d transfers;"
                + " --top-ups-per-month), started by the %s (CheckTrigger's default), list prices us-east-1, no free"
                + " tier%n", CHECKS_PER_MONTH, noOps, o.topUpsPerMonth(), o.topUpsPerMonth(),
                defaultTrigger == Trigger.TICK ? "tick" : "per-account schedules");
        String dominant = null;
        for (Map.Entry<String, Double> e : month.entrySet()) {
            out.printf("  %-22s $%9.5f  %5.1f %%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
            if (dominant == null || e.getValue() > month.get(dominant)) {
                dominant = e.getKey();
            }
        }
        out.printf("  %-22s $%9.5f  (platform log lines: %d bytes an invocation at the checker's SystemLogLevel)%n",
                "usage", total, sizes.platformLogBytes());
        out.printf("  Secrets Manager storage at $%.2f per secret-month:%n", SECRETS_PER_SECRET_MONTH);
        out.printf("    shared keys            $%9.5f  (%d secrets per deployment, read-keys and transfer-keys, ÷ %d"
                + " accounts; --accounts)%n", sharedStorage, SHARED_SECRETS_PER_DEPLOYMENT, o.accounts());
        out.printf("    per-account keys       $%9.5f  (a read and a transfer secret per account; one key for both:"
                + " $%.2f)%n", ownStorage, SECRETS_PER_SECRET_MONTH);
        double sharedTotal = total - sharedReadsSaved + sharedStorage;
        double ownTotal = total + ownStorage;
        out.printf("  shared keys' reads        -$%8.5f  (one read of read-keys an hour per checker container, %d"
                + " containers for %d accounts; --checker-containers)%n", sharedReadsSaved, o.checkerContainers(),
                o.accounts());
        out.printf("  all-in, shared keys      $%9.5f  target $%.2f per account-month: %s%n", sharedTotal,
                TARGET_PER_ACCOUNT_MONTH, sharedTotal <= TARGET_PER_ACCOUNT_MONTH ? "MET" : "NOT MET");
        out.printf("  all-in, per-account keys $%9.5f  target $%.2f per account-month: %s (storage is %.0f %% of it)%n",
                ownTotal, TARGET_PER_ACCOUNT_MONTH, ownTotal <= TARGET_PER_ACCOUNT_MONTH ? "MET" : "NOT MET",
                100 * ownStorage / ownTotal);
        out.printf("  of the usage, %s is the largest part (%.0f %%)%n", dominant, 100 * month.get(dominant) / total);
        out.printf("  each further 10 ms of billed no-op duration adds $%.5f per account-month%n",
                noOps * checkerMb / 1024.0 * 0.010 * LAMBDA_ARM_PER_GB_SECOND);
        out.println();
        Map<Trigger, Double> usage = new LinkedHashMap<>();
        for (Trigger trigger : Trigger.values()) {
            usage.put(trigger, total - sum(triggerLines(defaultTrigger, tickCost), "")
                    + sum(triggerLines(trigger, tickCost), ""));
        }
        printTriggers(out, o, tickCost, defaultTrigger, usage, sharedStorage - sharedReadsSaved, ownStorage);
        out.println();
        out.printf("Inside the watch band (--band-hours-per-month %.1f): each minute the scheduled check is followed by"
                + " %d polls %d s apart (default pollIntervalSeconds), the invocation lasting %.1f s%n",
                o.bandHoursPerMonth(), band.polls(), MoveSettings.DEFAULT_POLL_INTERVAL_SECONDS, band.billedSeconds());
        out.printf("  per minute in the band: $%.6f Lambda compute (waiting included), $%.6f logs; no AWS call while"
                + " nothing is decided%n", band.compute(), band.logs());
        out.printf("  per hour in the band: $%.4f; per account-month: $%.5f%n", band.total() * 60,
                band.total() * 60 * o.bandHoursPerMonth());
        out.println();

        printMemoryChoices(out, o, noOp, acting, transfer, sizes, triggerLines(defaultTrigger, tickCost));
        out.println();
        printFreeTier(out, o, noOps, noOpCost, actingCost, transferCost, month, defaultTrigger);
        out.println();
        out.println("Outside the target (per deployment)");
        out.printf("  EMF metrics: $%.2f per metric and dimension set a month, by venue and outcome, not per account%n",
                METRICS_PER_CUSTOM_METRIC_MONTH);
        out.println("  cold starts (SnapStart restores) are not modelled: one busy checker stays warm at this cadence");
        out.println();
        printJars(out, root);
        out.println();
        out.println("function logs of this run: " + root.relativize(logFile));
    }

    /** The usage-priced parts of one account-month (everything but secret storage), by service. */
    static Map<String, Double> month(Options o, Invocation noOp, Invocation acting, Invocation transfer, int checkerMb,
            Map<String, Double> trigger) {
        int noOps = CHECKS_PER_MONTH - o.topUpsPerMonth();
        Map<String, Double> month = new LinkedHashMap<>();
        noOp.dollars().forEach((k, v) -> month.merge(k, v * noOps, Double::sum));
        acting.dollars().forEach((k, v) -> month.merge(k, v * o.topUpsPerMonth(), Double::sum));
        transfer.dollars().forEach((k, v) -> month.merge(k, v * o.topUpsPerMonth(), Double::sum));
        trigger.forEach((k, v) -> month.merge(k, v, Double::sum));
        month.put("Fast polling (band)", bandMinute(noOp, checkerMb).total() * o.bandHoursPerMonth() * 60);
        return month;
    }

    /** The tick's measured durations, what they come to on Lambda, and the large deployment's wall-clock. */
    private static void printTick(PrintStream out, Options o, List<TickPlayer.Series> ticks, int tickMb) {
        int parallelism = Tick.Settings.DEFAULT.parallelism();
        out.printf("The tick (decision 0032), measured in-process: a Scan of the emulator's Accounts table and one"
                + " asynchronous Invoke per account to Lambda's API on loopback, %d in flight%n", parallelism);
        out.printf("  %8s %5s %9s %9s %9s %10s %12s   on Lambda at %d MB (MemorySize): CPU × %.1f × 1024 ÷ %d + %.0f ms"
                + " per Invoke round and Scan page (--invoke-latency-ms)%n", "accounts", "n", "mean", "max",
                "CPU mean", "log bytes", "table bytes", tickMb, o.cpuFactor(), Math.min(tickMb, FULL_VCPU_MB),
                o.invokeLatencyMs());
        for (TickPlayer.Series t : ticks.subList(0, 2)) {
            TickCost cost = priceTick(t, tickMb, o);
            out.printf("  %8d %5d %7.1fms %7.1fms %7.1fms %10.0f %12d   → billed %,d ms, %.1f read units a tick%n",
                    t.accounts(), t.millis().length, t.meanMs(), Arrays.stream(t.millis()).max().orElse(0),
                    t.meanCpuMs(), t.logBytesEach(), t.tableBytes(), cost.billedMs(), cost.readUnits());
        }
        TickPlayer.Series waiting = ticks.get(2);
        out.printf("  %d accounts with every Invoke answered %.0f ms late: %.2f s wall-clock on this machine, against"
                + " a 60 s minute (retries stop at %d s)%n", waiting.accounts(), o.invokeLatencyMs(),
                waiting.meanMs() / 1000, Tick.Settings.DEFAULT.budget().toSeconds());
    }

    /** Both triggers side by side, per account-month: what differs, then the all-in of each. */
    private static void printTriggers(PrintStream out, Options o, TickCost tick, Trigger defaultTrigger,
            Map<Trigger, Double> usage, double sharedKeys, double ownKeys) {
        out.printf("The two triggers side by side, per account-month at %d accounts (CheckTrigger in template.yaml;"
                + " default: %s)%n", tick.accounts(), defaultTrigger.parameter);
        out.printf("  %-26s %14s %24s%n", "", "tick", "per-account-schedules");
        Map<String, Double> ticked = triggerLines(Trigger.TICK, tick);
        Map<String, Double> scheduled = triggerLines(Trigger.PER_ACCOUNT_SCHEDULES, tick);
        for (String line : ticked.keySet()) {
            out.printf("  %-26s %14s %24s%n", line, money(ticked.get(line)),
                    scheduled.containsKey(line) ? money(scheduled.get(line)) : "—");
        }
        out.printf("  %-26s %14s %24s%n", "starting the checks", money(sum(ticked, "")), money(sum(scheduled, "")));
        out.printf("  %-26s %14s %24s%n", "usage", money(usage.get(Trigger.TICK)),
                money(usage.get(Trigger.PER_ACCOUNT_SCHEDULES)));
        for (var keys : List.of(Map.entry("all-in, shared keys", sharedKeys), Map.entry("all-in, per-account keys", ownKeys))) {
            double ticking = usage.get(Trigger.TICK) + keys.getValue();
            double scheduling = usage.get(Trigger.PER_ACCOUNT_SCHEDULES) + keys.getValue();
            out.printf("  %-26s %14s %24s%n", keys.getKey(), money(ticking) + mark(ticking),
                    money(scheduling) + mark(scheduling));
        }
        out.printf("  the tick: one schedule (43,200 invocations a month) and a %,d ms tick at %d MB a minute for the"
                + " deployment, and a Scan of %.1f read units; %s marks the $%.2f target%n", tick.billedMs(),
                tick.memoryMb(), tick.readUnits(), "✓", TARGET_PER_ACCOUNT_MONTH);
    }

    private static String money(double dollars) {
        return String.format(Locale.ROOT, "$%.5f", dollars);
    }

    private static String mark(double dollars) {
        return dollars <= TARGET_PER_ACCOUNT_MONTH ? " ✓" : "  ";
    }

    /**
     * The checker's memory size against its measured duration: the same checks priced at each
     * size, CPU in proportion to memory, the venue's latency unchanged, the band's waiting billed
     * at that size. The transfer function keeps its own size.
     */
    private static void printMemoryChoices(PrintStream out, Options o, CheckPlayer.Series noOp,
            CheckPlayer.Series acting, CheckPlayer.Series transfer, Sizes sizes, Map<String, Double> trigger) {
        out.println("The checker's memory size against its measured duration (usage per account-month; the rest"
                + " of the month as above)");
        out.printf("  %8s %14s %16s %12s %12s%n", "memory", "no-op billed", "Lambda compute", "band hour", "usage");
        Invocation transferCost = price(transfer, sizes.transferMb(), o, sizes.platformLogBytes());
        for (int mb : CHECKER_MEMORY_CHOICES) {
            Invocation noOpCost = price(noOp, mb, o, sizes.platformLogBytes());
            Invocation actingCost = price(acting, mb, o, sizes.platformLogBytes());
            Map<String, Double> month = month(o, noOpCost, actingCost, transferCost, mb, trigger);
            double usage = month.values().stream().mapToDouble(Double::doubleValue).sum();
            out.printf("  %5d MB %11d ms %15s %12s %12s%s%n", mb, noOpCost.billedMs(),
                    String.format(Locale.ROOT, "$%.5f", month.get("Lambda compute")),
                    String.format(Locale.ROOT, "$%.5f", bandMinute(noOpCost, mb).total() * 60),
                    String.format(Locale.ROOT, "$%.5f", usage),
                    mb == sizes.checkerMb() ? "  ← MemorySize, template.yaml" : "");
        }
    }

    /**
     * The extra cost of one minute inside the watch band at a 1-minute cadence: the invocation
     * stays up until its last poll (the polling window less the margin) plus that poll's work, and
     * each poll is priced as a warm no-op check (its log lines; no AWS call while nothing is decided).
     */
    record BandMinute(int polls, double billedSeconds, double compute, double logs) {
        double total() {
            return compute + logs;
        }
    }

    static BandMinute bandMinute(Invocation noOp, int memoryMb) {
        long windowSeconds = FastPolling.lastPollStart(java.time.Instant.EPOCH, 1).getEpochSecond();
        int polls = (int) (windowSeconds / MoveSettings.DEFAULT_POLL_INTERVAL_SECONDS);
        double billedSeconds = windowSeconds + noOp.billedMs() / 1000.0;
        double extraSeconds = billedSeconds - noOp.billedMs() / 1000.0;
        double compute = memoryMb / 1024.0 * extraSeconds * LAMBDA_ARM_PER_GB_SECOND;
        double logs = polls * noOp.dollars().get("CloudWatch Logs");
        return new BandMinute(polls, billedSeconds, compute, logs);
    }

    private static void printFreeTier(PrintStream out, Options o, int noOps, Invocation noOp, Invocation acting,
            Invocation transfer, Map<String, Double> month, Trigger trigger) {
        int k = o.accounts();
        double requests = CHECKS_PER_MONTH + o.topUpsPerMonth();
        double gbSeconds = noOps * gbSeconds(noOp) + o.topUpsPerMonth() * (gbSeconds(acting) + gbSeconds(transfer));
        double logsGb = month.get("CloudWatch Logs") / LOGS_PER_GB_INGESTED;
        Map<String, Double> withFree = new LinkedHashMap<>(month);
        withFree.put("Lambda requests", Math.max(0, k * requests - FREE_LAMBDA_REQUESTS) * LAMBDA_PER_REQUEST / k);
        withFree.put("Lambda compute", Math.max(0, k * gbSeconds - FREE_LAMBDA_GB_SECONDS) * LAMBDA_ARM_PER_GB_SECOND / k);
        // Per-account schedules make k × 43,200 invocations a month; the tick's one schedule 43,200.
        double schedulerInvocations = trigger == Trigger.TICK ? CHECKS_PER_MONTH : (double) k * CHECKS_PER_MONTH;
        withFree.put("Scheduler", Math.max(0, schedulerInvocations - FREE_SCHEDULER_INVOCATIONS)
                * SCHEDULER_PER_INVOCATION / k);
        withFree.put("CloudWatch Logs", Math.max(0, k * logsGb - FREE_LOGS_GB) * LOGS_PER_GB_INGESTED / k);
        double total = withFree.values().stream().mapToDouble(Double::doubleValue).sum();
        out.printf("With the free tier, shared by %d accounts (--accounts): $%.5f per account-month"
                + " (Lambda 1M requests and 400,000 GB-s, Scheduler 14M invocations, Logs 5 GB a month;"
                + " none for DynamoDB on-demand, EventBridge events; the tick's own requests and compute priced"
                + " without it)%n", k, total);
        out.printf("  per account: %.3f GB-s, %.4f GB of logs a month; the free Lambda requests cover %.0f accounts,"
                + " the free Scheduler invocations %.0f%n", gbSeconds, logsGb, FREE_LAMBDA_REQUESTS / requests,
                FREE_SCHEDULER_INVOCATIONS / CHECKS_PER_MONTH);
    }

    private static double gbSeconds(Invocation i) {
        return i.memoryMb() / 1024.0 * i.billedMs() / 1000.0;
    }

    private static void printJars(PrintStream out, Path root) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> functions = Files.newDirectoryStream(root.resolve("functions"))) {
            for (Path function : functions) {
                Path target = function.resolve("target");
                if (Files.isDirectory(target)) {
                    try (DirectoryStream<Path> found = Files.newDirectoryStream(target, "*-lambda.jar")) {
                        found.forEach(jars::add);
                    }
                }
            }
        } catch (IOException e) {
            out.println("Shaded function jars: cannot list functions/: " + e.getMessage());
            return;
        }
        if (jars.isEmpty()) {
            out.println("Shaded function jars: none built yet; build them with"
                    + " ./mvnw -q -B -DskipTests package (or sam build), then run this again");
            return;
        }
        out.printf("Shaded function jars (target ≤ %d MB)%n", JAR_TARGET_BYTES / (1024 * 1024));
        jars.sort(null);
        for (Path jar : jars) {
            try {
                long size = Files.size(jar);
                out.printf("  %-72s %6.1f MB  %s%n", root.relativize(jar), size / (1024.0 * 1024.0),
                        size <= JAR_TARGET_BYTES ? "ok" : "OVER");
            } catch (IOException e) {
                out.printf("  %-72s unreadable: %s%n", root.relativize(jar), e.getMessage());
            }
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ---------------------------------------------------------------- options

    static Options parse(String[] args, PrintStream out) {
        int warmUp = 300;
        int checks = 200;
        int acting = 20;
        double cpuFactor = 2.0;
        double venueLatencyMs = 30;
        int topUps = 30;
        int accounts = 100;
        double bandHours = 1;
        int coldRounds = 5;
        int checkerContainers = 10;
        double invokeLatencyMs = 30;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    out.print(HELP);
                    return null;
                }
                case "--warm-up" -> warmUp = positive(arg, value(args, ++i, arg), 0);
                case "--checks" -> checks = positive(arg, value(args, ++i, arg), 1);
                case "--acting" -> acting = positive(arg, value(args, ++i, arg), 1);
                case "--cpu-factor" -> cpuFactor = decimal(arg, value(args, ++i, arg));
                case "--venue-latency-ms" -> venueLatencyMs = decimal(arg, value(args, ++i, arg));
                case "--top-ups-per-month" -> topUps = positive(arg, value(args, ++i, arg), 0);
                case "--accounts" -> accounts = positive(arg, value(args, ++i, arg), 1);
                case "--band-hours-per-month" -> bandHours = decimal(arg, value(args, ++i, arg));
                case "--cold-rounds" -> coldRounds = positive(arg, value(args, ++i, arg), 0);
                case "--checker-containers" -> checkerContainers = positive(arg, value(args, ++i, arg), 1);
                case "--invoke-latency-ms" -> invokeLatencyMs = decimal(arg, value(args, ++i, arg));
                default -> throw new UsageError("unknown option " + arg + "; see infra/bin/bench --help");
            }
        }
        if (topUps > CHECKS_PER_MONTH) {
            throw new UsageError("--top-ups-per-month cannot exceed the " + CHECKS_PER_MONTH + " checks of a month");
        }
        if (bandHours < 0 || bandHours > CHECKS_PER_MONTH / 60.0) {
            throw new UsageError("--band-hours-per-month must be between 0 and the month's " + CHECKS_PER_MONTH / 60
                    + " hours");
        }
        return new Options(warmUp, checks, acting, cpuFactor, venueLatencyMs, topUps, accounts, bandHours, coldRounds,
                checkerContainers, invokeLatencyMs);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageError(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                throw new UsageError(option + " must be at least " + min + ", got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageError(option + " needs a whole number, got '" + value + "'");
        }
    }

    private static double decimal(String option, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new UsageError(option + " must be a number of at least 0, got " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageError(option + " needs a number, got '" + value + "'");
        }
    }

    static final String HELP = """
            usage: infra/bin/bench [OPTIONS]
                   infra/bin/bench --jmh [JMH ARGS]

            Without --jmh: the cost model. Plays warm checks through the real handlers (the emulator and
            the paper venue, as infra/bin/run does), measures each one and prints per-check durations,
            AWS calls per no-op and per acting check, and the cost of one account-month at a 1-minute
            cadence at list prices, Secrets Manager storage included in both key layouts, against the
            target of $0.08; then the tick (one schedule per deployment, decision 0032) measured at
            --accounts and 1000 accounts and both triggers side by side; then the checker's memory size
            against its duration, and cold starts of each function's jar against an empty handler.

              --warm-up N            no-op checks before measuring (default 300; 5 acting checks follow)
              --checks N             no-op checks measured (default 200)
              --acting N             acting checks measured, each with its transfer (default 20)
              --cpu-factor F         Lambda duration = measured duration × F (default 2.0: 1024 MB is
                                     0.58 of a vCPU, and a Graviton core is taken as a little slower
                                     than a current desktop or server core)
              --venue-latency-ms MS  added per venue request: a real venue is not on loopback
                                     (default 30, a kept-alive HTTPS request from a nearby region)
              --top-ups-per-month N  acting checks in the month (default 30)
              --accounts N           accounts of the deployment: they share the two shared-key secrets and
                                     the free tier (default 100)
              --band-hours-per-month H
                                     hours a month the account spends inside its watch band, where the
                                     checker polls every 10 s until the next check (default 1)
              --checker-containers N warm checker containers serving the deployment, each reading the shared
                                     read-keys secret once an hour (default 10: rate schedules start when
                                     made, so 100 accounts' checks spread over the minute)
              --invoke-latency-ms MS added to the tick per round of parallel Invokes and per Scan page:
                                     Lambda and DynamoDB are not on loopback (default 30)
              --cold-rounds N        rounds of cold starts of each function's shaded jar and of an empty
                                     handler, with and without template.yaml's JVM options (default 5;
                                     0 skips them)
              -h, --help             shows this help

            With --jmh: the JMH microbenchmarks (policy decision, account validation, check-input
            parsing), by default 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, with -prof gc for the
            bytes allocated per operation (gc.alloc.rate.norm). Arguments after --jmh go to JMH; any of
            -f -wi -w -i -r -prof given there replaces its default, e.g. infra/bin/bench --jmh Policy -i 10.

            Figures vary by machine; compare runs on the same machine.
            """;

    /** A mistake in how the command was called: one line on stderr, exit status 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
