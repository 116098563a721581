package dev.margintopup.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.FieldProblem;
import dev.margintopup.account.Validation;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An account item written by hand, in DynamoDB JSON as {@code aws dynamodb put-item --item
 * file://ITEM.json} takes it: read the one way {@code infra/bin/validate} checks it and
 * {@code infra/bin/accounts} writes it, so that what was validated is exactly what is written.
 */
final class ItemFile {

    private ItemFile() {}

    /** The file cannot be read as one item; the message names the file and where it broke. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * The file's item as DynamoDB would store it. Account items hold strings, numbers and booleans,
     * each given as its JSON type ({@code {"N": "0.2"}}, {@code {"BOOL": true}}), and the list of maps
     * of {@code sources}; a value of any other shape ({@code {"BOOL": "yes"}}) is kept as an empty
     * list, which the validator refuses by field name, rather than guessed at: {@code "yes"} is no
     * {@code false}.
     */
    static Map<String, AttributeValue> read(Path file) throws Unreadable {
        JsonNode item;
        try {
            item = Json.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreadable(file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        } catch (BadInput e) {
            throw new Unreadable(file + ": " + e.getMessage().replace("the event", "the file"));
        }
        if (!item.isObject()) {
            throw new Unreadable(file + ": expected one item as a JSON object of {\"field\": {\"S\"|\"N\"|\"BOOL\": ...}}");
        }
        return attributes(item);
    }

    static Map<String, AttributeValue> attributes(JsonNode item) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        item.properties().forEach(field -> attributes.put(field.getKey(), value(field.getValue())));
        return attributes;
    }

    /** One typed value; lists and maps (the {@code sources}) hold typed values in turn. */
    private static AttributeValue value(JsonNode typed) {
        String type = typed.isObject() && typed.size() == 1 ? typed.fieldNames().next() : "";
        JsonNode value = typed.path(type);
        AttributeValue unusable = AttributeValue.fromL(List.of());
        return switch (type) {
            case "S" -> value.isTextual() ? AttributeValue.fromS(value.asText()) : unusable;
            case "N" -> value.isTextual() ? AttributeValue.fromN(value.asText()) : unusable;
            case "BOOL" -> value.isBoolean() ? AttributeValue.fromBool(value.asBoolean()) : unusable;
            case "L" -> value.isArray()
                    ? AttributeValue.fromL(java.util.stream.StreamSupport.stream(value.spliterator(), false)
                            .map(ItemFile::value).toList())
                    : unusable;
            case "M" -> value.isObject() ? AttributeValue.fromM(attributes(value)) : unusable;
            default -> unusable;
        };
    }

    /** "INVALID — 2 problems", then one line per bad field with its reason. */
    static String report(Validation.Invalid invalid, String consequence) {
        StringBuilder report = new StringBuilder("INVALID — " + invalid.problems().size() + " problem"
                + (invalid.problems().size() == 1 ? "" : "s") + "; " + consequence);
        for (FieldProblem problem : invalid.problems()) {
            report.append("\n  ").append(problem.field()).append(": ").append(problem.reason());
        }
        return report.toString();
    }
}
