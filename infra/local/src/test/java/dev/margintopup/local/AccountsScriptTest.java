package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/bin/accounts} answers help and every argument error itself, with status 2, before
 * it builds anything or calls AWS: the shell script is the only parser of its arguments.
 */
class AccountsScriptTest {

    private static final Path SCRIPT = Repository.root().resolve("infra/bin/accounts");

    private record Answer(int status, String stdout, String stderr) {}

    @Test
    void help_names_every_command_and_exits_cleanly() throws Exception {
        Answer help = run("--help");

        assertThat(help.status()).isZero();
        assertThat(help.stdout()).contains("accounts add --stack NAME --file ITEM.json", "accounts list --stack NAME",
                "accounts enable --stack NAME --account-id ID [--live]", "accounts disable --stack NAME --account-id ID",
                "accounts remove --stack NAME --account-id ID", "Exit status");
        assertThat(run("list", "--stack", "mt", "--help").status()).isZero();
    }

    @Test
    void each_argument_error_is_named_with_status_2() throws Exception {
        assertRefused(List.of(), "usage:");
        assertRefused(List.of("upsert", "--stack", "mt"), "unknown command 'upsert'");
        assertRefused(List.of("list"), "--stack NAME is required");
        assertRefused(List.of("list", "--stack"), "--stack needs a value");
        assertRefused(List.of("list", "--stack", "9-lives"), "--stack '9-lives' is not a stack name");
        assertRefused(List.of("list", "--stack", "mt", "--region", "Mars"), "--region 'Mars' is not a region name");
        assertRefused(List.of("list", "--stack", "mt", "--account-id", "a"), "list takes neither --file nor --account-id");
        assertRefused(List.of("add", "--stack", "mt"), "add needs --file ITEM.json");
        assertRefused(List.of("add", "--stack", "mt", "--file", "/no/such/item.json"), "--file /no/such/item.json: no such readable file");
        assertRefused(List.of("add", "--stack", "mt", "--file", SCRIPT.toString(), "--account-id", "a"), "add takes the account from --file");
        assertRefused(List.of("enable", "--stack", "mt"), "enable needs --account-id ID");
        assertRefused(List.of("remove", "--stack", "mt", "--account-id", "a b"), "--account-id 'a b' is not an account id");
        assertRefused(List.of("disable", "--stack", "mt", "--account-id", "a", "--live"), "--live goes with enable only");
        assertRefused(List.of("enable", "--stack", "mt", "--account-id", "a", "--replace"), "--replace goes with add only");
        assertRefused(List.of("list", "--stack", "mt", "--verbose"), "unknown argument '--verbose'");
    }

    private static void assertRefused(List<String> args, String message) throws Exception {
        Answer answer = run(args.toArray(String[]::new));
        assertThat(answer.status()).as("%s: %s", args, answer.stderr()).isEqualTo(2);
        assertThat(answer.stderr()).as("%s", args).contains(message);
        assertThat(answer.stdout()).as("%s prints nothing but the error", args).isEmpty();
    }

    private static Answer run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("infra/bin/accounts " + String.join(" ", args) + " did not answer");
        }
        return new Answer(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
