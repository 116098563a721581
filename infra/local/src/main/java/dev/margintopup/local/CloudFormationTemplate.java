package dev.margintopup.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAM template as the local environment sees it: its resources, with the intrinsic functions
 * this project's template uses ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::If} and the condition functions) resolved to the names and ARNs CloudFormation would
 * give them in a stack of the given name.
 *
 * <p>Names come from the template's own name properties ({@code TableName}, {@code QueueName} ...);
 * a resource without one gets {@code <stack>-<LogicalId>}. ARNs use account {@value #ACCOUNT_ID}
 * and partition {@code aws}, as the emulators do. Values that only exist once a resource is really
 * created (a table's stream ARN) are not resolvable here: read them from the emulator.
 */
public final class CloudFormationTemplate {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String PARTITION = "aws";

    private static final Pattern SHORT_FORM = Pattern.compile(
            "(^|[\\s:\\[,-])!(Ref|Sub|GetAtt|Join|If|Equals|Not|And|Or|Select|Split|FindInMap"
                    + "|ImportValue|Base64|Cidr|GetAZs|Condition|Transform)\\b");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One entry of the template's Resources section, intrinsic functions still unresolved. */
    public record Resource(String logicalId, String type, ObjectNode properties, ObjectNode metadata) {

        public boolean isA(String resourceType) {
            return type.equals(resourceType);
        }
    }

    private final JsonNode root;
    private final String stackName;
    private final String region;
    private final Map<String, String> parameterOverrides;
    private final Map<String, Resource> resources;

    private CloudFormationTemplate(JsonNode root, String stackName, String region, Map<String, String> overrides) {
        this.root = root;
        this.stackName = stackName;
        this.region = region;
        this.parameterOverrides = Map.copyOf(overrides);
        var byId = new LinkedHashMap<String, Resource>();
        root.path("Resources").properties().forEach(entry -> {
            JsonNode body = entry.getValue();
            byId.put(entry.getKey(), new Resource(
                    entry.getKey(),
                    body.path("Type").asText(),
                    body.path("Properties") instanceof ObjectNode properties ? properties : NODES.objectNode(),
                    body.path("Metadata") instanceof ObjectNode metadata ? metadata : NODES.objectNode()));
        });
        this.resources = Collections.unmodifiableMap(byId);
    }

    /** Loads a template with its parameters at their defaults. */
    public static CloudFormationTemplate load(Path template, String stackName, String region) {
        return load(template, stackName, region, Map.of());
    }

    public static CloudFormationTemplate load(
            Path template, String stackName, String region, Map<String, String> parameterOverrides) {
        String text;
        try {
            text = Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + template, e);
        }
        return parse(text, template.toString(), stackName, region, parameterOverrides);
    }

    static CloudFormationTemplate parse(
            String yaml, String source, String stackName, String region, Map<String, String> parameterOverrides) {
        rejectShortForms(yaml, source);
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("Resources").isObject()) {
            throw new IllegalArgumentException(source + " has no Resources section");
        }
        return new CloudFormationTemplate(root, stackName, region, parameterOverrides);
    }

    // A YAML tag such as !Ref would be read as a plain string and silently lose its meaning.
    private static void rejectShortForms(String yaml, String source) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf(" #");
            String code = line.stripLeading().startsWith("#") ? "" : comment >= 0 ? line.substring(0, comment) : line;
            Matcher matcher = SHORT_FORM.matcher(code);
            if (matcher.find()) {
                throw new IllegalArgumentException("%s line %d uses the short form !%s: write intrinsic functions in their long form (Ref:, Fn::%s:) so a plain YAML parser reads them"
                        .formatted(source, i + 1, matcher.group(2), matcher.group(2)));
            }
        }
    }

    public String stackName() {
        return stackName;
    }

    public String region() {
        return region;
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    public Resource resource(String logicalId) {
        Resource resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("the template has no resource " + logicalId);
        }
        return resource;
    }

    public List<Resource> resourcesOfType(String type) {
        return resources.values().stream().filter(resource -> resource.isA(type)).toList();
    }

    /**
     * Whether the resource is created with these parameters: it has no {@code Condition}, or its
     * condition holds.
     */
    public boolean deploys(String logicalId) {
        resource(logicalId);
        JsonNode condition = root.path("Resources").path(logicalId).path("Condition");
        return condition.isMissingNode() || conditionNamed(condition.asText());
    }

    /** A parameter's value: the override given at load time, else the template's default. */
    public String parameter(String name) {
        String override = parameterOverrides.get(name);
        if (override != null) {
            return override;
        }
        JsonNode defaultValue = parameterDeclaration(name).path("Default");
        if (defaultValue.isMissingNode() || defaultValue.isNull()) {
            throw new IllegalArgumentException("parameter " + name + " has no default: pass a value for it");
        }
        return defaultValue.asText();
    }

    // A CommaDelimitedList or List<...> parameter is a list of strings to every function that
    // takes it (Fn::Join, a property that wants a list); its value is given as one comma-separated
    // string, and an empty one is the list of one empty string, as CloudFormation has it.
    private boolean isListParameter(String name) {
        String type = parameterDeclaration(name).path("Type").asText();
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    private ArrayNode listParameter(String name) {
        ArrayNode values = NODES.arrayNode();
        for (String value : parameter(name).split(",", -1)) {
            values.add(value.strip());
        }
        return values;
    }

    /** A parameter as the template declares it (Type, Default, MinValue, ...), unresolved. */
    public JsonNode parameterDeclaration(String name) {
        JsonNode declared = root.path("Parameters").path(name);
        if (declared.isMissingNode()) {
            throw new IllegalArgumentException("the template has no parameter " + name);
        }
        return declared;
    }

    /**
     * A property of a serverless function, falling back to {@code Globals.Function} as SAM does
     * (maps merged, the function's own keys winning). Unresolved; missing node when neither sets it.
     */
    public JsonNode functionProperty(String functionLogicalId, String property) {
        JsonNode own = resource(functionLogicalId).properties().path(property);
        JsonNode global = root.path("Globals").path("Function").path(property);
        if (own.isObject() && global.isObject()) {
            return merge((ObjectNode) global, (ObjectNode) own);
        }
        return own.isMissingNode() ? global : own;
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        ObjectNode merged = base.deepCopy();
        overlay.properties().forEach(entry -> {
            JsonNode existing = merged.get(entry.getKey());
            if (existing instanceof ObjectNode existingObject && entry.getValue() instanceof ObjectNode overlayObject) {
                merged.set(entry.getKey(), merge(existingObject, overlayObject));
            } else {
                merged.set(entry.getKey(), entry.getValue().deepCopy());
            }
        });
        return merged;
    }

    /** A function's environment variables as Lambda would see them, globals included, resolved. */
    public Map<String, String> functionEnvironment(String functionLogicalId) {
        JsonNode variables = resolve(functionProperty(functionLogicalId, "Environment").path("Variables"));
        var environment = new LinkedHashMap<String, String>();
        variables.properties().forEach(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        return Collections.unmodifiableMap(environment);
    }

    /** A resolved string, failing with the path's name when the value is absent or not a string. */
    public String resolveText(JsonNode node, String what) {
        JsonNode resolved = resolve(node);
        if (!resolved.isValueNode() || resolved.isNull()) {
            throw new IllegalArgumentException(what + " does not resolve to a single value: " + node);
        }
        return resolved.asText();
    }

    /** Resolves every intrinsic function in {@code node}; returns a new tree. */
    public JsonNode resolve(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return NODES.missingNode();
        }
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return intrinsic(key, node.get(key));
            }
        }
        if (node.isObject()) {
            ObjectNode resolved = NODES.objectNode();
            node.properties().forEach(entry -> {
                JsonNode value = resolve(entry.getValue());
                if (!value.isMissingNode()) {
                    resolved.set(entry.getKey(), value);
                }
            });
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = NODES.arrayNode();
            node.forEach(element -> {
                JsonNode value = resolve(element);
                if (!value.isMissingNode()) {
                    resolved.add(value);
                }
            });
            return resolved;
        }
        return node;
    }

    private JsonNode intrinsic(String function, JsonNode argument) {
        return switch (function) {
            case "Ref" -> ref(resolveText(argument, "Ref"));
            case "Fn::GetAtt" -> getAtt(argument);
            case "Fn::Sub" -> new TextNode(sub(argument));
            case "Fn::Join" -> join(argument);
            case "Fn::If" -> conditional(argument);
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" ->
                    NODES.booleanNode(condition(NODES.objectNode().set(function, argument)));
            default -> throw new UnsupportedOperationException(
                    function + " is not supported by the local bootstrap: extend CloudFormationTemplate or avoid it in template.yaml");
        };
    }

    private JsonNode ref(String name) {
        switch (name) {
            case "AWS::StackName":
                return new TextNode(stackName);
            case "AWS::Region":
                return new TextNode(region);
            case "AWS::AccountId":
                return new TextNode(ACCOUNT_ID);
            case "AWS::Partition":
                return new TextNode(PARTITION);
            case "AWS::URLSuffix":
                return new TextNode("amazonaws.com");
            case "AWS::NoValue":
                return NODES.missingNode();
            default:
                break;
        }
        if (root.path("Parameters").has(name)) {
            return isListParameter(name) ? listParameter(name) : new TextNode(parameter(name));
        }
        int dot = name.indexOf('.');
        if (dot > 0 && name.substring(dot + 1).equals("Alias")) {
            return new TextNode(functionAliasArn(name.substring(0, dot)));
        }
        Resource resource = resource(name);
        return new TextNode(switch (resource.type()) {
            case "AWS::SQS::Queue" -> queueUrl(physicalName(name));
            case "AWS::SNS::Topic" -> arn(resource);
            default -> physicalName(name);
        });
    }

    private JsonNode getAtt(JsonNode argument) {
        String logicalId;
        String attribute;
        if (argument.isTextual()) {
            String[] parts = argument.asText().split("\\.", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("Fn::GetAtt needs Resource.Attribute: " + argument);
            }
            logicalId = parts[0];
            attribute = parts[1];
        } else {
            logicalId = resolveText(argument.path(0), "Fn::GetAtt resource");
            attribute = resolveText(argument.path(1), "Fn::GetAtt attribute");
        }
        return new TextNode(attribute(logicalId, attribute));
    }

    /** What {@code Fn::GetAtt [logicalId, attribute]} gives in this stack. */
    public String attribute(String logicalId, String attribute) {
        Resource resource = resource(logicalId);
        String name = physicalName(logicalId);
        return switch (attribute) {
            case "Arn" -> arn(resource);
            case "QueueName", "TopicName", "Name" -> name;
            case "QueueUrl" -> queueUrl(name);
            default -> throw new UnsupportedOperationException(
                    "Fn::GetAtt %s.%s is only known once the resource exists: read it from the emulator"
                            .formatted(logicalId, attribute));
        };
    }

    /** The resource's name in this stack: its name property, else {@code <stack>-<LogicalId>}. */
    public String physicalName(String logicalId) {
        Resource resource = resource(logicalId);
        String nameProperty = switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> "TableName";
            case "AWS::SQS::Queue" -> "QueueName";
            case "AWS::SNS::Topic" -> "TopicName";
            case "AWS::Logs::LogGroup" -> "LogGroupName";
            case "AWS::IAM::Role" -> "RoleName";
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> "FunctionName";
            default -> "Name";
        };
        JsonNode declared = resource.properties().path(nameProperty);
        if (!declared.isMissingNode()) {
            return resolveText(declared, logicalId + "." + nameProperty);
        }
        return stackName + "-" + logicalId;
    }

    private String arn(Resource resource) {
        String name = physicalName(resource.logicalId());
        String prefix = "arn:" + PARTITION + ":";
        String regional = region + ":" + ACCOUNT_ID + ":";
        return switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> prefix + "dynamodb:" + regional + "table/" + name;
            case "AWS::SQS::Queue" -> prefix + "sqs:" + regional + name;
            case "AWS::SNS::Topic" -> prefix + "sns:" + regional + name;
            case "AWS::Events::EventBus" -> prefix + "events:" + regional + "event-bus/" + name;
            case "AWS::Events::Rule" -> prefix + "events:" + regional + "rule/" + ruleBusPrefix(resource) + name;
            case "AWS::Scheduler::ScheduleGroup" -> prefix + "scheduler:" + regional + "schedule-group/" + name;
            case "AWS::Logs::LogGroup" -> prefix + "logs:" + regional + "log-group:" + name + ":*";
            case "AWS::IAM::Role" -> prefix + "iam::" + ACCOUNT_ID + ":role/" + name;
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> prefix + "lambda:" + regional + "function:" + name;
            default -> throw new UnsupportedOperationException("no ARN format for " + resource.type() + " " + resource.logicalId());
        };
    }

    private String ruleBusPrefix(Resource rule) {
        JsonNode bus = rule.properties().path("EventBusName");
        if (bus.isMissingNode()) {
            return "";
        }
        String name = resolveText(bus, rule.logicalId() + ".EventBusName");
        return name.equals("default") ? "" : name + "/";
    }

    private String queueUrl(String queueName) {
        return "https://sqs." + region + ".amazonaws.com/" + ACCOUNT_ID + "/" + queueName;
    }

    /** The ARN of the alias SAM publishes for a function with {@code AutoPublishAlias}. */
    public String functionAliasArn(String functionLogicalId) {
        Resource function = resource(functionLogicalId);
        JsonNode alias = functionProperty(functionLogicalId, "AutoPublishAlias");
        if (alias.isMissingNode()) {
            throw new IllegalArgumentException(functionLogicalId + " has no AutoPublishAlias, so " + functionLogicalId + ".Alias is undefined");
        }
        return arn(function) + ":" + resolveText(alias, functionLogicalId + ".AutoPublishAlias");
    }

    private String sub(JsonNode argument) {
        String text;
        Map<String, String> variables = new LinkedHashMap<>();
        if (argument.isTextual()) {
            text = argument.asText();
        } else if (argument.isArray() && argument.size() == 2) {
            text = argument.get(0).asText();
            argument.get(1).properties().forEach(entry ->
                    variables.put(entry.getKey(), resolveText(entry.getValue(), "Fn::Sub variable " + entry.getKey())));
        } else {
            throw new IllegalArgumentException("Fn::Sub takes a string or [string, {variables}]: " + argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String expression = matcher.group(1);
            String replacement;
            if (expression.startsWith("!")) {
                replacement = "${" + expression.substring(1) + "}";
            } else if (variables.containsKey(expression)) {
                replacement = variables.get(expression);
            } else if (!expression.startsWith("AWS::") && expression.contains(".")) {
                int dot = expression.indexOf('.');
                replacement = attribute(expression.substring(0, dot), expression.substring(dot + 1));
            } else {
                replacement = ref(expression).asText();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private JsonNode join(JsonNode argument) {
        String delimiter = argument.path(0).asText();
        List<String> parts = new ArrayList<>();
        resolve(argument.path(1)).forEach(part -> parts.add(part.asText()));
        return new TextNode(String.join(delimiter, parts));
    }

    private JsonNode conditional(JsonNode argument) {
        return resolve(conditionNamed(argument.path(0).asText()) ? argument.path(1) : argument.path(2));
    }

    /** Whether a condition of the template's Conditions section holds with these parameters. */
    public boolean conditionNamed(String name) {
        JsonNode declared = root.path("Conditions").path(name);
        if (declared.isMissingNode()) {
            throw new IllegalArgumentException("the template has no condition " + name);
        }
        return condition(declared);
    }

    private boolean condition(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("not a condition: " + node);
        }
        String function = node.fieldNames().next();
        JsonNode argument = node.get(function);
        return switch (function) {
            case "Condition" -> conditionNamed(argument.asText());
            case "Fn::Equals" -> resolve(argument.path(0)).asText().equals(resolve(argument.path(1)).asText());
            case "Fn::Not" -> !condition(argument.path(0));
            case "Fn::And" -> all(argument, true);
            case "Fn::Or" -> !all(argument, false);
            // Rules only: every member of a list is the given string.
            case "Fn::EachMemberEquals" -> {
                String expected = resolve(argument.path(1)).asText();
                boolean each = true;
                for (JsonNode member : resolve(argument.path(0))) {
                    each &= member.asText().equals(expected);
                }
                yield each;
            }
            default -> throw new UnsupportedOperationException(function + " is not supported in conditions");
        };
    }

    /**
     * What CloudFormation would answer these parameters under a rule of the template's Rules
     * section: the description of the first assertion that fails, or empty when the rule's
     * condition does not hold or every assertion does.
     */
    public Optional<String> ruleRefusal(String name) {
        JsonNode rule = root.path("Rules").path(name);
        if (rule.isMissingNode()) {
            throw new IllegalArgumentException("the template has no rule " + name);
        }
        if (rule.has("RuleCondition") && !condition(rule.get("RuleCondition"))) {
            return Optional.empty();
        }
        for (JsonNode assertion : rule.path("Assertions")) {
            if (!condition(assertion.path("Assert"))) {
                return Optional.of(assertion.path("AssertDescription").asText());
            }
        }
        return Optional.empty();
    }

    // And: every operand true. Or, through De Morgan: not every operand false.
    private boolean all(JsonNode operands, boolean expected) {
        for (JsonNode operand : operands) {
            if (condition(operand) != expected) {
                return false;
            }
        }
        return true;
    }

    /** The serverless function a rule target ARN points at, if it is one of this template's. */
    public Optional<String> functionTargetOf(JsonNode targetArn) {
        String referenced = null;
        if (targetArn.has("Ref")) {
            referenced = targetArn.get("Ref").asText();
            int dot = referenced.indexOf('.');
            referenced = dot > 0 ? referenced.substring(0, dot) : referenced;
        } else if (targetArn.has("Fn::GetAtt")) {
            JsonNode getAtt = targetArn.get("Fn::GetAtt");
            referenced = getAtt.isTextual() ? getAtt.asText().split("\\.", 2)[0] : getAtt.path(0).asText();
        }
        if (referenced == null) {
            return Optional.empty();
        }
        Resource resource = resources.get(referenced);
        return resource != null && (resource.isA("AWS::Serverless::Function") || resource.isA("AWS::Lambda::Function"))
                ? Optional.of(referenced)
                : Optional.empty();
    }
}
