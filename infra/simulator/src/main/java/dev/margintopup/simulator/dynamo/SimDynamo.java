package dev.margintopup.simulator.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import dev.margintopup.simulator.InProcessAws;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A DynamoDB that lives in this process, behind the SDK's own HTTP client interface: the real
 * DynamoDB client marshals each call, retries it, runs its execution interceptors and
 * unmarshals the answer, and this class serves the JSON protocol for the operations the ledger
 * uses (GetItem, PutItem, UpdateItem, TransactWriteItems with its client request token, Query).
 * Conditions and updates are evaluated by {@link Expressions}; each call is applied atomically,
 * one at a time, as DynamoDB applies a single-item write or a transaction.
 *
 * <p>It plays the faults a {@link DynamoFaults} interceptor marks on an attempt: throttling and a
 * transaction conflict answer without applying anything; a lost answer applies the call and then
 * breaks the connection, so the SDK retries a call that already took effect.
 */
public final class SimDynamo extends InProcessAws {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";

    private final Map<String, NavigableMap<String, ObjectNode>> tables = new HashMap<>();
    private final Set<String> appliedTransactionTokens = new HashSet<>();
    private int calls;

    /** Calls served (attempts reaching the table), for the speed figures. */
    public synchronized int calls() {
        return calls;
    }

