package dev.margintopup.observability;

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

    private Telemetry() {}

    public static void context(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    public static void clearContext() {
        MDC.remove(ACCOUNT_ID);
        MDC.remove(CHECK_ID);
        MDC.remove(INTENT_ID);
    }
}
