package dev.margintopup.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * An AWS service in this process, behind the SDK's own HTTP client interface: the real client
 * marshals each call, retries it, runs its interceptors and unmarshals the answer, and the
 * subclass serves the protocol, one call at a time. A fault interceptor marks each call with a
 * plan, one fault per attempt, which the subclass plays on the attempt it is serving.
 */
public abstract class InProcessAws implements SdkHttpClient {

    /** The header an interceptor sets on one call to make the backend play a fault on its attempts. */
    public static final String FAULT_HEADER = "x-sim-fault";

    /** The SDK's standard strategy makes three attempts; a fault on each would exhaust them. */
    private static final int SDK_ATTEMPTS = 3;

    private final Map<String, Integer> attemptsByExecution = new HashMap<>();

    /** Serves one attempt; called with this backend's lock held. */
    protected abstract HttpExecuteResponse serve(HttpExecuteRequest request) throws IOException;

    @Override
    public final ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                synchronized (InProcessAws.this) {
                    return serve(request);
                }
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public String clientName() {
        return getClass().getSimpleName();
    }

    @Override
    public void close() {}

    /** The fault the call's plan gives the attempt now being served ({@code NONE} without a plan). */
    protected final String faultOfThisAttempt(SdkHttpRequest request) {
        String header = request.firstMatchingHeader(FAULT_HEADER).orElse("");
        int hash = header.lastIndexOf('#');
        if (hash < 0) {
            return "NONE";
        }
        String[] plan = header.substring(0, hash).split(",");
        int attempt = attemptsByExecution.merge(header.substring(hash + 1), 1, Integer::sum);
        return attempt <= plan.length ? plan[attempt - 1] : "NONE";
    }

    /** A call's plan: the fault of each attempt in turn, up to the first that has none. */
    private static List<String> plan(IntFunction<String> faultOfAttempt) {
        List<String> plan = new ArrayList<>();
        for (int attempt = 0; attempt < SDK_ATTEMPTS; attempt++) {
            String fault = faultOfAttempt.apply(attempt);
            plan.add(fault);
            if (fault.equals("NONE")) {
                break;
            }
        }
        return plan;
    }

    /**
     * What the simulator's SDK clients share: the standard retries (three attempts) without their
     * back-off sleep, which a simulated clock cannot skip, and the fault interceptor the thread has
     * bound now.
     */
    static ClientOverrideConfiguration overrides(Supplier<? extends ExecutionInterceptor> boundFaults) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build())
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        boundFaults.get().beforeExecution(context, attributes);
                    }

                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                            ExecutionAttributes attributes) {
                        return boundFaults.get().modifyHttpRequest(context, attributes);
                    }

                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        boundFaults.get().afterExecution(context, attributes);
                    }
                })
                .build();
    }

    /** An HTTP client that hands each request to whichever backend the thread has bound now. */
    static SdkHttpClient boundTo(Supplier<? extends SdkHttpClient> backend) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return backend.get().prepareRequest(request);
            }

            @Override
            public void close() {}
        };
    }

    /**
     * Where AWS faults enter a client: an execution interceptor that, before each call, gives the
     * baton back for the call's latency and draws the call's plan, which travels in the
     * {@link #FAULT_HEADER} to the backend.
     */
    abstract static class FaultInterceptor implements ExecutionInterceptor {

        /** The SDK wants one instance per attribute name, shared by every client. */
        private static final ExecutionAttribute<String> PLAN_OF_CALL = new ExecutionAttribute<>("simFaultPlan");
        final Faults faults;
        final Scheduler scheduler;
        final Trace trace;
        private long executions;

        FaultInterceptor(Faults faults, Scheduler scheduler, Trace trace) {
            this.faults = faults;
            this.scheduler = scheduler;
            this.trace = trace;
        }

        /** The container whose invocation is making the call (the one the scheduler is running). */
        final String container() {
            Scheduler.Task task = scheduler.current();
            return task == null ? "simulator" : task.where();
        }

        /** Draws the call's plan, one fault per attempt, and marks the call with it. */
        final void mark(ExecutionAttributes attributes, String service, IntFunction<String> faultOfAttempt) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            List<String> plan = plan(faultOfAttempt);
            if (plan.size() > 1 || !plan.getFirst().equals("NONE")) {
                trace.line(container() + " " + service + " " + operation + " attempts " + plan);
            }
            attributes.putAttribute(PLAN_OF_CALL, String.join(",", plan) + "#" + (++executions));
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().putHeader(FAULT_HEADER, attributes.getAttribute(PLAN_OF_CALL)).build();
        }
    }
}
