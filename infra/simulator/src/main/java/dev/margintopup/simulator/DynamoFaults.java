package dev.margintopup.simulator;

import dev.margintopup.simulator.dynamo.SimDynamo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Where AWS faults enter: an SDK execution interceptor on the real DynamoDB client, acting for the
 * container whose invocation makes the call.
 * Before each call it gives the baton back for the call's latency (so other invocations can run
 * in between), may kill the container before the call or after it took effect, and marks each of
 * the call's attempts with the wire fault {@link SimDynamo} plays: throttling, a transaction
 * conflict, or a lost answer.
 */
final class DynamoFaults implements ExecutionInterceptor {

    private static final ExecutionAttribute<String> PLAN = new ExecutionAttribute<>("simFaultPlan");

    private final Faults faults;
    private final Scheduler scheduler;
    private final Trace trace;
    private long executions;

    DynamoFaults(Faults faults, Scheduler scheduler, Trace trace) {
        this.faults = faults;
        this.scheduler = scheduler;
        this.trace = trace;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String container = container();
        scheduler.pause(Duration.ofMillis(3 + faults.draws().nextInt(15)), false);
        if (faults.inject(FaultKind.CRASH_BEFORE_AWS, 0.004)) {
            trace.line(container + " crashes before DynamoDB " + operation);
            throw new ContainerCrash("before DynamoDB " + operation);
        }
        List<String> plan = new ArrayList<>();
        // The SDK's standard strategy makes three attempts; a fault on each would exhaust them.
        for (int attempt = 0; attempt < 3; attempt++) {
            String fault = "NONE";
            if (faults.inject(FaultKind.DYNAMO_THROTTLE, attempt == 0 ? 0.02 : 0.3)) {
                fault = "THROTTLE";
            } else if (operation.equals("TransactWriteItems")
                    && faults.inject(FaultKind.DYNAMO_CONFLICT, attempt == 0 ? 0.03 : 0.3)) {
                fault = "CONFLICT";
            } else if (!operation.equals("GetItem") && !operation.equals("Query")
                    && faults.inject(FaultKind.DYNAMO_LOST_ANSWER, attempt == 0 ? 0.02 : 0.2)) {
                fault = "LOSE_ANSWER";
            }
            plan.add(fault);
            if (fault.equals("NONE")) {
                break;
            }
        }
        if (plan.size() > 1 || !plan.getFirst().equals("NONE")) {
            trace.line(container + " DynamoDB " + operation + " attempts " + plan);
        }
        attributes.putAttribute(PLAN, String.join(",", plan) + "#" + (++executions));
    }

    /** The container whose invocation is making the call (the one the scheduler is running). */
    private String container() {
        Scheduler.Task task = scheduler.current();
        return task == null ? "simulator" : task.where();
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return context.httpRequest().toBuilder().putHeader(SimDynamo.FAULT_HEADER, attributes.getAttribute(PLAN)).build();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String container = container();
        if (!operation.equals("GetItem") && !operation.equals("Query")
                && faults.inject(FaultKind.CRASH_AFTER_AWS, 0.006)) {
            trace.line(container + " crashes after DynamoDB " + operation + " took effect");
            throw new ContainerCrash("after DynamoDB " + operation);
        }
    }
}
