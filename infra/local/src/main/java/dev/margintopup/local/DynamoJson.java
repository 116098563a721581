package dev.margintopup.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Writes SDK attribute values as DynamoDB JSON, the form Lambda's stream events carry. */
final class DynamoJson {

    private DynamoJson() {}

    static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = Json.object();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    static ObjectNode value(AttributeValue v) {
        ObjectNode node = Json.object();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", image(v.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(e -> list.add(value(e)));
            }
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case B -> node.put("B", v.b().asByteArray());
            case BS -> {
                ArrayNode list = node.putArray("BS");
                v.bs().forEach(b -> list.add(b.asByteArray()));
            }
            default -> node.put("NULL", true);
        }
        return node;
    }
}
