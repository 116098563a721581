package dev.margintopup.local;

import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.FieldProblem;
import dev.margintopup.account.Validation;
import dev.margintopup.accounts.AccountItems;
import dev.margintopup.aws.DynamoAccountsTable;
import dev.margintopup.venue.connect.VenueFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code infra/bin/accounts}: adds, lists, pauses, resumes and removes the accounts of a deployed
 * stack. The Accounts table and the secret prefix come from the stack itself (its
 * {@value #TABLE_OUTPUT} output and {@value #PREFIX_PARAMETER} parameter), so any stack name works;
 * every item is checked with the validator the deployed functions use before anything is written,
 * and an id the table does not hold is refused rather than created. The shell script parses the
 * arguments (so that a usage error is answered before the build) and hands them over in a fixed
 * order: {@code COMMAND STACK REGION|- FILE|ACCOUNT_ID|- FLAG|-}.
 */
public final class AccountsCommand {

    static final String TABLE_OUTPUT = "AccountsTableName";
    static final String PREFIX_PARAMETER = "SecretPrefix";

    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int AWS_ERROR = 3;

    /** What to do, on which stack; the shell script has checked the arguments' shape. */
    public sealed interface Request {
        String stack();
    }

    public record Add(String stack, Path file, boolean replace) implements Request {}

    public record ListAccounts(String stack) implements Request {}

    /** Resumes checks; {@code live} also turns dry run off, so top-ups move money. */
    public record Enable(String stack, String accountId, boolean live) implements Request {}

    public record Disable(String stack, String accountId) implements Request {}

    public record Remove(String stack, String accountId) implements Request {}

    /** Where a stack keeps its accounts, read from the stack. */
    record Deployment(String accountsTable, String secretPrefix) {}

    /** Refused before anything was written: the message says why and what to do. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private final CloudFormationClient cloudFormation;
    private final DynamoDbClient dynamo;
    private final PrintStream out;

    AccountsCommand(CloudFormationClient cloudFormation, DynamoDbClient dynamo, PrintStream out) {
        this.cloudFormation = cloudFormation;
        this.dynamo = dynamo;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("run this through infra/bin/accounts, which checks the arguments: see infra/bin/accounts --help");
            System.exit(2);
        }
        Optional<Region> region = args[2].equals("-") ? Optional.empty() : Optional.of(Region.of(args[2]));
        int status;
        // The SDK's default chains (AWS_REGION, the profile; the environment, ~/.aws) unless --region
        // says otherwise; it honours AWS_ENDPOINT_URL itself, which is how the tests reach moto.
        var cloudFormationBuilder = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create());
        var dynamoBuilder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        region.ifPresent(r -> {
            cloudFormationBuilder.region(r);
            dynamoBuilder.region(r);
        });
        try (CloudFormationClient cloudFormation = cloudFormationBuilder.build();
                DynamoDbClient dynamo = dynamoBuilder.build()) {
            status = new AccountsCommand(cloudFormation, dynamo, System.out).run(request(args));
        } catch (SdkClientException e) {
            // Raised while building a client: the only thing it needs before a call is a region.
            System.out.println("no AWS region: pass --region REGION, or set AWS_REGION or a region in your profile");
            status = AWS_ERROR;
        }
        System.exit(status);
    }

    private static Request request(String[] args) {
        String stack = args[1];
        String target = args[3];
        boolean flag = !args[4].equals("-");
        return switch (args[0]) {
            case "add" -> new Add(stack, Path.of(target), flag);
            case "list" -> new ListAccounts(stack);
            case "enable" -> new Enable(stack, target, flag);
            case "disable" -> new Disable(stack, target);
            case "remove" -> new Remove(stack, target);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
    }

    /** Runs one request; the exit status is {@link #DONE}, {@link #REFUSED} or {@link #AWS_ERROR}. */
    public int run(Request request) {
        try {
            Deployment deployment = locate(request.stack());
            switch (request) {
                case Add add -> add(deployment, add);
                case ListAccounts list -> list(deployment);
                case Enable enable -> enable(deployment, enable);
                case Disable disable -> setFlags(deployment, disable.accountId(), Map.of(
                        AccountValidator.ENABLED, false), "paused: its schedule is disabled until you enable it");
                case Remove remove -> remove(deployment, remove.accountId());
            }
            return DONE;
        } catch (Refused refused) {
            out.println(refused.getMessage());
            return REFUSED;
        } catch (SdkException e) {
            // No credentials, no network, a missing permission: nothing after the failed call ran.
            out.println("the AWS call failed, nothing more was done: " + e.getMessage());
            return AWS_ERROR;
        }
    }

    Deployment locate(String stackName) {
        Stack stack;
        try {
            stack = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().getFirst();
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                throw new Refused("no stack " + stackName + " in this region: give the name you deployed with"
                        + " (sam deploy --stack-name) and its --region");
            }
            throw e;
        }
        String table = stack.outputs().stream().filter(o -> o.outputKey().equals(TABLE_OUTPUT))
                .map(Output::outputValue).findFirst()
                .orElseThrow(() -> new Refused("stack " + stackName + " (" + stack.stackStatusAsString()
                        + ") has no " + TABLE_OUTPUT + " output: is it a margin-topup stack, and did it deploy?"));
        String prefix = stack.parameters().stream().filter(p -> p.parameterKey().equals(PREFIX_PARAMETER))
                .map(Parameter::parameterValue).findFirst()
                .orElseThrow(() -> new Refused("stack " + stackName + " has no " + PREFIX_PARAMETER
                        + " parameter: is it a margin-topup stack?"));
        return new Deployment(table, prefix);
    }

    private void add(Deployment deployment, Add add) {
        Map<String, AttributeValue> attributes;
        try {
            attributes = ItemFile.read(add.file());
        } catch (ItemFile.Unreadable e) {
            throw new Refused(e.getMessage() + "; nothing was written");
        }
        AccountItem account = AccountItems.from(attributes);
        Validation.Valid valid = requireValid(deployment, account, add.file().toString());
        String accountId = valid.config().accountId();
        try {
            dynamo.putItem(b -> {
                b.tableName(deployment.accountsTable()).item(attributes);
                if (!add.replace()) {
                    b.conditionExpression("attribute_not_exists(accountId)");
                }
            });
        } catch (ConditionalCheckFailedException e) {
            throw new Refused("account " + accountId + " is already in " + deployment.accountsTable()
                    + "; nothing was written. To change it, run add again with --replace");
        }
        out.println((add.replace() ? "put " : "added ") + accountId + " to " + deployment.accountsTable() + ": "
                + describe(valid) + "; schedule-sync creates its schedule within a minute");
        if (valid.config().dryRun()) {
            out.println("  dry run: every decision goes to the audit trail and nothing moves until"
                    + " infra/bin/accounts enable --stack " + add.stack() + " --account-id " + accountId + " --live");
        }
        valid.warnings().forEach(w -> out.println("  warning: " + w));
    }

    private void list(Deployment deployment) {
        List<AccountItem> items = new DynamoAccountsTable(dynamo, deployment.accountsTable()).all();
        out.println(items.size() + " account" + (items.size() == 1 ? "" : "s") + " in " + deployment.accountsTable());
        AccountValidator validator = validator(deployment);
        items.stream().sorted(Comparator.comparing(AccountItem::accountId))
                .forEach(item -> {
                    switch (validator.validate(item.attributes())) {
                        case Validation.Valid valid -> out.println("  " + valid.config().accountId() + "  " + describe(valid));
                        case Validation.Invalid invalid -> out.println("  " + item.accountId() + "  INVALID, not checked: "
                                + String.join(", ", invalid.problems().stream().map(FieldProblem::field).toList()));
                    }
                });
    }

    private void enable(Deployment deployment, Enable enable) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(AccountValidator.ENABLED, true);
        if (enable.live()) {
            changes.put(AccountValidator.DRY_RUN, false);
        }
        setFlags(deployment, enable.accountId(), changes, enable.live()
                ? "enabled and live: top-ups move money from now on"
                : "enabled");
    }

    /**
     * Sets flags on an existing item. The item as it will be is validated first when it will run
     * (a paused account may be invalid: pausing is always allowed), and the write is conditional on
     * the item still existing, so an id removed meanwhile is not created half-empty.
     */
    private void setFlags(Deployment deployment, String accountId, Map<String, Object> changes, String outcome) {
        AccountItem current = new DynamoAccountsTable(dynamo, deployment.accountsTable()).read(accountId)
                .orElseThrow(() -> unknown(deployment, accountId));
        Map<String, Object> changed = new LinkedHashMap<>(current.attributes());
        changed.putAll(changes);
        String summary = "";
        if (Boolean.TRUE.equals(changed.get(AccountValidator.ENABLED))) {
            summary = " (" + describe(requireValid(deployment, new AccountItem(changed), "the item of " + accountId)) + ")";
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        StringBuilder set = new StringBuilder("SET ");
        changes.forEach((field, value) -> {
            String name = "#f" + names.size();
            names.put(name, field);
            values.put(":v" + values.size(), AttributeValue.fromBool((Boolean) value));
            set.append(set.length() > 4 ? ", " : "").append(name).append(" = :v").append(values.size() - 1);
        });
        try {
            dynamo.updateItem(b -> b.tableName(deployment.accountsTable())
                    .key(Map.of(AccountValidator.ACCOUNT_ID, AttributeValue.fromS(accountId)))
                    .conditionExpression("attribute_exists(accountId)")
                    .updateExpression(set.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw unknown(deployment, accountId);
        }
        out.println(accountId + summary + " " + outcome);
    }

    private void remove(Deployment deployment, String accountId) {
        try {
            dynamo.deleteItem(b -> b.tableName(deployment.accountsTable())
                    .key(Map.of(AccountValidator.ACCOUNT_ID, AttributeValue.fromS(accountId)))
                    .conditionExpression("attribute_exists(accountId)"));
        } catch (ConditionalCheckFailedException e) {
            throw unknown(deployment, accountId);
        }
        out.println("removed " + accountId + " from " + deployment.accountsTable()
                + ": schedule-sync deletes its schedule; its ledger entries and audit trail stay");
    }

    private static Refused unknown(Deployment deployment, String accountId) {
        return new Refused("no account " + accountId + " in " + deployment.accountsTable()
                + "; nothing was written (infra/bin/accounts list shows the ids)");
    }

    private Validation.Valid requireValid(Deployment deployment, AccountItem item, String what) {
        return switch (validator(deployment).validate(item.attributes())) {
            case Validation.Valid valid -> valid;
            case Validation.Invalid invalid -> throw new Refused(what + ": " + ItemFile.report(invalid, "nothing was written"));
        };
    }

    private static AccountValidator validator(Deployment deployment) {
        return new AccountValidator(deployment.secretPrefix(), VenueFactory.supportedVenues());
    }

    private static String describe(Validation.Valid valid) {
        var config = valid.config();
        return config.venue() + " " + config.marginMode().itemValue()
                + (config.symbol() == null ? "" : " " + config.symbol())
                + (config.enabled() ? "" : " (disabled)") + (config.dryRun() ? " (dry run)" : "");
    }
}
