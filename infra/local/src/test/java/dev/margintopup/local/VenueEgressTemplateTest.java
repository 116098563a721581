package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Venues bind API keys to IP addresses, so every function that calls a venue must be able to run
 * behind a fixed egress IP; without the parameters the stack deploys as it always did (decision 0023).
 */
class VenueEgressTemplateTest {

    private static final Path TEMPLATE = Bootstrap.findTemplate(Path.of("").toAbsolutePath());
    private static final Map<String, String> IN_VPC = Map.of(
            "VenueSubnetIds", "subnet-0a1, subnet-0b2",
            "VenueSecurityGroupIds", "sg-0c3");

    private final CloudFormationTemplate byDefault = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1");
    private final CloudFormationTemplate inVpc = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1", IN_VPC);

    @Test
    void without_subnets_no_function_runs_in_a_vpc() {
        assertThat(byDefault.conditionNamed("InVpc")).isFalse();
        for (String function : functions()) {
            assertThat(byDefault.resolve(byDefault.functionProperty(function, "VpcConfig")).isMissingNode())
                    .as("%s stays out of any VPC when VenueSubnetIds is empty", function)
                    .isTrue();
        }
    }

    @Test
    void with_subnets_every_function_that_may_read_a_venue_key_runs_in_them_with_the_security_groups() {
        assertThat(inVpc.conditionNamed("InVpc")).isTrue();
        assertThat(venueCallers()).as("the functions that hold venue keys").containsExactlyInAnyOrder(
                "CheckerFunction", "TransferFunction");
        for (String function : venueCallers()) {
            JsonNode vpcConfig = inVpc.resolve(inVpc.functionProperty(function, "VpcConfig"));
            assertThat(texts(vpcConfig.path("SubnetIds"))).as(function).containsExactly("subnet-0a1", "subnet-0b2");
            assertThat(texts(vpcConfig.path("SecurityGroupIds"))).as(function).containsExactly("sg-0c3");
        }
    }

    @Test
    void a_function_that_never_calls_a_venue_stays_out_of_the_vpc_and_off_the_nat_bill() {
        List<String> others = functions().stream().filter(f -> !venueCallers().contains(f)).toList();

        assertThat(others).contains("ScheduleSyncFunction");
        for (String function : others) {
            assertThat(inVpc.resolve(inVpc.functionProperty(function, "VpcConfig")).isMissingNode())
                    .as("%s holds no venue key", function)
                    .isTrue();
        }
    }

    @Test
    void subnets_without_a_security_group_are_refused_before_anything_is_created() {
        String rule = "VenueSecurityGroupsComeWithVenueSubnets";
        var subnetsAlone = CloudFormationTemplate.load(TEMPLATE, "demo", "eu-west-1",
                Map.of("VenueSubnetIds", "subnet-0a1,subnet-0b2"));

        assertThat(subnetsAlone.ruleRefusal(rule)).hasValueSatisfying(refusal ->
                assertThat(refusal).contains("VenueSecurityGroupIds"));
        assertThat(inVpc.ruleRefusal(rule)).isEmpty();
        assertThat(byDefault.ruleRefusal(rule)).isEmpty();
    }

    @Test
    void the_egress_stack_outputs_exactly_what_the_main_stack_takes_and_the_address_to_allow_list() throws Exception {
        JsonNode outputs = new YAMLMapper().readTree(Files.readString(TEMPLATE.resolveSibling("infra/egress.yaml")))
                .path("Outputs");

        for (String parameter : IN_VPC.keySet()) {
            assertThat(byDefault.parameterDeclaration(parameter).path("Type").asText()).isEqualTo("CommaDelimitedList");
            assertThat(byDefault.parameter(parameter)).as("%s is optional", parameter).isEmpty();
            assertThat(outputs.has(parameter)).as("infra/egress.yaml outputs %s", parameter).isTrue();
        }
        assertThat(outputs.path("EgressIp").path("Value").path("Ref").asText()).isEqualTo("EgressIp");
    }

    private List<String> functions() {
        return byDefault.resourcesOfType("AWS::Serverless::Function").stream()
                .map(CloudFormationTemplate.Resource::logicalId).toList();
    }

    // A function calls a venue exactly when it may read a venue key: a secret under SECRET_PREFIX.
    private List<String> venueCallers() {
        return functions().stream().filter(this::mayReadVenueKeys).toList();
    }

    private boolean mayReadVenueKeys(String function) {
        JsonNode policies = byDefault.resolve(byDefault.resource(function).properties().path("Policies"));
        String secrets = ":secret:" + byDefault.parameter("SecretPrefix") + "/";
        return StreamSupport.stream(policies.spliterator(), false)
                .flatMap(policy -> StreamSupport.stream(policy.path("Statement").spliterator(), false))
                .filter(statement -> statement.path("Action").toString().contains("secretsmanager:GetSecretValue"))
                .anyMatch(statement -> statement.path("Resource").toString().contains(secrets));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
