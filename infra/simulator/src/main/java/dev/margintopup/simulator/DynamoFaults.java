package dev.margintopup.simulator;

import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Where AWS faults enter DynamoDB: an SDK execution interceptor on the real DynamoDB client, acting for the
 * container whose invocation makes the call.
 * Before each call it gives the baton back for the call's latency (so other invocations can run
 * in between), may kill the container before the call or after it took effect, and marks each of
 * the call's attempts with the wire fault {@link dev.margintopup.simulator.dynamo.SimDynamo} plays: throttling, a transaction
 * conflict, or a lost answer.
 */
final class DynamoFaults extends InProcessAws.FaultInterceptor {

    DynamoFaults(Faults faults, Scheduler scheduler, Trace trace) {
        super(faults, scheduler, trace);
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
        mark(attributes, "DynamoDB", attempt -> {
            if (faults.inject(FaultKind.DYNAMO_THROTTLE, attempt == 0 ? 0.02 : 0.3)) {
                return "THROTTLE";
            } else if (operation.equals("TransactWriteItems")
                    && faults.inject(FaultKind.DYNAMO_CONFLICT, attempt == 0 ? 0.03 : 0.3)) {
                return "CONFLICT";
            } else if (!operation.equals("GetItem") && !operation.equals("Query")
                    && faults.inject(FaultKind.DYNAMO_LOST_ANSWER, attempt == 0 ? 0.02 : 0.2)) {
                return "LOSE_ANSWER";
            }
            return "NONE";
        });
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
