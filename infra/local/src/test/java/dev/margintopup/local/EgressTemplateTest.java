package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * infra/egress.yaml routes what cfn-lint cannot judge: the functions' subnets leave through the NAT
 * gateway and its Elastic IP (the address venues allow-list), the NAT through the internet gateway,
 * table traffic through the free DynamoDB endpoint, and the functions may only open HTTPS.
 */
class EgressTemplateTest {

    private final JsonNode template = load();
    private final JsonNode resources = template.path("Resources");

    @Test
    void the_subnets_handed_to_the_functions_leave_through_the_nat_gateway_in_two_zones() {
        List<String> subnets = refs(template.path("Outputs").path("VenueSubnetIds").path("Value").path("Fn::Join").path(1));

        assertThat(subnets).hasSize(2);
        for (String subnet : subnets) {
            String routeTable = routeTableOf(subnet);
            assertThat(defaultRouteOf(routeTable).path("NatGatewayId").path("Ref").asText())
                    .as("%s's traffic to the internet", subnet).isEqualTo("NatGateway");
        }
        assertThat(subnets.stream().map(s -> properties(s).path("AvailabilityZone").toString()).distinct())
                .as("one subnet per zone").hasSize(2);
    }

    @Test
    void the_nat_gateway_sits_in_a_public_subnet_with_the_elastic_ip_the_stack_outputs() {
        JsonNode nat = properties("NatGateway");
        String publicSubnet = nat.path("SubnetId").path("Ref").asText();

        assertThat(defaultRouteOf(routeTableOf(publicSubnet)).path("GatewayId").path("Ref").asText())
                .isEqualTo("InternetGateway");
        assertThat(nat.path("AllocationId").path("Fn::GetAtt").path(0).asText()).isEqualTo("EgressIp");
        assertThat(resources.path("EgressIp").path("Type").asText()).isEqualTo("AWS::EC2::EIP");
        assertThat(template.path("Outputs").path("EgressIp").path("Value").path("Ref").asText()).isEqualTo("EgressIp");
    }

    @Test
    void table_traffic_from_the_functions_subnets_takes_the_dynamodb_gateway_endpoint() {
        JsonNode endpoint = properties("DynamoDbEndpoint");
        String privateRouteTable = routeTableOf(refs(template.path("Outputs").path("VenueSubnetIds").path("Value")
                .path("Fn::Join").path(1)).getFirst());

        assertThat(endpoint.path("VpcEndpointType").asText()).isEqualTo("Gateway");
        assertThat(endpoint.path("ServiceName").path("Fn::Sub").asText()).endsWith(".dynamodb");
        assertThat(refs(endpoint.path("RouteTableIds"))).containsExactly(privateRouteTable);
    }

    @Test
    void the_functions_security_group_opens_outbound_https_only_and_nothing_inbound() {
        String group = template.path("Outputs").path("VenueSecurityGroupIds").path("Value").path("Ref").asText();
        JsonNode properties = properties(group);

        assertThat(properties.has("SecurityGroupIngress")).isFalse();
        assertThat(properties.path("SecurityGroupEgress")).hasSize(1);
        JsonNode rule = properties.path("SecurityGroupEgress").path(0);
        assertThat(rule.path("IpProtocol").asText()).isEqualTo("tcp");
        assertThat(rule.path("FromPort").asInt()).isEqualTo(443);
        assertThat(rule.path("ToPort").asInt()).isEqualTo(443);
    }

    private String routeTableOf(String subnet) {
        List<JsonNode> associations = StreamSupport.stream(resources.spliterator(), false)
                .filter(r -> r.path("Type").asText().equals("AWS::EC2::SubnetRouteTableAssociation"))
                .filter(r -> r.path("Properties").path("SubnetId").path("Ref").asText().equals(subnet))
                .toList();
        assertThat(associations).as("route tables of %s", subnet).hasSize(1);
        return associations.getFirst().path("Properties").path("RouteTableId").path("Ref").asText();
    }

    private JsonNode defaultRouteOf(String routeTable) {
        List<JsonNode> routes = StreamSupport.stream(resources.spliterator(), false)
                .filter(r -> r.path("Type").asText().equals("AWS::EC2::Route"))
                .map(r -> r.path("Properties"))
                .filter(p -> p.path("RouteTableId").path("Ref").asText().equals(routeTable))
                .filter(p -> p.path("DestinationCidrBlock").asText().equals("0.0.0.0/0"))
                .toList();
        assertThat(routes).as("default routes of %s", routeTable).hasSize(1);
        return routes.getFirst();
    }

    private JsonNode properties(String logicalId) {
        JsonNode resource = resources.path(logicalId);
        assertThat(resource.isMissingNode()).as("infra/egress.yaml has %s", logicalId).isFalse();
        return resource.path("Properties");
    }

    private static List<String> refs(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(ref -> ref.path("Ref").asText()).toList();
    }

    private static JsonNode load() {
        try {
            return new YAMLMapper().readTree(Files.readString(Repository.root().resolve("infra/egress.yaml")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
