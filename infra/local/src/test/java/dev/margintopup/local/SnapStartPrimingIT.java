package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SnapStart priming warms each function with read-only calls the function's role allows, and
 * nothing else: a snapshot is restored many times, so priming must never write or publish.
 */
class SnapStartPrimingIT {

    /** What each function's priming may call: reads its IAM role in template.yaml grants. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "checker", Set.of("DynamoDb.GetItem"),
            "transfer", Set.of("DynamoDb.GetItem"),
            "schedule-sync", Set.of("DynamoDb.GetItem", "Scheduler.GetSchedule"),
            "tick", Set.of("DynamoDb.Scan"));

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    @ParameterizedTest
    @ValueSource(strings = {"checker", "transfer", "schedule-sync", "tick"})
    void priming_only_reads(String function) {
        Map<String, Function<dev.margintopup.wiring.Services, Runnable>> primings = Map.of(
                "checker", s -> s.checkerPriming(),
                "transfer", s -> s.transferPriming(),
                "schedule-sync", s -> s.scheduleSyncPriming(),
                "tick", s -> s.tickPriming());
        fx.pipeline.functionCalls().reset();

        primings.get(function).apply(fx.pipeline.services()).run();

        Map<String, Integer> calls = fx.pipeline.functionCalls().snapshot();
        assertThat(calls).as("%s priming warmed its SDK clients", function).isNotEmpty();
        assertThat(calls.keySet()).as("%s priming makes only reads its role allows", function)
                .isSubsetOf(ALLOWED.get(function));
    }
}
