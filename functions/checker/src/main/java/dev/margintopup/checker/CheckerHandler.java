package dev.margintopup.checker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.CheckResult;
import dev.margintopup.check.CheckService;
import dev.margintopup.json.Json;
import dev.margintopup.observability.Metrics;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * Invoked by the account's Scheduler schedule with a {@link CheckRequest} (see
 * events/checker-scheduled.json).
 */
public final class CheckerHandler implements RequestStreamHandler {

    /** How a rejected input names what it was. */
    static final String INPUT = "the scheduled check";

    private final Function<CheckRequest, CheckResult> checks;
    private final Metrics metrics;

    /** Lambda's constructor: clients and config from the environment, built once per container. */
    public CheckerHandler() {
        this(primed(Services.fromEnvironment()));
    }

    private CheckerHandler(Services services) {
        this(services.checkService(), services.metrics());
    }

    private static Services primed(Services services) {
        SnapStartPriming.register("checker", services.checkerPriming());
        return services;
    }

    public CheckerHandler(CheckService checks, Metrics metrics) {
        this(checks::check, metrics);
    }

    /** The handler around any check, for tests of the handler alone. */
    CheckerHandler(Function<CheckRequest, CheckResult> checks, Metrics metrics) {
        this.checks = checks;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            CheckRequest request = Json.decode(event, CheckRequest.class, INPUT);
            Telemetry.context(Telemetry.ACCOUNT_ID, request.accountId());
            Telemetry.context(Telemetry.CHECK_ID, request.accountId() + "@" + request.scheduledTime());
            CheckResult result = checks.apply(request);
            Telemetry.context(Telemetry.INTENT_ID, result.intentId());
            metrics.check(venueOf(request), result.outcome().name(), result.marginRatio(),
                    result.distanceToLiquidation());
            return result;
        });
    }

    private static String venueOf(CheckRequest request) {
        return request.account().attributes().get("venue") instanceof String venue ? venue : null;
    }
}