    /** Every item of a table's partition, in sort-key order: what the invariants read, without faults. */
    public synchronized List<ObjectNode> partition(String table, String pk) {
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode item : table(table).subMap(pk + "\u0000", true, pk + "\u0001", false).values()) {
            items.add(item.deepCopy());
        }
        return items;
    }

    /** What DynamoDB's TTL process does, at once: deletes the partition's items whose {@code expiresAt} has passed. */
    public synchronized void deleteExpired(String table, String pk, long nowEpochSecond) {
        table(table).subMap(pk + "\u0000", true, pk + "\u0001", false).values()
                .removeIf(item -> item.has("expiresAt") && Long.parseLong(item.get("expiresAt").get("N").asText()) < nowEpochSecond);
    }

    @Override
    protected HttpExecuteResponse serve(HttpExecuteRequest request) throws IOException {
        calls++;
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.substring(target.indexOf('.') + 1);
        JsonNode body;
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
            body = JSON.readTree(in);
        }
        String fault = faultOfThisAttempt(request.httpRequest());
        switch (fault) {
            case "THROTTLE" -> {
                return error(400, "ProvisionedThroughputExceededException", "The level of configured provisioned"
                        + " throughput for the table was exceeded (simulated)", null);
            }
            case "CONFLICT" -> {
                if (operation.equals("TransactWriteItems")) {
                    ArrayNode reasons = JSON.createArrayNode();
                    body.get("TransactItems").forEach(i -> reasons.addObject().put("Code", "TransactionConflict")
                            .put("Message", "Transaction is ongoing for the item (simulated)"));
                    return error(400, "TransactionCanceledException", "Transaction cancelled, please refer"
                            + " cancellation reasons for specific reasons [TransactionConflict]", reasons);
                }
                return error(400, "TransactionConflictException", "Transaction is ongoing for the item (simulated)",
                        null);
            }
            default -> {
                // served below
            }
        }
        HttpExecuteResponse response;
        try {
            response = switch (operation) {
                case "GetItem" -> ok(getItem(body));
                case "PutItem" -> write(() -> putItem(body));
                case "UpdateItem" -> updateItem(body);
                case "TransactWriteItems" -> transactWriteItems(body);
                case "Query" -> ok(query(body));
                default -> error(400, "ValidationException", "operation " + operation + " is not simulated", null);
            };
        } catch (Expressions.ExpressionRefused e) {
            response = error(400, "ValidationException", e.getMessage(), null);
        }
        if (fault.equals("LOSE_ANSWER")) {
            throw new IOException("connection reset after the request was applied (simulated lost answer)");
        }
        return response;
    }

    /**
     * The header carries one fault per attempt and the execution it belongs to
     * ({@code THROTTLE,NONE#checker-1-7}); the attempts of one execution are counted here.
     */
    // ---------------------------------------------------------------- operations

    private ObjectNode getItem(JsonNode body) {
        ObjectNode answer = JSON.createObjectNode();
        find(body.get("TableName").asText(), body.get("Key")).ifPresent(item -> answer.set("Item", item.deepCopy()));
        return answer;
    }

    /** A single-item write: its condition failed, or it was applied. */
    private boolean putItem(JsonNode body) {
        String table = body.get("TableName").asText();
        ObjectNode item = (ObjectNode) body.get("Item").deepCopy();
        ObjectNode existing = find(table, item).orElse(null);
        if (!Expressions.holds(text(body, "ConditionExpression"), existing, names(body), values(body))) {
            return false;
        }
        table(table).put(key(item), item);
        return true;
    }

    /** A single-item update; with {@code ReturnValues=ALL_NEW} the answer carries the item as written. */
    private HttpExecuteResponse updateItem(JsonNode body) {
        String table = body.get("TableName").asText();
        JsonNode keyNode = body.get("Key");
        ObjectNode existing = find(table, keyNode).orElse(null);
        if (!Expressions.holds(text(body, "ConditionExpression"), existing, names(body), values(body))) {
            return error(400, "ConditionalCheckFailedException", "The conditional request failed", null);
        }
        ObjectNode updated = existing == null ? ((ObjectNode) keyNode.deepCopy()) : existing.deepCopy();
        Expressions.apply(body.get("UpdateExpression").asText(), updated, names(body), values(body));
        table(table).put(key(updated), updated);
        ObjectNode answer = JSON.createObjectNode();
        String returnValues = text(body, "ReturnValues");
        if ("ALL_NEW".equals(returnValues)) {
            answer.set("Attributes", updated.deepCopy());
        } else if (returnValues != null && !returnValues.equals("NONE")) {
            return error(400, "ValidationException", "ReturnValues " + returnValues + " is not simulated", null);
        }
        return ok(answer);
    }

    private HttpExecuteResponse transactWriteItems(JsonNode body) {
        String token = text(body, "ClientRequestToken");
        if (token != null && appliedTransactionTokens.contains(token)) {
            // DynamoDB answers a repeated token (within ten minutes) as the success it was, applying nothing again.
            return ok(JSON.createObjectNode());
        }
        List<JsonNode> items = new ArrayList<>();
        body.get("TransactItems").forEach(items::add);
        ArrayNode reasons = JSON.createArrayNode();
        boolean failed = false;
        Set<String> touched = new HashSet<>();
        for (JsonNode entry : items) {
            String kind = entry.fieldNames().next();
            JsonNode write = entry.get(kind);
            String table = write.get("TableName").asText();
            JsonNode keyNode = kind.equals("Put") ? write.get("Item") : write.get("Key");
            if (!touched.add(table + "|" + key(keyNode))) {
                return error(400, "ValidationException",
                        "Transaction request cannot include multiple operations on one item", null);
            }
            ObjectNode existing = find(table, keyNode).orElse(null);
            boolean holds = Expressions.holds(text(write, "ConditionExpression"), existing, names(write), values(write));
            reasons.addObject().put("Code", holds ? "None" : "ConditionalCheckFailed");
            failed |= !holds;
        }
        if (failed) {
            return error(400, "TransactionCanceledException", "Transaction cancelled, please refer cancellation"
                    + " reasons for specific reasons [ConditionalCheckFailed]", reasons);
        }
        for (JsonNode entry : items) {
            String kind = entry.fieldNames().next();
            JsonNode write = entry.get(kind);
            switch (kind) {
                case "Put" -> table(write.get("TableName").asText()).put(key(write.get("Item")),
                        (ObjectNode) write.get("Item").deepCopy());
                case "Update" -> {
                    String table = write.get("TableName").asText();
                    ObjectNode existing = find(table, write.get("Key")).orElse(null);
                    ObjectNode updated = existing == null ? ((ObjectNode) write.get("Key").deepCopy()) : existing.deepCopy();
                    Expressions.apply(write.get("UpdateExpression").asText(), updated, names(write), values(write));
                    table(table).put(key(updated), updated);
                }
                case "Delete" -> table(write.get("TableName").asText()).remove(key(write.get("Key")));
                case "ConditionCheck" -> {
                    // checked above
                }
                default -> throw new Expressions.ExpressionRefused("transaction item " + kind + " is not simulated");
            }
        }
        if (token != null) {
            appliedTransactionTokens.add(token);
        }
        return ok(JSON.createObjectNode());
    }

    private ObjectNode query(JsonNode body) {
        String table = body.get("TableName").asText();
        String condition = body.get("KeyConditionExpression").asText();
        ArrayNode found = JSON.createArrayNode();
        for (ObjectNode item : table(table).values()) {
            if (Expressions.holds(condition, item, names(body), values(body))) {
                found.add(item.deepCopy());
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("Items", found);
        answer.put("Count", found.size());
        answer.put("ScannedCount", found.size());
        return answer;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface SingleWrite {
        boolean applied();
    }

    private HttpExecuteResponse write(SingleWrite write) {
        if (write.applied()) {
            return ok(JSON.createObjectNode());
        }
        return error(400, "ConditionalCheckFailedException", "The conditional request failed", null);
    }

    private NavigableMap<String, ObjectNode> table(String name) {
        return tables.computeIfAbsent(name, n -> new TreeMap<>());
    }

    private Optional<ObjectNode> find(String table, JsonNode keyNode) {
        return Optional.ofNullable(table(table).get(key(keyNode)));
    }

    /** The primary key of an item or key map: {@code pk}, and {@code sk} where the table has one. */
    private static String key(JsonNode item) {
        String pk = item.path("pk").path("S").asText(item.path("accountId").path("S").asText(""));
        String sk = item.path("sk").path("S").asText("");
        return pk + "\u0000" + sk;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> names(JsonNode node) {
        Map<String, String> names = new HashMap<>();
        JsonNode given = node.get("ExpressionAttributeNames");
        if (given != null) {
            given.fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
        }
        return names;
    }

    private static Map<String, JsonNode> values(JsonNode node) {
        Map<String, JsonNode> values = new HashMap<>();
        JsonNode given = node.get("ExpressionAttributeValues");
        if (given != null) {
            given.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        }
        return values;
    }

    private static HttpExecuteResponse ok(JsonNode answer) {
        return response(200, answer);
    }

    private static HttpExecuteResponse error(int status, String type, String message, ArrayNode reasons) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("__type", ERROR_PREFIX + type);
        answer.put("message", message);
        if (reasons != null) {
            answer.set("CancellationReasons", reasons);
        }
        return response(status, answer);
    }

    private static HttpExecuteResponse response(int status, JsonNode answer) {
        byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder()
                        .statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

}
