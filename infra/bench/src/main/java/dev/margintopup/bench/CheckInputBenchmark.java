package dev.margintopup.bench;

import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a check does with its input before it asks the venue anything: parse the Scheduler
 * input, and validate the account config it carries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CheckInputBenchmark {

    private AccountValidator validator;
    private Map<String, Object> item;
    private byte[] event;

    @Setup
    public void setUp() {
        validator = Fixtures.validator();
        item = Fixtures.accountItem();
        event = Fixtures.checkEvent();
        if (!(parseAndValidate() instanceof Validation.Valid)) {
            throw new IllegalStateException("the example check input no longer validates");
        }
    }

    /** Validation of a valid account item (already plain), as every check and schedule-sync run it. */
    @Benchmark
    public Validation validateAccount() {
        return validator.validate(item);
    }

    /**
     * The checker's parse path on the example Scheduler input: the bytes to a JSON tree (as
     * Handlers.run reads them), the codec's decoding into a CheckRequest (ids, time, the account
     * as a plain item),
     * and the account's validation (the first thing CheckService.check does).
     */
    @Benchmark
    public Validation parseAndValidate() {
        CheckRequest request = Json.decode(new ByteArrayInputStream(event), CheckRequest.class, "the scheduled check");
        return validator.validate(request.account().attributes());
    }
}
