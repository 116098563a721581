package dev.margintopup.aws;

import dev.margintopup.tick.CheckInvoker;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The {@link CheckInvoker} on Lambda: one asynchronous {@code Invoke} (invocation type
 * {@code Event}) of the checker's alias per check, as a Scheduler schedule makes it. Lambda queues
 * the event and answers 202; the checker's own retries and dead-letter queue then apply as they do
 * to a scheduled invocation. The client should not retry by itself: {@code tick.Tick} retries,
 * within the minute, with its own count and backoff.
 */
public final class LambdaCheckInvoker implements CheckInvoker {

    private final LambdaClient lambda;
    private final String checkerArn;

    public LambdaCheckInvoker(LambdaClient lambda, String checkerArn) {
        this.lambda = lambda;
        this.checkerArn = checkerArn;
    }

    @Override
    public void invoke(String accountId, String input) {
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(checkerArn).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String(input)));
        } catch (LambdaException e) {
            // 429 (throttled, too many requests) and 5xx pass; any other 4xx (no such function, no
            // permission, a payload it refuses) will not, however often it is sent.
            int status = e.statusCode();
            boolean retryable = status == 429 || status >= 500 || e.isThrottlingException();
            throw new CheckInvoker.Refused("Lambda refused the check of account " + accountId + ": HTTP " + status
                    + " " + errorCode(e), retryable, e);
        } catch (SdkClientException e) {
            // No answer (connection refused, reset, timed out): nothing moved, a retry is safe.
            throw new CheckInvoker.Refused("no answer from Lambda for the check of account " + accountId + ": "
                    + e.getMessage(), true, e);
        }
        if (response.statusCode() != 202) {
            throw new CheckInvoker.Refused("Lambda answered HTTP " + response.statusCode() + " to the check of account "
                    + accountId + ", not 202 (queued)", false, null);
        }
    }

    /**
     * An Invoke of type {@code DryRun}: Lambda checks the function and the permission and runs
     * nothing. What SnapStart priming calls, so that a restored tick has its client warm.
     */
    public void dryRun() {
        lambda.invoke(b -> b.functionName(checkerArn).invocationType(InvocationType.DRY_RUN));
    }

    private static String errorCode(LambdaException e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }
}
