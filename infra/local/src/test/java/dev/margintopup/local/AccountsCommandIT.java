package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.margintopup.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code infra/bin/accounts} against stacks created in the emulator's CloudFormation from
 * template.yaml's own Accounts table, output and secret-prefix parameter: the table is found
 * from the stack, every item is validated before it is written, and ids the table does not hold
 * are refused rather than created. What was written is read back from DynamoDB.
 */
class AccountsCommandIT {

    private static final Path ROOT = Repository.root();
    private static final Path BINANCE_CROSS = ROOT.resolve("infra/accounts/binance-cross.json");

    private static EmulatorConnection emulator;
    private static CloudFormationClient cloudFormation;
    private static DynamoDbClient dynamo;
    private static String stack;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private AccountsCommand command;

    @BeforeAll
    static void deployAStackWithTheTemplatesAccountsTable() throws Exception {
        emulator = EmulatorConnection.fromEnvironment().requireReachable(Duration.ofSeconds(5));
        cloudFormation = emulator.configure(CloudFormationClient.builder());
        dynamo = emulator.dynamoDb();
        stack = deploy(Map.of());
    }

    @AfterAll
    static void close() {
        cloudFormation.close();
        dynamo.close();
    }

    @BeforeEach
    void newCommand() {
        command = new AccountsCommand(cloudFormation, dynamo, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void an_example_item_goes_into_the_table_the_stack_names_and_is_listed_with_its_venue_and_dry_run() {
        String id = "binance-cross";
        remove(id);

        assertThat(command.run(new AccountsCommand.Add(stack, BINANCE_CROSS, false))).as(printed()).isZero();
        assertThat(printed()).contains("added binance-cross to " + stack + "-accounts").contains("(dry run)");

        Map<String, AttributeValue> item = item(id);
        JsonNode file = Json.read(read(BINANCE_CROSS));
        assertThat(item).hasSize(file.size());
        assertThat(item.get("venue").s()).isEqualTo("binance-usdm");
        assertThat(item.get("triggerMovePercent").n()).isEqualTo("3");
        assertThat(item.get("dryRun").bool()).isTrue();

        assertThat(command.run(new AccountsCommand.ListAccounts(stack))).isZero();
        assertThat(printed()).contains("  binance-cross  binance-usdm cross (dry run)");
    }

    @Test
    void an_id_already_in_the_table_is_refused_unless_replaced(@TempDir Path dir) throws Exception {
        Path item = withId(dir, "desk-replace", BINANCE_CROSS);
        assertThat(command.run(new AccountsCommand.Add(stack, item, false))).isZero();
        Files.writeString(item, read(item).replace("\"maxTransfer\": {\"N\": \"500\"}", "\"maxTransfer\": {\"N\": \"750\"}"));

        assertThat(command.run(new AccountsCommand.Add(stack, item, false))).isEqualTo(AccountsCommand.REFUSED);
        assertThat(printed()).contains("account desk-replace is already in").contains("--replace");
        assertThat(item("desk-replace").get("maxTransfer").n()).isEqualTo("500");

        assertThat(command.run(new AccountsCommand.Add(stack, item, true))).isZero();
        assertThat(item("desk-replace").get("maxTransfer").n()).isEqualTo("750");
    }

    @Test
    void an_invalid_item_is_refused_field_by_field_and_nothing_is_written(@TempDir Path dir) throws Exception {
        Path item = withId(dir, "desk-invalid", BINANCE_CROSS);
        Files.writeString(item, read(item)
                .replace("\"sourceWallet\": {\"S\": \"FUNDING\"}", "\"sourceWallet\": {\"S\": \"FUTURES\"}")
                .replace("\"maxTransfer\": {\"N\": \"500\"}", "\"maxTransfer\": {\"S\": \"500\"}"));

        assertThat(command.run(new AccountsCommand.Add(stack, item, true))).isEqualTo(AccountsCommand.REFUSED);

        assertThat(printed()).contains("INVALID — 2 problems; nothing was written")
                .contains("  sourceWallet: ").contains("  maxTransfer: ");
        assertThat(item("desk-invalid")).isEmpty();
    }

    @Test
    void secret_ids_must_sit_under_the_prefix_the_stack_was_deployed_with() throws Exception {
        String otherStack = deploy(Map.of("SecretPrefix", "desk-a"));

        assertThat(command.run(new AccountsCommand.Add(otherStack, BINANCE_CROSS, false))).isEqualTo(AccountsCommand.REFUSED);

        assertThat(printed()).contains("  readSecretId: ").contains("  transferSecretId: ").contains("desk-a/");
        assertThat(dynamo.scan(b -> b.tableName(otherStack + "-accounts")).items()).isEmpty();
    }

    @Test
    void disable_enable_and_going_live_change_only_their_flags(@TempDir Path dir) throws Exception {
        Path file = withId(dir, "desk-flags", BINANCE_CROSS);
        assertThat(command.run(new AccountsCommand.Add(stack, file, true))).isZero();
        Map<String, AttributeValue> added = item("desk-flags");

        assertThat(command.run(new AccountsCommand.Disable(stack, "desk-flags"))).isZero();
        assertThat(item("desk-flags")).isEqualTo(with(added, Map.of("enabled", false)));

        assertThat(command.run(new AccountsCommand.Enable(stack, "desk-flags", false))).isZero();
        assertThat(item("desk-flags")).as("enabling alone keeps the dry run").isEqualTo(added);

        assertThat(command.run(new AccountsCommand.Enable(stack, "desk-flags", true))).isZero();
        assertThat(item("desk-flags")).isEqualTo(with(added, Map.of("dryRun", false)));
        assertThat(printed()).contains("desk-flags (binance-usdm cross) enabled and live: top-ups move money from now on");
    }

    @Test
    void an_id_the_table_does_not_hold_is_refused_and_never_created() {
        for (AccountsCommand.Request request : new AccountsCommand.Request[] {
                new AccountsCommand.Enable(stack, "desk-nobody", true),
                new AccountsCommand.Disable(stack, "desk-nobody"),
                new AccountsCommand.Remove(stack, "desk-nobody")}) {
            assertThat(command.run(request)).as(request.toString()).isEqualTo(AccountsCommand.REFUSED);
        }

        assertThat(printed()).contains("no account desk-nobody in " + stack + "-accounts; nothing was written");
        assertThat(item("desk-nobody")).isEmpty();
    }

    @Test
    void remove_deletes_the_item(@TempDir Path dir) throws Exception {
        assertThat(command.run(new AccountsCommand.Add(stack, withId(dir, "desk-gone", BINANCE_CROSS), true))).isZero();

        assertThat(command.run(new AccountsCommand.Remove(stack, "desk-gone"))).isZero();

        assertThat(item("desk-gone")).isEmpty();
        assertThat(printed()).contains("removed desk-gone").contains("audit trail stay");
    }

    @Test
    void an_invalid_item_in_the_table_can_be_paused_but_not_enabled() {
        Map<String, AttributeValue> broken = Map.of(
                "accountId", AttributeValue.fromS("desk-broken"),
                "venue", AttributeValue.fromS("binance-usdm"),
                "enabled", AttributeValue.fromBool(false));
        dynamo.putItem(b -> b.tableName(stack + "-accounts").item(broken));

        assertThat(command.run(new AccountsCommand.Enable(stack, "desk-broken", false))).isEqualTo(AccountsCommand.REFUSED);
        assertThat(printed()).contains("the item of desk-broken: INVALID").contains("  marginMode: ");
        assertThat(item("desk-broken").get("enabled").bool()).isFalse();

        assertThat(command.run(new AccountsCommand.Disable(stack, "desk-broken"))).isZero();
        assertThat(command.run(new AccountsCommand.ListAccounts(stack))).isZero();
        assertThat(printed()).contains("  desk-broken  INVALID, not checked: marginMode");
    }

    @Test
    void a_stack_that_does_not_exist_is_named_and_nothing_is_touched() {
        assertThat(command.run(new AccountsCommand.ListAccounts("no-such-stack"))).isEqualTo(AccountsCommand.REFUSED);

        assertThat(printed()).contains("no stack no-such-stack in this region");
    }

    /** A stack of template.yaml's SecretPrefix parameter, Accounts table and AccountsTableName output. */
    private static String deploy(Map<String, String> parameters) throws Exception {
        JsonNode template = new YAMLMapper().readTree(Files.readString(ROOT.resolve("template.yaml")));
        ObjectNode body = Json.object();
        body.put("AWSTemplateFormatVersion", "2010-09-09");
        body.putObject("Parameters").set(AccountsCommand.PREFIX_PARAMETER,
                template.path("Parameters").path(AccountsCommand.PREFIX_PARAMETER));
        body.putObject("Resources").set("AccountsTable", template.path("Resources").path("AccountsTable"));
        body.putObject("Outputs").set(AccountsCommand.TABLE_OUTPUT, template.path("Outputs").path(AccountsCommand.TABLE_OUTPUT));
        String name = "accounts-it-" + UUID.randomUUID().toString().substring(0, 8);
        cloudFormation.createStack(b -> b.stackName(name).templateBody(body.toString()).parameters(
                parameters.entrySet().stream().map(p -> software.amazon.awssdk.services.cloudformation.model.Parameter
                        .builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build()).toList()));
        assertThat(cloudFormation.describeStacks(b -> b.stackName(name)).stacks().getFirst().stackStatus())
                .isEqualTo(StackStatus.CREATE_COMPLETE);
        return name;
    }

    private static Path withId(Path dir, String id, Path example) throws Exception {
        JsonNode original = Json.read(read(example));
        Path copy = dir.resolve(id + ".json");
        Files.writeString(copy, read(example).replace(
                "\"accountId\": {\"S\": \"" + original.path("accountId").path("S").asText() + "\"}",
                "\"accountId\": {\"S\": \"" + id + "\"}"));
        return copy;
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, Map<String, Boolean> flags) {
        var changed = new java.util.LinkedHashMap<>(item);
        flags.forEach((field, value) -> changed.put(field, AttributeValue.fromBool(value)));
        return changed;
    }

    private static Map<String, AttributeValue> item(String id) {
        return dynamo.getItem(b -> b.tableName(stack + "-accounts").consistentRead(true)
                .key(Map.of("accountId", AttributeValue.fromS(id)))).item();
    }

    private static void remove(String id) {
        dynamo.deleteItem(b -> b.tableName(stack + "-accounts").key(Map.of("accountId", AttributeValue.fromS(id))));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
