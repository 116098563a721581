package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which venue keys each function's role may read, from template.yaml's IAM statements, matched
 * the way IAM matches resource ARNs ({@code *} any run, {@code ?} one character) against the ARNs
 * Secrets Manager gives (the name, "-" and six random characters). The checker never holds a
 * transfer key, per account or shared (decision 0019); the emulator enforces no IAM, so this is
 * where that promise is checked.
 */
class VenueKeyAccessTemplateTest {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());

    private final CloudFormationTemplate template = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1");

    private final String secrets = template.resolveText(Json.MAPPER.createObjectNode().put("Fn::Sub",
            "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:margin-topup/"), "ARN");

    private final String sharedReadKeys = secrets + "read-keys-Ab12Cd";
    private final String sharedTransferKeys = secrets + "transfer-keys-Ab12Cd";
    private final String accountReadKey = secrets + "read/desk-1-Ab12Cd";
    private final String accountTransferKey = secrets + "transfer/desk-1-Ab12Cd";

    @Test
    void the_checker_reads_the_read_keys_per_account_and_shared_and_no_transfer_key() {
        List<String> readable = readableSecrets("CheckerFunction");

        assertThat(canRead(readable, sharedReadKeys)).as("the shared read-keys secret").isTrue();
        assertThat(canRead(readable, accountReadKey)).as("an account's read key").isTrue();
        assertThat(canRead(readable, sharedTransferKeys)).as("the shared transfer-keys secret").isFalse();
        assertThat(canRead(readable, accountTransferKey)).as("an account's transfer key").isFalse();
    }

    @Test
    void the_transfer_function_reads_the_transfer_keys_per_account_and_shared() {
        List<String> readable = readableSecrets("TransferFunction");

        assertThat(canRead(readable, sharedTransferKeys)).as("the shared transfer-keys secret").isTrue();
        assertThat(canRead(readable, accountTransferKey)).as("an account's transfer key").isTrue();
        assertThat(canRead(readable, sharedReadKeys)).as("the shared read-keys secret: it never needs it").isFalse();
    }

    @Test
    void schedule_sync_reads_no_venue_key() {
        assertThat(readableSecrets("ScheduleSyncFunction")).isEmpty();
    }

    @Test
    void the_shared_secrets_patterns_match_only_their_own_names() {
        List<String> readable = readableSecrets("CheckerFunction");

        assertThat(canRead(readable, secrets + "read-keys-extra-Ab12Cd"))
                .as("a longer name beginning read-keys is another secret").isFalse();
    }

    /** The resolved resource patterns of the function's statements that allow GetSecretValue. */
    private List<String> readableSecrets(String function) {
        List<String> patterns = new ArrayList<>();
        for (JsonNode policy : template.functionProperty(function, "Policies")) {
            for (JsonNode statement : policy.path("Statement")) {
                if (!"Allow".equals(statement.path("Effect").asText()) || !allows(statement.path("Action"))) {
                    continue;
                }
                JsonNode resources = statement.path("Resource");
                if (resources.isArray()) {
                    resources.forEach(r -> patterns.add(template.resolveText(r, function + " Resource")));
                } else {
                    patterns.add(template.resolveText(resources, function + " Resource"));
                }
            }
        }
        return patterns;
    }

    private static boolean allows(JsonNode action) {
        if (action.isArray()) {
            for (JsonNode a : action) {
                if (allows(a)) {
                    return true;
                }
            }
            return false;
        }
        String name = action.asText();
        return name.equals("secretsmanager:GetSecretValue") || name.equals("secretsmanager:*") || name.equals("*");
    }

    private static boolean canRead(List<String> patterns, String arn) {
        return patterns.stream().anyMatch(p -> iamPattern(p).matcher(arn).matches());
    }

    private static Pattern iamPattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
