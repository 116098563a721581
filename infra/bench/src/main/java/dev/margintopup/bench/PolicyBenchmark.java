package dev.margintopup.bench;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.TopUpPolicy;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One policy decision, the pure core of every check. Run with {@code -prof gc}: its
 * {@code gc.alloc.rate.norm} line is the memory each decision allocates (bytes per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark {

    private AccountConfig account;
    private MarginSnapshot healthy;
    private MarginSnapshot breached;

    @Setup
    public void setUp() {
        account = Fixtures.account();
        healthy = Fixtures.healthy();
        breached = Fixtures.breached();
        if (!(TopUpPolicy.decide(healthy, account, BigDecimal.ZERO, false) instanceof Decision.NoAction)
                || !(TopUpPolicy.decide(breached, account, BigDecimal.ZERO, false) instanceof Decision.TopUp)) {
            throw new IllegalStateException("the fixtures no longer give a no-op and a top-up; fix Fixtures");
        }
    }

    /** The 99 % case: the ratio is below the trigger. */
    @Benchmark
    public Decision decideHealthy() {
        return TopUpPolicy.decide(healthy, account, BigDecimal.ZERO, false);
    }

    /** Past the trigger: the amount to the target, rounded to the step and checked against every cap. */
    @Benchmark
    public Decision decideBreached() {
        return TopUpPolicy.decide(breached, account, BigDecimal.ZERO, false);
    }
}
