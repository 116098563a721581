package dev.margintopup.ticker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.margintopup.aws.AwsClients;
import dev.margintopup.aws.LambdaCheckInvoker;
import dev.margintopup.json.Json;
import dev.margintopup.tick.Tick;
import dev.margintopup.tick.TickRequest;
import dev.margintopup.tick.TickResult;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Invoked once a minute by the deployment's tick schedule with {@code {"scheduledTime": ...}}
 * (events/tick-scheduled.json); hands each due account's check to the checker ({@link Tick}).
 */
public final class TickHandler implements RequestStreamHandler {

    /** How a rejected input names what it was. */
    static final String INPUT = "the tick";

    /** The checker's alias, which the tick invokes (template.yaml). */
    public static final String CHECKER_FUNCTION_ARN = "CHECKER_FUNCTION_ARN";

    private final Function<TickRequest, TickResult> tick;

    /** Lambda's constructor: clients and config from the environment, built once per container. */
    public TickHandler() {
        this(Services.forTick(), new LambdaCheckInvoker(lambdaClient(), AwsClients.env(CHECKER_FUNCTION_ARN)));
    }

    private TickHandler(Services services, LambdaCheckInvoker checker) {
        this(services.tick(checker));
        Runnable priming = services.tickPriming();
        SnapStartPriming.register("tick", () -> {
            priming.run();
            checker.dryRun();
        });
    }

    public TickHandler(Tick tick) {
        this(tick::run);
    }

    /** The handler around any tick, for tests of the handler alone. */
    TickHandler(Function<TickRequest, TickResult> tick) {
        this.tick = tick;
    }

    // No retries in the client: Tick retries a refused invoke itself, with a count and a deadline it
    // knows. A call that hangs is cut off so that its retry still falls inside the minute.
    private static LambdaClient lambdaClient() {
        return AwsClients.build(LambdaClient.builder().overrideConfiguration(c -> c
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofSeconds(5))));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> tick.apply(Json.decode(event, TickRequest.class, INPUT)));
    }
}
