package dev.margintopup.simulator.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's condition, key-condition and update expressions, as far as the ledger writes them:
 * {@code AND}, {@code OR}, {@code NOT}, parentheses, the six comparators,
 * {@code attribute_exists}, {@code attribute_not_exists}, {@code begins_with}; {@code SET} (with
 * {@code if_not_exists} and {@code +}/{@code -}), {@code REMOVE} and {@code ADD}. Attribute values
 * stay in their wire form ({@code {"S": "…"}}, {@code {"N": "…"}}, {@code {"M": {…}}}). Anything
 * else is refused by name, as DynamoDB refuses an expression it cannot parse, so a new kind of
 * expression in the ledger fails loudly here instead of being judged wrongly.
 */
final class Expressions {

    private final List<String> tokens;
    private final Map<String, String> names;
    private final Map<String, JsonNode> values;
    private int at;

    private Expressions(String expression, Map<String, String> names, Map<String, JsonNode> values) {
        this.tokens = tokenize(expression);
        this.names = names;
        this.values = values;
    }

    /** Whether {@code item} (null when absent) satisfies {@code condition}; a null condition always holds. */
    static boolean holds(String condition, ObjectNode item, Map<String, String> names, Map<String, JsonNode> values) {
        if (condition == null || condition.isBlank()) {
            return true;
        }
        Expressions parser = new Expressions(condition, names, values);
        boolean result = parser.or(item == null ? JsonNodeFactory.instance.objectNode() : item);
        parser.expectEnd();
        return result;
    }

    /** Applies {@code update} to {@code item} in place. */
    static void apply(String update, ObjectNode item, Map<String, String> names, Map<String, JsonNode> values) {
        Expressions parser = new Expressions(update, names, values);
        while (!parser.atEnd()) {
            String clause = parser.next().toUpperCase();
            switch (clause) {
                case "SET" -> parser.set(item);
                case "REMOVE" -> parser.remove(item);
                case "ADD" -> parser.add(item);
                default -> throw new ExpressionRefused("update clause " + clause + " is not supported");
            }
        }
    }

    // ---------------------------------------------------------------- conditions

    private boolean or(ObjectNode item) {
        boolean result = and(item);
        while (peekKeyword("OR")) {
            next();
            boolean right = and(item);
            result = result || right;
        }
        return result;
    }

    private boolean and(ObjectNode item) {
        boolean result = not(item);
        while (peekKeyword("AND")) {
            next();
            boolean right = not(item);
            result = result && right;
        }
        return result;
    }

    private boolean not(ObjectNode item) {
        if (peekKeyword("NOT")) {
            next();
            return !not(item);
        }
        return primary(item);
    }

    private boolean primary(ObjectNode item) {
        if ("(".equals(peek())) {
            next();
            boolean inner = or(item);
            expect(")");
            return inner;
        }
        String first = peek();
        if ("attribute_exists".equalsIgnoreCase(first) || "attribute_not_exists".equalsIgnoreCase(first)) {
            next();
            expect("(");
            String path = attributeName(next());
            expect(")");
            boolean exists = item.has(path);
            return "attribute_exists".equalsIgnoreCase(first) == exists;
        }
        if ("begins_with".equalsIgnoreCase(first)) {
            next();
            expect("(");
            JsonNode subject = operand(item);
            expect(",");
            JsonNode prefix = operand(item);
            expect(")");
            return subject != null && prefix != null && subject.has("S") && prefix.has("S")
                    && subject.get("S").asText().startsWith(prefix.get("S").asText());
        }
        JsonNode left = operand(item);
        String comparator = next();
        JsonNode right = operand(item);
        Integer order = compare(left, right);
        return switch (comparator) {
            case "=" -> order != null && order == 0;
            case "<>" -> order == null ? left != null && right != null : order != 0;
            case "<" -> order != null && order < 0;
            case "<=" -> order != null && order <= 0;
            case ">" -> order != null && order > 0;
            case ">=" -> order != null && order >= 0;
            default -> throw new ExpressionRefused("comparator " + comparator + " is not supported");
        };
    }

    /** The order of two values of one type; null when either is missing or their types differ. */
    private static Integer compare(JsonNode left, JsonNode right) {
        if (left == null || right == null) {
            return null;
        }
        if (left.has("N") && right.has("N")) {
            return new BigDecimal(left.get("N").asText()).compareTo(new BigDecimal(right.get("N").asText()));
        }
        if (left.has("S") && right.has("S")) {
            return Integer.signum(left.get("S").asText().compareTo(right.get("S").asText()));
        }
        if (left.equals(right)) {
            return 0;
        }
        return null;
    }

