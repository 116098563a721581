package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return Bootstrap.run(args, environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void help_explains_the_options() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--template", "--stack-name", "AWS_ENDPOINT_URL");
    }

    @Test
    void refuses_to_run_without_an_emulator_endpoint() {
        assertThat(run(Map.of("AWS_REGION", "us-east-1"))).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("AWS_ENDPOINT_URL is not set", "infra/bin/test");
    }

    @Test
    void says_how_to_start_the_emulator_when_nothing_answers() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;

        assertThat(run(Map.of("AWS_ENDPOINT_URL", endpoint))).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot reach the emulator at " + endpoint + ": is it running? Unset AWS_ENDPOINT_URL to let infra/bin/run and infra/bin/test start one");
    }

    @Test
    void rejects_unknown_arguments() {
        assertThat(run(Map.of(), "--stack")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument --stack", "usage:");
    }
}
