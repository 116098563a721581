package dev.margintopup.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountItem;
import dev.margintopup.json.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item reads the same whether the SDK returned it or a stream record carried it in DynamoDB JSON. */
class AccountItemsTest {

    @Test
    void an_item_from_the_sdk_and_the_same_item_from_a_stream_image_are_the_same_account_item() {
        Map<String, AttributeValue> sdk = new LinkedHashMap<>();
        sdk.put("accountId", AttributeValue.fromS("desk-1"));
        sdk.put("triggerRatio", AttributeValue.fromN("0.20"));
        sdk.put("enabled", AttributeValue.fromBool(false));
        sdk.put("symbol", AttributeValue.fromNul(true));
        sdk.put("asset", AttributeValue.fromL(List.of(AttributeValue.fromS("USDT"))));
        sdk.put("maxTransfer", AttributeValue.fromN("lots"));
        sdk.put("sources", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                "wallet", AttributeValue.fromS("FUNDING"), "floor", AttributeValue.fromN("500"))))));
        sdk.put("dryRun", AttributeValue.fromSs(List.of("yes")));
        String image = """
                {"accountId": {"S": "desk-1"}, "triggerRatio": {"N": "0.20"}, "enabled": {"BOOL": false},
                 "symbol": {"NULL": true}, "asset": {"L": [{"S": "USDT"}]}, "maxTransfer": {"N": "lots"},
                 "sources": {"L": [{"M": {"wallet": {"S": "FUNDING"}, "floor": {"N": "500"}}}]},
                 "dryRun": {"SS": ["yes"]}}""";

        AccountItem fromSdk = AccountItems.from(sdk);
        AccountItem fromStream = AccountItems.fromDynamoJson(Json.read(image));

        assertThat(fromStream).isEqualTo(fromSdk);
        assertThat(fromSdk.attributes())
                .containsEntry("accountId", "desk-1")
                .containsEntry("triggerRatio", new BigDecimal("0.20"))
                .containsEntry("enabled", false)
                .containsEntry("symbol", null);
        // Lists and maps (the sources) keep their content; validation names a field that may not be one.
        assertThat(fromSdk.attributes().get("asset")).isEqualTo(List.of("USDT"));
        assertThat(fromSdk.attributes().get("sources"))
                .isEqualTo(List.of(Map.of("wallet", "FUNDING", "floor", new BigDecimal("500"))));
        // Types items never use stay visible to validation, which names the field and the type.
        assertThat(fromSdk.attributes().get("dryRun")).hasToString("a DynamoDB SS value");
        assertThat(fromSdk.attributes().get("maxTransfer")).hasToString("a DynamoDB N(lots) value");
    }
}
