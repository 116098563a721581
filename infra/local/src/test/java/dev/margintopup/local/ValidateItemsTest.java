package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void the_move_based_example_item_is_valid() {
        int status = ValidateItems.run(new String[] {
                Repository.root().resolve("infra/accounts/cross-usdt-moves.json").toString()}, out, "margin-topup");

        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("valid — account desk-btc-moves");
    }

    @Test
    void the_hyperliquid_example_item_is_valid() {
        int status = ValidateItems.run(new String[] {
                Repository.root().resolve("infra/accounts/hyperliquid-isolated-eth.json").toString()}, out, "margin-topup");

        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("valid — account desk-hl-eth");
    }

    @Test
    void a_hyperliquid_item_in_another_asset_or_wallet_is_refused_by_field(@TempDir Path dir) throws Exception {
        Path item = dir.resolve("bad-hl.json");
        Files.writeString(item, Files.readString(Repository.root().resolve("infra/accounts/hyperliquid-isolated-eth.json"))
                .replace("\"asset\": {\"S\": \"USDC\"}", "\"asset\": {\"S\": \"USDT\"}")
                .replace("\"sourceWallet\": {\"S\": \"SPOT\"}", "\"sourceWallet\": {\"S\": \"FUNDING\"}"));

        assertThat(ValidateItems.run(new String[] {item.toString()}, out, "margin-topup")).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("INVALID — 2 problems").contains("  asset: ")
                .contains("  sourceWallet: ");
    }

    @Test
    void every_bad_field_is_listed_by_name_with_its_reason(@TempDir Path dir) throws Exception {
        Path item = dir.resolve("bad.json");
        String example = Files.readString(Repository.root().resolve("infra/accounts/cross-usdt.json"));
        Files.writeString(item, example
                .replace("\"triggerRatio\": {\"N\": \"0.2\"}", "\"triggerRatio\": {\"S\": \"0.2\"}")
                .replace("\"sourceWallet\": {\"S\": \"FUNDING\"}", "\"sourceWallet\": {\"S\": \"FUTURES\"}"));

        int status = ValidateItems.run(new String[] {item.toString()}, out, "margin-topup");

        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(report).contains("INVALID — 2 problems").contains("  triggerRatio: ").contains("  sourceWallet: ");
    }

    @Test
    void a_file_that_is_not_json_is_reported_with_where_it_broke(@TempDir Path dir) throws Exception {
        Path item = dir.resolve("broken.json");
        Files.writeString(item, "{\"accountId\": {\"S\": \"x\"},\n  oops }");

        assertThat(ValidateItems.run(new String[] {item.toString()}, out, "margin-topup")).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("broken.json: the file is not valid JSON (line 2");
    }
}
