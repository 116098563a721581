package dev.margintopup.bench;

import dev.margintopup.accounts.AccountItems;
import dev.margintopup.aws.LambdaCheckInvoker;
import dev.margintopup.local.LocalLambdaEndpoint;
import dev.margintopup.local.LocalPipeline;
import dev.margintopup.tick.Tick;
import dev.margintopup.tick.TickRequest;
import dev.margintopup.tick.TickResult;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Plays the deployment's tick (decision 0032) through the real {@link Tick}: a Scan of the
 * emulator's Accounts table, and one asynchronous Invoke per account over the SDK's Lambda client
 * against {@link LocalLambdaEndpoint}, whose checker only answers 202 (the checks themselves are
 * {@link CheckPlayer}'s). Measures a tick's duration and log bytes at a given number of accounts.
 */
final class TickPlayer implements AutoCloseable {

    /**
     * Ticks of one size: their wall-clock durations; the CPU time the JVM spent meanwhile (the tick's,
     * and the loopback Lambda API's answering it: an upper bound of the tick's own); the bytes they
     * logged and the table's item bytes.
     */
    record Series(int accounts, double[] millis, double[] cpuMillis, double logBytesEach, double logLinesEach,
            long tableBytes) {
        double meanMs() {
            return Arrays.stream(millis).average().orElse(0);
        }

        double meanCpuMs() {
            return Arrays.stream(cpuMillis).average().orElse(0);
        }
    }

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static final String CHECKER = "bench-checker";

    private final CheckPlayer checks;
    private final LocalPipeline pipeline;
    private final LogMeter log;
    private final Consumer<String> progress;
    private final LocalLambdaEndpoint lambda = LocalLambdaEndpoint.start(Tick.Settings.DEFAULT.parallelism());
    private final LambdaClient client;
    private final List<String> ids = new ArrayList<>();
    private long tableBytes;
    private Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    TickPlayer(CheckPlayer checks, LogMeter log, Consumer<String> progress) {
        this.checks = checks;
        this.pipeline = checks.pipeline();
        this.log = log;
        this.progress = progress;
        lambda.function(CHECKER, payload -> "");
        client = LambdaClient.builder().endpointOverride(lambda.uri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        // The accounts CheckPlayer wrote are in the table too: the tick reads every item.
        pipeline.accountsTable().all().forEach(item -> tableBytes += itemBytes(item.attributes()));
        ids.addAll(pipeline.accountsTable().all().stream().map(i -> i.accountId()).toList());
    }

    /**
     * {@code count} ticks over a table of at least {@code atLeast} items (the checks' own accounts
     * are in it too), each Invoke answered after {@code latency}.
     */
    Series ticks(int atLeast, int count, Duration latency, String label) {
        while (ids.size() < atLeast) {
            String id = "tick-bench-" + (ids.size() + 1);
            Map<String, AttributeValue> item = checks.item(id);
            pipeline.putAccount(item);
            tableBytes += itemBytes(AccountItems.from(item).attributes());
            ids.add(id);
        }
        int accounts = ids.size();
        lambda.latency(latency);
        Tick tick = pipeline.services().tick(new LambdaCheckInvoker(client, CHECKER));
        double[] millis = new double[count];
        double[] cpuMillis = new double[count];
        long bytes = 0;
        long lines = 0;
        for (int i = 0; i < count; i++) {
            minute = minute.plus(Duration.ofMinutes(1));
            lambda.clear();
            LogMeter.Reading before = log.read();
            long cpuStart = OS.getProcessCpuTime();
            long start = System.nanoTime();
            TickResult result = tick.run(new TickRequest(minute));
            millis[i] = (System.nanoTime() - start) / 1e6;
            cpuMillis[i] = (OS.getProcessCpuTime() - cpuStart) / 1e6;
            System.out.flush();
            LogMeter.Reading logged = log.read().since(before);
            bytes += logged.bytes();
            lines += logged.lines();
            if (result.queued() != accounts || !result.failed().isEmpty() || !result.invalid().isEmpty()) {
                throw new IllegalStateException("a tick of " + accounts + " accounts queued " + result.queued()
                        + " checks: " + result);
            }
            if (count < 4 || (i + 1) % Math.max(1, count / 4) == 0) {
                progress.accept(label + " " + (i + 1) + "/" + count);
            }
        }
        return new Series(accounts, millis, cpuMillis, (double) bytes / count, (double) lines / count, tableBytes);
    }

    /**
     * An item's size as DynamoDB bills it: each attribute's name plus its value (a string's UTF-8
     * bytes, a number's about one byte per two significant digits plus one, a boolean one byte).
     */
    private static long itemBytes(Map<String, Object> item) {
        long bytes = 0;
        for (Map.Entry<String, Object> e : item.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            Object v = e.getValue();
            bytes += v instanceof String s ? s.getBytes(StandardCharsets.UTF_8).length
                    : v instanceof java.math.BigDecimal n ? (n.unscaledValue().abs().toString().length() + 1) / 2 + 1 : 1;
        }
        return bytes;
    }

    @Override
    public void close() {
        client.close();
        lambda.close();
    }
}
