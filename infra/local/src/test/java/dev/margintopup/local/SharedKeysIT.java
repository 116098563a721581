package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static dev.margintopup.local.PipelineFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.Intent;
import dev.margintopup.ledger.IntentState;
import dev.margintopup.local.PipelineFixture.Account;
import dev.margintopup.local.LocalPipeline.Delivery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shared key layout (decision 0019) through the real checker and transfer handlers, with
 * the deployment's two shared secrets in the emulator's Secrets Manager and the paper venue
 * over HTTP: each account names its entry in PREFIX/read-keys and PREFIX/transfer-keys.
 */
class SharedKeysIT {

    private static final String READ_KEYS = "margin-topup/read-keys";
    private static final String TRANSFER_KEYS = "margin-topup/transfer-keys";

    @RegisterExtension
    static final PipelineFixture fx = new PipelineFixture();

    /** Every key this class has put in the shared secrets, so that no test drops another's. */
    private static final ObjectNode READ_ENTRIES = Json.MAPPER.createObjectNode();
    private static final ObjectNode TRANSFER_ENTRIES = Json.MAPPER.createObjectNode();

    @Test
    void accounts_naming_their_keys_in_the_shared_secrets_are_checked_and_topped_up_exactly_once_each() {
        Account first = sharedKeyAccount();
        Account second = sharedKeyAccount();

        assertOutcome(fx.nextCheck(first), "NO_ACTION");
        assertOutcome(fx.nextCheck(second), "NO_ACTION");

        fx.breach(first);
        fx.breach(second);
        assertOutcome(fx.nextCheck(first), "TOP_UP_REQUESTED");
        assertOutcome(fx.nextCheck(second), "TOP_UP_REQUESTED");
        List<Delivery> deliveries = fx.pipeline.deliverEvents();

        assertThat(deliveries).filteredOn(d -> d.handlerResult() != null).hasSize(2)
                .allSatisfy(d -> assertOutcome(d.handlerResult(), "CONFIRMED"));
        assertThat(fx.venueTransfers(first)).as("one transfer with the first account's transfer key").hasSize(1);
        assertThat(fx.venueTransfers(second)).as("one transfer with the second account's transfer key").hasSize(1);
    }

    @Test
    void a_read_key_missing_from_the_shared_secret_is_reported_on_readKeyName_and_nothing_moves() {
        Account account = breachedAccountNamingAbsentKey("readKeyName");

        JsonNode result = fx.nextCheck(account);
        fx.pipeline.deliverEvents();

        assertOutcome(result, "INVALID_CONFIG");
        assertThat(result.toString()).contains("readKeyName", READ_KEYS, "nobody-" + account.id())
                .doesNotContain(account.apiSecret());
        assertThat(fx.venueTransfers(account)).as("an account without its read key moves nothing").isEmpty();
    }

    @Test
    void a_transfer_key_missing_from_the_shared_secret_leaves_the_intent_unsent_and_moves_nothing() {
        Account account = breachedAccountNamingAbsentKey("transferKeyName");

        JsonNode check = fx.nextCheck(account);
        assertOutcome(check, "TOP_UP_REQUESTED");
        List<Delivery> deliveries = fx.pipeline.deliverEvents();

        Intent intent = fx.pipeline.ledger().intent(account.id(), check.path("intentId").asText()).orElseThrow();
        assertThat(intent.state()).as("an intent without its transfer key is never confirmed")
                .isNotEqualTo(IntentState.CONFIRMED);
        assertThat(fx.venueTransfers(account)).as("no transfer key, no transfer").isEmpty();
        assertThat(deliveries).allSatisfy(d -> assertThat(String.valueOf(d.handlerResult()) + d.failure())
                .doesNotContain(account.apiSecret()));
    }

    /** A breached account whose item names, as {@code field}, a key the shared secret does not hold. */
    private static Account breachedAccountNamingAbsentKey(String field) {
        Account account = fx.seedOnVenue("10000");
        storeSharedKeys(account);
        Map<String, AttributeValue> item = sharedItem(account);
        item.put(field, s("nobody-" + account.id()));
        fx.pipeline.putAccount(item);
        fx.pipeline.syncSchedules();
        fx.breach(account);
        return account;
    }

    /** A cross account on the paper venue whose item names its keys in the shared secrets. */
    private static Account sharedKeyAccount() {
        Account account = fx.seedOnVenue("10000");
        storeSharedKeys(account);
        fx.pipeline.putAccount(sharedItem(account));
        fx.pipeline.syncSchedules();
        return account;
    }

    private static Map<String, AttributeValue> sharedItem(Account account) {
        Map<String, AttributeValue> item = fx.item(account);
        item.remove("readSecretId");
        item.remove("transferSecretId");
        item.put("readKeyName", s(account.id()));
        item.put("transferKeyName", s(account.id()));
        return item;
    }

    /** Adds the account's key to both shared secrets under its account id, as an operator would. */
    private static synchronized void storeSharedKeys(Account account) {
        ObjectNode key = Json.MAPPER.createObjectNode().put("apiKey", account.apiKey())
                .put("apiSecret", account.apiSecret());
        READ_ENTRIES.set(account.id(), key);
        TRANSFER_ENTRIES.set(account.id(), key);
        fx.pipeline.putSecret(READ_KEYS, Json.write(READ_ENTRIES));
        fx.pipeline.putSecret(TRANSFER_KEYS, Json.write(TRANSFER_ENTRIES));
    }
}
