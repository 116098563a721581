package dev.margintopup.observability;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * Log context in the product's words. The account id is never a metric dimension (see
 * {@link Metrics}); it rides on every log line instead (MDC keys {@code accountId},
 * {@code checkId}, {@code intentId}), searchable with Logs Insights.
 */
public final class Telemetry {

    public static final String ACCOUNT_ID = "accountId";
    public static final String CHECK_ID = "checkId";
    public static final String INTENT_ID = "intentId";
    /** The invocation's X-Ray trace root, as Powertools' Lambda layout names it. */
    public static final String XRAY_TRACE_ID = "xray_trace_id";

    /** The invocation's fields on every line it logs, in Powertools' Lambda layout's names. */
    private static final List<String> INVOCATION_KEYS = List.of("function_name", "function_version",
            "function_arn", "function_memory_size", "function_request_id", "cold_start", XRAY_TRACE_ID);

    /** The first invocation in this JVM (or SnapStart restore) is the cold one. */
    private static final AtomicBoolean COLD = new AtomicBoolean(true);

    private Telemetry() {}

    public static void context(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /**
     * Puts what Lambda tells about this invocation on every line it logs; {@code context} is
     * null outside Lambda's runtime (local runs), and then only the cold start is said.
     */
    public static void invocation(Context context) {
        MDC.put("cold_start", Boolean.toString(COLD.getAndSet(false)));
        if (context != null) {
            context("function_name", context.getFunctionName());
            context("function_version", context.getFunctionVersion());
            context("function_arn", context.getInvokedFunctionArn());
            context("function_memory_size", Integer.toString(context.getMemoryLimitInMB()));
            context("function_request_id", context.getAwsRequestId());
        }
        String header = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
        if (header != null) {
            for (String part : header.split(";")) {
                if (part.startsWith("Root=")) {
                    context(XRAY_TRACE_ID, part.substring("Root=".length()));
                }
            }
        }
    }

    /** Ends an invocation's log context: its fields and the account's. */
    public static void clearInvocation() {
        INVOCATION_KEYS.forEach(MDC::remove);
        clearContext();
    }

    public static void clearContext() {
        MDC.remove(ACCOUNT_ID);
        MDC.remove(CHECK_ID);
        MDC.remove(INTENT_ID);
    }
}
