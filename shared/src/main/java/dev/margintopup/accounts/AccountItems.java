package dev.margintopup.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.AccountItem;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns an Accounts-table item into an {@link AccountItem}: S → String, N → BigDecimal,
 * BOOL → Boolean, NULL → null, L → List, M → Map; any other type (sets, binary) is kept as a
 * descriptive placeholder so the validator reports it as the wrong type by name. One conversion
 * serves both ways items arrive: from the SDK, and in DynamoDB JSON in stream records.
 */
public final class AccountItems {

    private AccountItems() {}

    /** An item as the SDK returns it. */
    public static AccountItem from(Map<String, AttributeValue> item) {
        Map<String, Object> plain = new LinkedHashMap<>();
        item.forEach((name, value) -> plain.put(name, plainValue(value)));
        return new AccountItem(plain);
    }

    /** An item in DynamoDB JSON, as in stream records' {@code NewImage}/{@code OldImage}. */
    public static AccountItem fromDynamoJson(JsonNode image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.properties().forEach(e -> item.put(e.getKey(), attributeValue(e.getValue())));
        return from(item);
    }

    /**
     * DynamoDB JSON ({@code {"N": "0.2"}}) as the SDK's value. The scalar types, lists and maps account
     * items use keep their content; the others keep just their type, which is all the error needs.
     */
    static AttributeValue attributeValue(JsonNode typed) {
        String type = typed != null && typed.isObject() && typed.size() == 1 ? typed.fieldNames().next() : "";
        return switch (type) {
            case "S" -> AttributeValue.fromS(typed.get("S").asText());
            case "N" -> AttributeValue.fromN(typed.get("N").asText());
            case "BOOL" -> AttributeValue.fromBool(typed.get("BOOL").asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "L" -> {
                List<AttributeValue> list = new java.util.ArrayList<>();
                typed.get("L").forEach(element -> list.add(attributeValue(element)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                typed.get("M").properties().forEach(e -> map.put(e.getKey(), attributeValue(e.getValue())));
                yield AttributeValue.fromM(map);
            }
            case "SS" -> AttributeValue.fromSs(List.of());
            case "NS" -> AttributeValue.fromNs(List.of());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0]));
            case "BS" -> AttributeValue.fromBs(List.of());
            default -> AttributeValue.builder().build();
        };
    }

    private static Object plainValue(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return number(value.n());
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (Boolean.TRUE.equals(value.nul())) {
            return null;
        }
        // Lists and maps carry the ordered sources; the validator says where any other use is wrong.
        if (value.hasL()) {
            List<Object> list = new java.util.ArrayList<>();
            value.l().forEach(element -> list.add(plainValue(element)));
            return list;
        }
        if (value.hasM()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.m().forEach((name, element) -> map.put(name, plainValue(element)));
            return map;
        }
        return new OtherType(value.type() == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION ? "unknown" : value.type().toString());
    }

    private static Object number(String text) {
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
