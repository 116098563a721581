package dev.margintopup.schedule;

import static dev.margintopup.json.MissingField.required;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.account.AccountItem;
import dev.margintopup.accounts.AccountItems;
import dev.margintopup.json.BadInput;
import java.util.List;
import java.util.Map;

/**
 * A batch from the Accounts table's stream, as Lambda delivers it. Records are kept as JSON
 * here and read one by one ({@link Change}), so that one malformed record cannot hold back the
 * good ones in its batch. The envelope is AWS's and grows over time: fields the service does not
 * read are not checked.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountsStreamEvent(@JsonProperty("Records") List<JsonNode> records) {

    public AccountsStreamEvent {
        required(records, "Records");
    }

    public enum EventName { INSERT, MODIFY, REMOVE }

    /** One stream record: which item changed, how, and its image after the change. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String eventID, EventName eventName, Item dynamodb) {

        public Change {
            required(eventName, "eventName");
            required(dynamodb, "dynamodb");
        }

        /** The changed item's account id, from its key; {@code null} if the key is not a string. */
        public String accountId() {
            JsonNode id = dynamodb.keys() == null ? null : dynamodb.keys().get("accountId");
            return id != null && id.path("S").isTextual() ? id.path("S").textValue() : null;
        }

        /** The item as it is now; only INSERT and MODIFY have one, in a stream with new images. */
        public AccountItem newItem() {
            if (dynamodb.newImage() == null || !dynamodb.newImage().isObject()) {
                throw new BadInput("stream record " + eventID + " (" + eventName
                        + ") has no NewImage; the Accounts stream must use NEW_AND_OLD_IMAGES");
            }
            return AccountItems.fromDynamoJson(dynamodb.newImage());
        }
    }

    /** The DynamoDB part of a record, in DynamoDB JSON. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(@JsonProperty("Keys") Map<String, JsonNode> keys,
            @JsonProperty("NewImage") JsonNode newImage) {}
}
