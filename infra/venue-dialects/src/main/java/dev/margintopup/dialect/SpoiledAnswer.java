package dev.margintopup.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The ways a dialect server spoils an answer whose request it applied: money moved, and the
 * caller gets an answer it may not be able to read. Each server finds the field in its own
 * answer shape; what happens to it is the same everywhere.
 */
public final class SpoiledAnswer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpoiledAnswer() {}

    /** The first object holding {@code field}, depth first (a row wins over its envelope), or {@code null}. */
    public static ObjectNode holderOf(JsonNode node, String field) {
        for (JsonNode child : node) {
            ObjectNode found = holderOf(child, field);
            if (found != null) {
                return found;
            }
        }
        return node instanceof ObjectNode object && object.has(field) ? object : null;
    }

    /** Removes {@code field} where it first occurs; true when there was one. */
    public static boolean remove(JsonNode answer, String field) {
        ObjectNode holder = holderOf(answer, field);
        return holder != null && holder.remove(field) != null;
    }

    /**
     * Gives {@code field} another JSON type where it first occurs: a decimal string becomes a
     * number, a number a string, anything else a list holding it. True when there was one.
     */
    public static boolean retype(JsonNode answer, String field) {
        ObjectNode holder = holderOf(answer, field);
        if (holder == null) {
            return false;
        }
        JsonNode value = holder.get(field);
        if (value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?")) {
            holder.set(field, NODES.numberNode(new BigDecimal(value.asText())));
        } else if (value.isNumber()) {
            holder.put(field, value.asText());
        } else {
            holder.set(field, NODES.arrayNode().add(value));
        }
        return true;
    }
}
