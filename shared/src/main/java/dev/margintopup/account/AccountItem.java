package dev.margintopup.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account item in the plain form {@link AccountValidator} reads: attribute name to String,
 * BigDecimal, Boolean or null; anything else is kept as it came so that validation reports the
 * field as the wrong type, by name. Items arrive from the Accounts table (see
 * {@code accounts.AccountItems}) and, already validated, in a schedule's input as plain JSON.
 */
public record AccountItem(Map<String, Object> attributes) {

    public AccountItem {
        // A copy that keeps nulls and order (Map.copyOf does neither).
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The item a valid config came from: what schedule-sync embeds in the schedule's input. */
    public static AccountItem of(AccountConfig config) {
        return new AccountItem(AccountValidator.toItem(config));
    }

    /**
     * An item written as a plain JSON object (the schedule's input): numbers become BigDecimal,
     * never double; arrays and objects stay lists and maps, which validation rejects.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AccountItem fromJson(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw new IllegalArgumentException("an account item is a JSON object");
        }
        return new AccountItem(plainObject(object));
    }

    /** As plain JSON: the schedule's input carries the item in this form. */
    @JsonValue
    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The item's {@code accountId} as written, or its text form when it is not a string (for reporting). */
    public String accountId() {
        Object id = attributes.get(AccountValidator.ACCOUNT_ID);
        return id instanceof String s ? s : String.valueOf(id);
    }

    private static Map<String, Object> plainObject(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), plainValue(e.getValue())));
        return map;
    }

    private static Object plainValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(plainValue(n)));
            return list;
        }
        return plainObject(node);
    }
}
