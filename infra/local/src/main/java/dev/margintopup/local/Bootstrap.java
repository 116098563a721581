package dev.margintopup.local;

import dev.margintopup.local.EmulatorConnection.EmulatorUnavailableException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Creates the template's tables, bus, schedule group, rules and queues in the emulator at
 * {@code AWS_ENDPOINT_URL} and prints what it created. Refuses to run without that variable.
 */
public final class Bootstrap {

    static final String USAGE = """
            usage: bootstrap [--template PATH] [--stack-name NAME]

            Creates in the AWS emulator at AWS_ENDPOINT_URL (moto, LocalStack, Floci) the tables,
            event bus, schedule group, rules and queues that template.yaml declares, with each
            EventBridge rule delivering to an SQS queue for the local runner. Safe to run again.

              --template PATH     the SAM template (default: template.yaml of this repository)
              --stack-name NAME   the stack name resource names derive from (default: margin-topup)
              --help              this text

            Environment: AWS_ENDPOINT_URL (required: nothing is ever created in a real account),
            AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (default dummies).
            """;

    private Bootstrap() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path template = null;
        String stackName = "margin-topup";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--template", "--stack-name" -> {
                    if (i + 1 >= args.length) {
                        err.println("error: " + args[i] + " needs a value\n");
                        err.print(USAGE);
                        return 2;
                    }
                    if (args[i].equals("--template")) {
                        template = Path.of(args[++i]);
                    } else {
                        stackName = args[++i];
                    }
                }
                default -> {
                    err.println("error: unknown argument " + args[i] + "\n");
                    err.print(USAGE);
                    return 2;
                }
            }
        }
        if (template == null) {
            template = findTemplate(Path.of("").toAbsolutePath());
            if (template == null) {
                err.println("error: no template.yaml in this directory or above it: pass --template PATH");
                return 2;
            }
        } else if (!Files.isRegularFile(template)) {
            err.println("error: no template at " + template);
            return 2;
        }
        EmulatorConnection emulator;
        try {
            emulator = EmulatorConnection.fromEnvironment(environment).requireReachable(Duration.ofSeconds(3));
        } catch (EmulatorUnavailableException unavailable) {
            err.println("error: " + unavailable.getMessage());
            return 1;
        }
        LocalResources created = EmulatorBootstrap.create(template, stackName, emulator);
        describe(created, emulator, stackName, out);
        return 0;
    }

    /** The nearest template.yaml in {@code directory} or one of its parents. */
    static Path findTemplate(Path directory) {
        for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
            Path template = candidate.resolve("template.yaml");
            if (Files.isRegularFile(template)) {
                return template;
            }
        }
        return null;
    }

    private static void describe(LocalResources created, EmulatorConnection emulator, String stackName, PrintStream out) {
        out.printf("stack %s in the emulator at %s (%s)%n", stackName, emulator.endpoint(), emulator.region().id());
        out.printf("  accounts table    %s (stream %s)%n", created.accountsTable(), created.accountsStreamArn());
        out.printf("  ledger table      %s%n", created.ledgerTable());
        out.printf("  event bus         %s%n", created.eventBusName());
        out.printf("  schedule group    %s%n", created.scheduleGroup());
        out.printf("  checker target    %s%n", created.checkerTargetArn());
        out.printf("  scheduler role    %s%n", created.schedulerRoleArn());
        out.printf("  schedule DLQ      %s%n", created.scheduleDlqArn());
        out.printf("  secret prefix     %s%n", created.secretPrefix());
        created.queueUrls().forEach((logicalId, url) -> out.printf("  queue %-18s %s%n", logicalId, url));
        for (RuleRoute route : created.routes()) {
            out.printf("  rule %s on %s -> %s%s%n",
                    route.ruleName(),
                    route.eventBusName(),
                    route.queueUrl(),
                    route.targetsFunction() ? " -> " + route.targetFunctionLogicalId() + " (" + route.handler() + ")" : "");
        }
    }
}