    // ---------------------------------------------------------------- updates

    private void set(ObjectNode item) {
        do {
            String path = attributeName(next());
            expect("=");
            JsonNode value = setValue(item);
            item.set(path, value);
        } while (commaThenMore());
    }

    private JsonNode setValue(ObjectNode item) {
        JsonNode value = setTerm(item);
        while ("+".equals(peek()) || "-".equals(peek())) {
            String op = next();
            JsonNode other = setTerm(item);
            BigDecimal a = number(value, "left of " + op);
            BigDecimal b = number(other, "right of " + op);
            value = numberNode(op.equals("+") ? a.add(b) : a.subtract(b));
        }
        return value;
    }

    private JsonNode setTerm(ObjectNode item) {
        if ("if_not_exists".equalsIgnoreCase(peek())) {
            next();
            expect("(");
            String path = attributeName(next());
            expect(",");
            JsonNode fallback = operand(item);
            expect(")");
            return item.has(path) ? item.get(path) : fallback;
        }
        JsonNode value = operand(item);
        if (value == null) {
            throw new ExpressionRefused("SET reads an attribute the item does not have");
        }
        return value;
    }

    private void remove(ObjectNode item) {
        do {
            item.remove(attributeName(next()));
        } while (commaThenMore());
    }

    private void add(ObjectNode item) {
        do {
            String path = attributeName(next());
            JsonNode amount = operand(item);
            BigDecimal current = item.has(path) ? number(item.get(path), path) : BigDecimal.ZERO;
            item.set(path, numberNode(current.add(number(amount, "ADD's value"))));
        } while (commaThenMore());
    }

    /** True after a comma that separates actions of one clause; false at the next clause or the end. */
    private boolean commaThenMore() {
        if (",".equals(peek())) {
            next();
            return true;
        }
        return false;
    }

    private static BigDecimal number(JsonNode value, String what) {
        if (value == null || !value.has("N")) {
            throw new ExpressionRefused("an operand must be a number: " + what);
        }
        return new BigDecimal(value.get("N").asText());
    }

    private static JsonNode numberNode(BigDecimal value) {
        return JsonNodeFactory.instance.objectNode().put("N", value.stripTrailingZeros().toPlainString());
    }

    // ---------------------------------------------------------------- operands and tokens

    private JsonNode operand(ObjectNode item) {
        String token = next();
        if (token.startsWith(":")) {
            JsonNode value = values.get(token);
            if (value == null) {
                throw new ExpressionRefused("value " + token + " is used but not given");
            }
            return value;
        }
        return item.get(attributeName(token));
    }

    private String attributeName(String token) {
        if (token.startsWith("#")) {
            String name = names.get(token);
            if (name == null) {
                throw new ExpressionRefused("name " + token + " is used but not given");
            }
            return name;
        }
        if (!Character.isLetter(token.charAt(0))) {
            throw new ExpressionRefused("expected an attribute name, found " + token);
        }
        return token;
    }

    private static List<String> tokenize(String expression) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ("(),=+-".indexOf(c) >= 0) {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '<' || c == '>') {
                if (i + 1 < expression.length() && (expression.charAt(i + 1) == '=' || (c == '<'
                        && expression.charAt(i + 1) == '>'))) {
                    tokens.add(expression.substring(i, i + 2));
                    i += 2;
                } else {
                    tokens.add(String.valueOf(c));
                    i++;
                }
            } else {
                int start = i;
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i))
                        || "_:#.".indexOf(expression.charAt(i)) >= 0)) {
                    i++;
                }
                if (start == i) {
                    throw new ExpressionRefused("unexpected character '" + c + "' in " + expression);
                }
                tokens.add(expression.substring(start, i));
            }
        }
        return tokens;
    }

    private boolean atEnd() {
        return at >= tokens.size();
    }

    private String peek() {
        return atEnd() ? null : tokens.get(at);
    }

    private boolean peekKeyword(String keyword) {
        return keyword.equalsIgnoreCase(peek());
    }

    private String next() {
        if (atEnd()) {
            throw new ExpressionRefused("the expression ends too early");
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        String found = next();
        if (!token.equals(found)) {
            throw new ExpressionRefused("expected '" + token + "', found '" + found + "'");
        }
    }

    private void expectEnd() {
        if (!atEnd()) {
            throw new ExpressionRefused("unexpected '" + peek() + "' after the expression");
        }
    }

    /** An expression this backend does not understand: DynamoDB's ValidationException. */
    static final class ExpressionRefused extends RuntimeException {
        ExpressionRefused(String message) {
            super(message);
        }
    }
}
