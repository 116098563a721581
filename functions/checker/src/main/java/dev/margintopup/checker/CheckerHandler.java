package dev.margintopup.checker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.check.CheckResult;
import dev.margintopup.check.CheckService;
import dev.margintopup.check.FastPolling;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import dev.margintopup.observability.Metrics;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Invoked by the account's Scheduler schedule with
 * {@code {"accountId", "scheduledTime", "account": {...}}} (see events/checker-scheduled.json).
 * Inside the account's watch band it keeps polling until the next scheduled check
 * ({@link FastPolling}); the result is the last check's.
 */
public final class CheckerHandler implements RequestStreamHandler {

    private final FastPolling checks;
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
        this(FastPolling.sleeping(checks), metrics);
    }

    public CheckerHandler(FastPolling checks, Metrics metrics) {
        this.checks = checks;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            CheckRequest request = parse(event);
            Telemetry.context(Telemetry.ACCOUNT_ID, request.accountId());
            Telemetry.context(Telemetry.CHECK_ID, request.accountId() + "@" + request.scheduledTime());
            List<CheckResult> results = checks.run(request, result -> {
                Telemetry.context(Telemetry.INTENT_ID, result.intentId());
                metrics.check(venueOf(event), result.outcome().name(), result.marginRatio(),
                        result.distanceToLiquidation());
            });
            return results.getLast();
        });
    }

    static CheckRequest parse(JsonNode event) {
        String accountId = Json.requiredText(event, "accountId");
        String scheduledTime = Json.requiredText(event, "scheduledTime");
        Instant at;
        try {
            at = Instant.parse(scheduledTime);
        } catch (DateTimeParseException e) {
            throw new BadInput("scheduledTime must be an ISO-8601 instant such as 2026-11-24T21:00:00Z, got '"
                    + scheduledTime + "'; the schedule's input should carry <aws.scheduler.scheduled-time>");
        }
        JsonNode account = event.get("account");
        if (account == null || !account.isObject()) {
            throw new BadInput("the event has no 'account' object; schedule-sync embeds the validated account"
                    + " item there (recreate the schedule by touching the account item)");
        }
        return new CheckRequest(accountId, at, Json.plain(account));
    }

    private static String venueOf(JsonNode event) {
        JsonNode venue = event.path("account").path("venue");
        return venue.isTextual() ? venue.textValue() : null;
    }
}
