package dev.margintopup.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an Accounts-table item into the plain form the account validator reads: S → String,
 * N → BigDecimal, BOOL → Boolean, NULL → null; any other type (lists, maps, sets, binary) is
 * kept as a descriptive placeholder so the validator reports it as the wrong type by name.
 * Items read through the SDK are converted the same way by {@code aws.DynamoAccountsTable#plain}.
 */
public final class AccountItems {

    private AccountItems() {}

    /** An item in DynamoDB JSON, as in stream records' {@code NewImage}/{@code OldImage}. */
    public static Map<String, Object> plain(JsonNode image) {
        Map<String, Object> plain = new LinkedHashMap<>();
        image.properties().forEach(e -> plain.put(e.getKey(), plainValue(e.getValue())));
        return plain;
    }

    private static Object plainValue(JsonNode typed) {
        if (typed.has("S")) {
            return typed.get("S").asText();
        }
        if (typed.has("N")) {
            return number(typed.get("N").asText());
        }
        if (typed.has("BOOL")) {
            return typed.get("BOOL").asBoolean();
        }
        if (typed.has("NULL")) {
            return null;
        }
        List<String> names = new ArrayList<>();
        typed.fieldNames().forEachRemaining(names::add);
        return new OtherType(names.isEmpty() ? "unknown" : names.get(0));
    }

    /** A DynamoDB number as a BigDecimal, or a placeholder the validator reports by name. */
    public static Object number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return new OtherType("N(" + text + ")");
        }
    }

    /** A DynamoDB type account items never use; its {@code toString} names the type for the error message. */
    public record OtherType(String dynamoType) {
        @Override
        public String toString() {
            return "a DynamoDB " + dynamoType + " value";
        }
    }
}
