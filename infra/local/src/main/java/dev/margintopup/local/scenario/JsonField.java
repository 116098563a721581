package dev.margintopup.local.scenario;

import dev.margintopup.json.Spelling;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One value of a scenario file with the path that leads to it, so that every complaint names
 * the file, the place and what would be accepted there.
 */
final class JsonField {

    private final String file;
    private final String path;
    private final JsonNode node;

    JsonField(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    ScenarioException problem(String message) {
        return new ScenarioException(file, path, message);
    }

    // ---- structure ----

    /** This value as an object whose fields are all in {@code allowed}. */
    JsonField object(Set<String> allowed) {
        if (!node.isObject()) {
            throw problem("must be an object {...}, got " + shown(node));
        }
        for (String name : (Iterable<String>) () -> node.fieldNames()) {
            if (!allowed.contains(name)) {
                throw child(name).problem(unknownField(name, allowed));
            }
        }
        return this;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    JsonField required(String name) {
        if (!has(name)) {
            throw child(name).problem("is missing; add \"" + name + "\"");
        }
        return child(name);
    }

    JsonField child(String name) {
        return new JsonField(file, path.isEmpty() ? name : path + "." + name, node.path(name));
    }

    /**
     * The field at {@code relative} below this one, e.g. {@code sources[1].floor}: where a check made on the whole
     * (the product's item validator) names a problem.
     */
    JsonField at(String relative) {
        return new JsonField(file, path.isEmpty() ? relative : path + "." + relative,
                com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    boolean isList() {
        return node.isArray();
    }

    List<JsonField> list() {
        if (!node.isArray()) {
            throw problem("must be a list [...], got " + shown(node));
        }
        List<JsonField> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new JsonField(file, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** Field name to value, in file order. */
    Map<String, JsonField> entries() {
        if (!node.isObject()) {
            throw problem("must be an object {...}, got " + shown(node));
        }
        Map<String, JsonField> entries = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(name -> entries.put(name, child(name)));
        return entries;
    }

    // ---- values ----

    String text() {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw problem("must be a non-empty string, got " + shown(node));
        }
        return node.asText();
    }

    /** One of {@code allowed}, compared without regard to case; returned as written in {@code allowed}. */
    String oneOf(List<String> allowed) {
        String value = text();
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw problem("must be one of " + quoted(allowed) + ", got " + shown(node));
    }

    boolean bool() {
        if (!node.isBoolean()) {
            throw problem("must be true or false, got " + shown(node));
        }
        return node.asBoolean();
    }

    /** A decimal written as a JSON number or a decimal string ("60000.5"). */
    BigDecimal decimal(String expected) {
        BigDecimal value = null;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (value == null) {
            throw problem("must be " + expected + ", got " + shown(node));
        }
        return value;
    }

    BigDecimal positive() {
        BigDecimal value = decimal("a positive number");
        if (value.signum() <= 0) {
            throw problem("must be a positive number, got " + shown(node));
        }
        return value;
    }

    BigDecimal notNegative() {
        BigDecimal value = decimal("a number of at least 0");
        if (value.signum() < 0) {
            throw problem("must be a number of at least 0, got " + shown(node));
        }
        return value;
    }

    double real(double min, double max, String expected) {
        BigDecimal value = decimal(expected);
        double real = value.doubleValue();
        if (real < min || real > max) {
            throw problem("must be " + expected + ", got " + shown(node));
        }
        return real;
    }

    int whole(int min, int max, String unit) {
        String expected = "a whole number of " + unit + " from " + min + " to " + max;
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw problem("must be " + expected + ", got " + shown(node));
        }
        return node.asInt();
    }

    long wholeLong(String expected) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw problem("must be " + expected + ", got " + shown(node));
        }
        return node.asLong();
    }

    Instant instant() {
        try {
            return Instant.parse(text());
        } catch (DateTimeParseException e) {
            throw problem("must be a UTC time such as \"2025-03-03T00:00:00Z\", got " + shown(node));
        }
    }

    // ---- messages ----

    static String shown(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
    }

    static String unknownField(String name, Set<String> allowed) {
        List<String> known = allowed.stream().sorted().toList();
        String guess = closest(name, known);
        return "unknown field \"" + name + "\"" + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                + " Known fields here: " + quoted(known);
    }

    /** The known name a typo most likely meant: same letters but for case, or at most two edits away. */
    static String closest(String name, List<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).equals(lower) || Spelling.distance(lower, k.toLowerCase(Locale.ROOT))
                        <= Math.max(1, Math.min(2, k.length() / 4)))
                .min(Comparator.comparingInt(k -> Spelling.distance(lower, k.toLowerCase(Locale.ROOT))))
                .orElse(null);
    }

}
