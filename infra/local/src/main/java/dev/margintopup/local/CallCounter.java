package dev.margintopup.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;

/**
 * Counts AWS calls per service and operation, so the cost budget (a no-op check makes no AWS
 * call) is a deterministic assertion on counts rather than a timing.
 *
 * <p>Calls that carry several items are billed per item (each item of a DynamoDB transaction,
 * each PutEvents entry), so those item counts are kept too ({@link #items()}).
 */
public final class CallCounter implements ExecutionInterceptor {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> items = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        int carried = switch (context.request()) {
            case TransactWriteItemsRequest r -> r.transactItems().size();
            case TransactGetItemsRequest r -> r.transactItems().size();
            case BatchWriteItemRequest r -> r.requestItems().values().stream().mapToInt(java.util.List::size).sum();
            case PutEventsRequest r -> r.entries().size();
            default -> 0;
        };
        if (carried > 0) {
            items.computeIfAbsent(key, k -> new AtomicInteger()).addAndGet(carried);
        }
    }

    public Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Items carried by multi-item calls (transaction items, PutEvents entries), per service.operation. */
    public Map<String, Integer> items() {
        Map<String, Integer> copy = new TreeMap<>();
        items.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public int total() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void reset() {
        calls.clear();
        items.clear();
    }
}
