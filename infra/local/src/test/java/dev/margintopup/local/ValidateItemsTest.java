package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.venue.connect.VenueFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateItemsTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void the_example_items_are_valid() {
        Path root = Repository.root();
        int status = ValidateItems.run(new String[] {
                root.resolve("infra/accounts/cross-usdt.json").toString(),
                root.resolve("infra/accounts/isolated-eth.json").toString()}, out, "margin-topup");

        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("valid — account desk-btc-cross")
                .contains("valid — account desk-eth-isolated").contains("(dry run)");
    }

    @Test
    void an_option_it_does_not_know_is_named_with_the_ones_it_takes() {
        int status = ValidateItems.run(new String[] {"--strict", "item.json"}, out, "margin-topup");

        assertThat(status).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo("unknown option '--strict': infra/bin/validate takes item files and -h, --help\n");
    }

    @Test
    void the_move_based_example_item_is_valid() {
        int status = ValidateItems.run(new String[] {
                Repository.root().resolve("infra/accounts/cross-usdt-moves.json").toString()}, out, "margin-topup");

        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("valid — account desk-btc-moves");
    }

    @Test
    void every_example_item_is_valid() throws Exception {
        String[] items = exampleItems().map(Path::toString).toArray(String[]::new);

        int status = ValidateItems.run(items, out, "margin-topup");

        assertThat(items).hasSizeGreaterThanOrEqualTo(7);
        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(": valid — account ")))
                .hasSize(items.length);
    }

    @Test
    void every_real_venue_has_an_example_in_each_margin_mode_it_offers_and_each_starts_in_dry_run_on_production()
            throws Exception {
        Set<String> venuesAndModes = new TreeSet<>();
        for (Path file : exampleItems().toList()) {
            JsonNode item = Json.read(Files.readString(file));
            String venue = item.path("venue").path("S").asText();
            if (venue.equals("paper")) {
                continue;
            }
            venuesAndModes.add(venue + " " + item.path("marginMode").path("S").asText());
            assertThat(item.path("dryRun").path("BOOL").asBoolean()).as("%s moves nothing until enabled live", file).isTrue();
            assertThat(item.has("venueEndpoint")).as("%s talks to the venue's production address", file).isFalse();
            String id = item.path("accountId").path("S").asText();
            assertThat(item.path("readSecretId").path("S").asText()).isEqualTo("margin-topup/read/" + id);
            assertThat(item.path("transferSecretId").path("S").asText()).isEqualTo("margin-topup/transfer/" + id);
        }

        Set<String> realVenues = new TreeSet<>(VenueFactory.supportedVenues());
        realVenues.remove("paper");
        assertThat(venuesAndModes.stream().map(v -> v.split(" ")[0]).distinct()).containsExactlyInAnyOrderElementsOf(realVenues);
        assertThat(venuesAndModes).contains("binance-usdm cross", "binance-usdm isolated", "hyperliquid cross",
                "hyperliquid isolated");
    }

    private static Stream<Path> exampleItems() throws Exception {
        // Every item of infra/accounts; the secret examples are not account items.
        return Files.list(Repository.root().resolve("infra/accounts"))
                .filter(file -> file.getFileName().toString().endsWith(".json"))
                .filter(file -> !file.getFileName().toString().startsWith("secret"))
                .sorted();
    }

    @Test
    void every_bad_field_is_listed_by_name_with_its_reason(@TempDir Path dir) throws Exception {
        int status = validateEdited(dir, "cross-usdt.json",
                "\"triggerRatio\": {\"N\": \"0.2\"}", "\"triggerRatio\": {\"S\": \"0.2\"}",
                "\"sourceWallet\": {\"S\": \"FUNDING\"}", "\"sourceWallet\": {\"S\": \"FUTURES\"}");

        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(report).contains("INVALID — 2 problems").contains("  triggerRatio: ").contains("  sourceWallet: ");
    }

    @Test
    void a_hyperliquid_item_in_another_asset_or_wallet_is_refused_by_field(@TempDir Path dir) throws Exception {
        int status = validateEdited(dir, "hyperliquid-isolated.json",
                "\"asset\": {\"S\": \"USDC\"}", "\"asset\": {\"S\": \"USDT\"}",
                "\"sourceWallet\": {\"S\": \"SPOT\"}", "\"sourceWallet\": {\"S\": \"FUNDING\"}");

        assertThat(status).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("INVALID — 2 problems").contains("  asset: ")
                .contains("  sourceWallet: ");
    }

    @Test
    void a_bad_source_is_named_by_its_place_in_the_list(@TempDir Path dir) throws Exception {
        int status = validateEdited(dir, "cross-usdt-sources.json",
                "\"floor\": {\"N\": \"1000\"}", "\"floor\": {\"N\": \"-1\"}");

        assertThat(status).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("INVALID — 1 problem")
                .contains("  sources[1].floor: ");
    }

    @Test
    void a_value_not_of_its_stated_type_is_refused_by_name_rather_than_guessed(@TempDir Path dir) throws Exception {
        int status = validateEdited(dir, "isolated-eth.json",
                "\"dryRun\": {\"BOOL\": true}", "\"dryRun\": {\"BOOL\": \"yes\"}",
                "\"maxTransfer\": {\"N\": \"2000\"}", "\"maxTransfer\": {\"N\": 2000}");

        assertThat(status).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("INVALID — 2 problems")
                .contains("  dryRun: ").contains("  maxTransfer: ");
    }

    /** Validates a copy of an example item with each {@code from, to} pair of texts replaced. */
    private int validateEdited(Path dir, String example, String... fromTo) throws Exception {
        String text = Files.readString(Repository.root().resolve("infra/accounts").resolve(example));
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).as("%s holds %s", example, fromTo[i]).contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Path item = dir.resolve("edited-" + example);
        Files.writeString(item, text);
        return ValidateItems.run(new String[] {item.toString()}, out, "margin-topup");
    }

    @Test
    void a_file_that_is_not_json_is_reported_with_where_it_broke(@TempDir Path dir) throws Exception {
        Path item = dir.resolve("broken.json");
        Files.writeString(item, "{\"accountId\": {\"S\": \"x\"},\n  oops }");

        assertThat(ValidateItems.run(new String[] {item.toString()}, out, "margin-topup")).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("broken.json: the file is not valid JSON (line 2");
    }
}
