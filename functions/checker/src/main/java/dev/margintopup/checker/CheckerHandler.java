package dev.margintopup.checker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.CheckResult;
import dev.margintopup.check.CheckService;
import dev.margintopup.check.FastPolling;
import dev.margintopup.json.Json;
import dev.margintopup.observability.Metrics;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Invoked by the account's Scheduler schedule with a {@link CheckRequest} (see
 * events/checker-scheduled.json). Inside the account's watch band it keeps polling until the next
 * scheduled check ({@link FastPolling}); each check's metrics are emitted as it ends, and the
 * result is the last check's.
 */
public final class CheckerHandler implements RequestStreamHandler {

    /** How a rejected input names what it was. */
    static final String INPUT = "the scheduled check";

    /** One scheduled invocation's checks, each handed on as it ends; the scheduled check first. */
    @FunctionalInterface
    interface Checks {
        List<CheckResult> run(CheckRequest request, Consumer<CheckResult> each);
    }

    private final Checks checks;
    private final Metrics metrics;

    /** Lambda's constructor: clients and config from the environment, built once per container. */
    public CheckerHandler() {
        this(primed(Services.forChecker()));
    }

    private CheckerHandler(Services services) {
        this(services.checkService(), services.metrics());
    }

    private static Services primed(Services services) {
        SnapStartPriming.register("checker", services.checkerPriming());
        return services;
    }

    public CheckerHandler(CheckService checks, Metrics metrics) {
        this(FastPolling.sleeping(checks), metrics);
    }

    public CheckerHandler(FastPolling checks, Metrics metrics) {
        this((Checks) checks::run, metrics);
    }

    /** The handler around any single check, for tests of the handler alone. */
    CheckerHandler(Function<CheckRequest, CheckResult> check, Metrics metrics) {
        this((request, each) -> {
            CheckResult result = check.apply(request);
            each.accept(result);
            return List.of(result);
        }, metrics);
    }

    private CheckerHandler(Checks checks, Metrics metrics) {
        this.checks = checks;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            CheckRequest request = Json.decode(event, CheckRequest.class, INPUT);
            Telemetry.context(Telemetry.ACCOUNT_ID, request.accountId());
            Telemetry.context(Telemetry.CHECK_ID, request.accountId() + "@" + request.scheduledTime());
            List<CheckResult> results = checks.run(request, result -> {
                Telemetry.context(Telemetry.INTENT_ID, result.intentId());
                metrics.check(venueOf(request), result.outcome().name(), result.marginRatio(),
                        result.distanceToLiquidation());
                if (result.rescueCapacity() != null) {
                    metrics.rescueCapacity(venueOf(request), result.rescueCapacity().level().name(),
                            result.rescueCapacity().movePercent());
                }
            });
            return results.getLast();
        });
    }

    private static String venueOf(CheckRequest request) {
        return request.account().attributes().get("venue") instanceof String venue ? venue : null;
    }
}
