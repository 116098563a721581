package dev.margintopup.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.paper.Fault;
import dev.margintopup.paper.MarginType;
import dev.margintopup.paper.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad scenario files are refused with the file, the JSON path and what to write instead. */
class ScenarioLoaderTest {

    /** A small valid scenario; each test breaks one thing in it. */
    private static final String VALID = """
            {
              "name": "tiny",
              "description": "A 10 % drop in ten minutes.",
              "symbol": "BTCUSDT",
              "start": "2025-03-03T00:00:00Z",
              "minutes": 10,
              "tiers": [{"upTo": "50000", "rate": "0.004", "deduction": "0"}, {"rate": "0.005"}],
              "pricePath": {"type": "keyframes", "points": [[0, "60000"], [10, "54000"]]},
              "accounts": [
                {"id": "managed-1", "managed": true, "marginMode": "isolated",
                 "wallets": {"FUNDING": "10000"},
                 "position": {"side": "long", "quantity": "1", "entryPrice": "60000", "leverage": 20},
                 "config": {"triggerRatio": "0.2", "targetRatio": "0.05", "cooldownSeconds": 0}},
                {"id": "control-1", "managed": false, "marginMode": "cross",
                 "wallets": {"FUTURES": "5000", "FUNDING": "10000"},
                 "position": {"side": "long", "quantity": "1", "entryPrice": "60000"}}
              ],
              "faults": [{"type": "LOSE_RESPONSE", "pathPrefix": "/api/v1/transfers", "fromMinute": 2,
                          "toMinute": 8, "probability": 0.3, "seed": 5}]
            }
            """;

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("scenario.json");
        Files.writeString(file, json);
        return file;
    }

    private ScenarioException refused(String json) throws IOException {
        Path file = write(json);
        ScenarioException error = catchThrowableOfType(ScenarioException.class, () -> ScenarioLoader.load(file));
        assertThat(error).as("loading must fail").isNotNull();
        assertThat(error.getMessage()).startsWith(file + ": ");
        assertThat(error.file()).isEqualTo(file.toString());
        return error;
    }

    @Test
    void validScenarioLoadsWithDefaultsFilledIn() throws IOException {
        Scenario scenario = ScenarioLoader.load(write(VALID));

        assertThat(scenario.name()).isEqualTo("tiny");
        assertThat(scenario.start()).isEqualTo(Instant.parse("2025-03-03T00:00:00Z"));
        assertThat(scenario.path().priceAt(5)).isEqualByComparingTo("57000");
        ScenarioAccount managed = scenario.account("managed-1");
        assertThat(managed.marginType()).isEqualTo(MarginType.ISOLATED);
        assertThat(managed.position().side()).isEqualTo(Side.LONG);
        // 60000 ÷ 20
        assertThat(managed.paperPosition("BTCUSDT").isolatedMargin()).isEqualByComparingTo("3000");
        // The second tier's deduction keeps maintenance continuous: 50000 × (0.005 − 0.004).
        assertThat(managed.position().tiers().get(1).deduction()).isEqualByComparingTo("50");
        TopUpSettings settings = managed.settings();
        assertThat(settings.triggerRatio()).isEqualByComparingTo("0.2");
        assertThat(settings.cooldownSeconds()).isZero();
        assertThat(settings.maxTransfer()).isEqualByComparingTo(TopUpSettings.DEFAULTS.maxTransfer());
        assertThat(settings.sourceWallet()).isEqualTo("FUNDING");
        assertThat(managed.config()).containsOnlyKeys("triggerRatio", "targetRatio", "cooldownSeconds");
        assertThat(scenario.account("control-1").dryRun()).isTrue();
        assertThat(scenario.faults()).singleElement().satisfies(fault -> {
            assertThat(fault.activeAt(1)).isFalse();
            assertThat(fault.activeAt(8)).isTrue();
            assertThat(fault.toFault()).isEqualTo(new Fault(Fault.Type.LOSE_RESPONSE, "/api/v1/transfers",
                    Fault.UNLIMITED, Duration.ZERO, 0.3, 5));
        });
    }

    private static final String CONFIG = "\"config\": {\"triggerRatio\": \"0.2\", \"targetRatio\": \"0.05\", \"cooldownSeconds\": 0}";

    /** The valid scenario with the managed account's config given these fields besides its ratios. */
    private static String withConfig(String fields) {
        return VALID.replace("\"wallets\": {\"FUNDING\": \"10000\"}", "\"wallets\": {\"FUNDING\": \"10000\", \"SPOT\": \"4000\"}")
                .replace(CONFIG, CONFIG.substring(0, CONFIG.length() - 1) + ", " + fields + "}");
    }

    @Test
    void orderedSourcesAndARescueMoveReplaceTheSourceWallet() throws IOException {
        Scenario scenario = ScenarioLoader.load(write(withConfig(
                "\"sources\": [{\"wallet\": \"FUNDING\", \"floor\": \"2000\"}, {\"wallet\": \"SPOT\", \"floor\": 0,"
                        + " \"cap\": \"1500\"}], \"rescueMovePercent\": \"15\"")));

        ScenarioAccount managed = scenario.account("managed-1");
        assertThat(managed.sources()).extracting(dev.margintopup.account.Source::label).containsExactly("FUNDING", "SPOT");
        assertThat(managed.sources().get(0).floor()).isEqualByComparingTo("2000");
        assertThat(managed.sources().get(1).cap()).isEqualByComparingTo("1500");
        // 8000 above FUNDING's floor and all of SPOT's 4000: a cap limits one top-up, not the whole.
        assertThat(managed.sourceFunds()).isEqualByComparingTo("12000");
        assertThat(managed.effectiveConfig()).doesNotContainKey("sourceWallet").containsKey("sources")
                .containsEntry("rescueMovePercent", new BigDecimal("15"));
        assertThat(managed.settings().sourceWallet()).as("the first source").isEqualTo("FUNDING");
        assertThat(scenario.account("control-1").sources()).extracting(dev.margintopup.account.Source::label)
                .containsExactly("FUNDING");
    }

    @Test
    void aBadSourceIsRefusedByTheProductsRulesNamedByItsPlace() throws IOException {
        ScenarioException negative = refused(withConfig(
                "\"sources\": [{\"wallet\": \"FUNDING\"}, {\"wallet\": \"SPOT\", \"floor\": \"-1\"}]"));
        assertThat(negative.jsonPath()).isEqualTo("accounts[0].config.sources[1].floor");

        ScenarioException margin = refused(withConfig("\"sources\": [{\"wallet\": \"FUTURES\"}]"));
        assertThat(margin.jsonPath()).isEqualTo("accounts[0].config.sources[0].wallet");
        assertThat(margin.getMessage()).contains("margin wallet");

        ScenarioException twice = refused(withConfig(
                "\"sources\": [{\"wallet\": \"SPOT\"}, {\"wallet\": \"SPOT\", \"floor\": \"5\"}]"));
        assertThat(twice.jsonPath()).isEqualTo("accounts[0].config.sources[1].wallet");

        ScenarioException unknown = refused(withConfig("\"sources\": [{\"wallet\": \"SPOT\", \"flor\": \"5\"}]"));
        assertThat(unknown.jsonPath()).isEqualTo("accounts[0].config.sources[0].flor");

        ScenarioException notAmount = refused(withConfig("\"sources\": [{\"wallet\": \"SPOT\", \"cap\": \"lots\"}]"));
        assertThat(notAmount.jsonPath()).isEqualTo("accounts[0].config.sources[0].cap");
    }

    @Test
    void sourcesBesideASourceWalletOrABadRescueMoveAreRefused() throws IOException {
        ScenarioException both = refused(withConfig(
                "\"sourceWallet\": \"FUNDING\", \"sources\": [{\"wallet\": \"SPOT\"}]"));
        assertThat(both.jsonPath()).isEqualTo("accounts[0].config.sourceWallet");
        assertThat(both.getMessage()).contains("not both");

        ScenarioException rescue = refused(withConfig("\"rescueMovePercent\": \"100\""));
        assertThat(rescue.jsonPath()).isEqualTo("accounts[0].config.rescueMovePercent");
    }

    @Test
    void missingFieldIsNamedWithWhatToAdd() throws IOException {
        ScenarioException error = refused(VALID.replace("\"minutes\": 10,", ""));

        assertThat(error.jsonPath()).isEqualTo("minutes");
        assertThat(error.getMessage()).endsWith(": minutes: is missing; add \"minutes\"");
    }

    @Test
    void missingNestedFieldIsNamedByItsFullPath() throws IOException {
        ScenarioException error = refused(VALID.replace("\"side\": \"long\", \"quantity\": \"1\", \"entryPrice\": \"60000\"}",
                "\"side\": \"long\", \"quantity\": \"1\"}"));

        assertThat(error.getMessage()).contains("accounts[1].position.entryPrice: is missing");
    }

    @Test
    void wrongTypeSaysWhatIsExpectedAndWhatWasFound() throws IOException {
        ScenarioException error = refused(VALID.replace(
                "\"position\": {\"side\": \"long\", \"quantity\": \"1\", \"entryPrice\": \"60000\"}",
                "\"position\": {\"side\": \"long\", \"quantity\": \"abc\", \"entryPrice\": \"60000\"}"));

        assertThat(error.getMessage())
                .endsWith("scenario.json: accounts[1].position.quantity: must be a positive number, got \"abc\"");
    }

    @Test
    void booleanWrittenAsAStringIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace("\"managed\": false", "\"managed\": \"no\""));

        assertThat(error.getMessage()).contains("accounts[1].managed: must be true or false, got \"no\"");
    }

    @Test
    void unknownFieldSuggestsTheOneMeant() throws IOException {
        ScenarioException error = refused(VALID.replace("\"quantity\": \"1\", \"entryPrice\": \"60000\", \"leverage\"",
                "\"quantty\": \"1\", \"entryPrice\": \"60000\", \"leverage\""));

        assertThat(error.jsonPath()).isEqualTo("accounts[0].position.quantty");
        assertThat(error.getMessage()).contains("unknown field \"quantty\"; did you mean \"quantity\"?");
    }

    @Test
    void unknownConfigSettingIsRefusedRatherThanLeftAtItsDefault() throws IOException {
        ScenarioException error = refused(VALID.replace("\"triggerRatio\": \"0.2\"", "\"trigerRatio\": \"0.2\""));

        assertThat(error.getMessage()).contains("accounts[0].config.trigerRatio: unknown field \"trigerRatio\";"
                + " did you mean \"triggerRatio\"?");
    }

    @Test
    void unknownPricePathTypeListsTheKnownOnes() throws IOException {
        ScenarioException error = refused(VALID.replace("\"type\": \"keyframes\"", "\"type\": \"random-walk\""));

        assertThat(error.getMessage()).contains("pricePath.type: unknown price path type \"random-walk\"",
                "Known types: \"keyframes\", \"jump-diffusion\", \"candles\"");
    }

    @Test
    void negativeKeyframePriceIsRefusedWhereItIsWritten() throws IOException {
        ScenarioException error = refused(VALID.replace("[10, \"54000\"]", "[10, \"-5\"]"));

        assertThat(error.getMessage()).endsWith("pricePath.points[1][1]: must be a positive number, got \"-5\"");
    }

    @Test
    void pricePathThatRoundsToZeroIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace(
                "{\"type\": \"keyframes\", \"points\": [[0, \"60000\"], [10, \"54000\"]]}",
                "{\"type\": \"keyframes\", \"tick\": \"0.1\", \"points\": [[0, \"60000\"], [9, \"60000\"], [10, \"0.04\"]]}"));

        assertThat(error.jsonPath()).isEqualTo("pricePath");
        assertThat(error.getMessage()).contains("the price reaches 0 at minute 10", "must stay positive");
    }

    @Test
    void jumpDiffusionNeedsASeed() throws IOException {
        ScenarioException error = refused(VALID.replace(
                "{\"type\": \"keyframes\", \"points\": [[0, \"60000\"], [10, \"54000\"]]}",
                "{\"type\": \"jump-diffusion\", \"start\": \"60000\", \"volatilityPerYear\": 0.8}"));

        assertThat(error.getMessage()).contains("pricePath.seed: is missing");
    }

    @Test
    void invalidJsonGivesTheLineAndColumn() throws IOException {
        ScenarioException error = refused("{\n  \"name\": \"tiny\",\n  \"minutes\": 10,,\n}");

        assertThat(error.getMessage()).contains("scenario.json: line 3, column 17: not valid JSON");
        assertThat(error.jsonPath()).isEmpty();
    }

    @Test
    void duplicateKeyIsInvalidJson() throws IOException {
        ScenarioException error = refused(VALID.replace("\"minutes\": 10,", "\"minutes\": 10, \"minutes\": 20,"));

        assertThat(error.getMessage()).contains("not valid JSON", "minutes");
    }

    @Test
    void accountThatStartsLiquidatedIsRefusedWithAWayOut() throws IOException {
        ScenarioException error = refused(VALID.replace("\"FUTURES\": \"5000\"", "\"FUTURES\": \"100\""));

        assertThat(error.jsonPath()).isEqualTo("accounts[1]");
        assertThat(error.getMessage()).contains("starts liquidated", "wallets.FUTURES");
    }

    @Test
    void targetAboveTriggerIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace("\"targetRatio\": \"0.05\"", "\"targetRatio\": \"0.5\""));

        assertThat(error.getMessage()).contains("accounts[0].config.targetRatio: targetRatio (0.5) must be below"
                + " triggerRatio (0.2)");
    }

    private static final String MOVES = "\"triggerRatio\": \"0.2\", \"targetRatio\": \"0.05\"";

    @Test
    void moveSettingsAndTheSideBySideSwitchAreRead() throws IOException {
        Scenario scenario = ScenarioLoader.load(write(VALID
                .replace("\"minutes\": 10,", "\"minutes\": 10, \"compare\": true,")
                .replace(MOVES, "\"triggerMovePercent\": \"3\", \"targetMovePercent\": 8, \"watchBandMovePercent\": \"6\","
                        + " \"pollIntervalSeconds\": 10")));

        assertThat(scenario.compare()).isTrue();
        MoveSettings moves = scenario.account("managed-1").moveSettings();
        assertThat(moves.triggerMove()).isEqualByComparingTo("0.03");
        assertThat(moves.targetMove()).isEqualByComparingTo("0.08");
        assertThat(moves.watchBandMovePercent()).isEqualByComparingTo("6");
        assertThat(moves.pollIntervalSeconds()).isEqualTo(10);
        assertThat(scenario.account("managed-1").effectiveConfig()).doesNotContainKeys("triggerRatio", "targetRatio");
        assertThat(ScenarioLoader.load(write(VALID)).compare()).isFalse();
    }

    @Test
    void aTriggerMoveWithoutATargetMoveIsRefusedByName() throws IOException {
        ScenarioException error = refused(VALID.replace(MOVES, "\"triggerMovePercent\": \"3\""));

        assertThat(error.getMessage()).contains("accounts[0].config.targetMovePercent: is missing");
    }

    @Test
    void aTargetMoveInsideTheTriggerMoveIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace(MOVES, "\"triggerMovePercent\": \"5\", \"targetMovePercent\": \"4\""));

        assertThat(error.getMessage()).contains("accounts[0].config.targetMovePercent: (4) must be above triggerMovePercent (5)");
    }

    @Test
    void aMoveOfAHundredPercentOrMoreIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace(MOVES, "\"triggerMovePercent\": \"3\", \"targetMovePercent\": \"100\""));

        assertThat(error.getMessage()).contains("accounts[0].config.targetMovePercent: must be a percentage above 0 and below 100");
    }

    @Test
    void aWatchBandInsideTheTriggerIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace(MOVES,
                "\"triggerMovePercent\": \"3\", \"targetMovePercent\": \"8\", \"watchBandMovePercent\": \"2\""));

        assertThat(error.getMessage()).contains("accounts[0].config.watchBandMovePercent: (2) must not be below");
    }

    @Test
    void isolatedPositionWithoutMarginOrLeverageIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace(", \"leverage\": 20", ""));

        assertThat(error.getMessage()).contains("accounts[0].position.isolatedMargin: is missing", "leverage");
    }

    @Test
    void duplicateAccountIdIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace("\"control-1\"", "\"managed-1\""));

        assertThat(error.getMessage()).contains("accounts[1].id: \"managed-1\" is used by an earlier account");
    }

    @Test
    void timeoutFaultNeedsADelay() throws IOException {
        ScenarioException error = refused(VALID.replace("\"LOSE_RESPONSE\"", "\"TIMEOUT\""));

        assertThat(error.getMessage()).contains("faults[0].delayMillis", "longer than the venue client's timeout");
    }

    @Test
    void faultEndingAfterTheScenarioIsRefused() throws IOException {
        ScenarioException error = refused(VALID.replace("\"toMinute\": 8", "\"toMinute\": 11"));

        assertThat(error.getMessage()).contains("faults[0].toMinute: must be a whole number of minutes from 2 to 10,"
                + " got 11");
    }

    @Test
    void tiersThatDoNotEndUnboundedAreRefused() throws IOException {
        ScenarioException error = refused(VALID.replace("{\"rate\": \"0.005\"}", "{\"upTo\": \"500000\", \"rate\": \"0.005\"}"));

        assertThat(error.getMessage()).contains("tiers: the last tier must have no upTo");
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        assertThat(refused("").getMessage()).contains("the file is empty");
    }

    @Test
    void unknownBuiltInSuggestsTheNearestName() {
        ScenarioException error = catchThrowableOfType(ScenarioException.class,
                () -> ScenarioLoader.builtIn("crash-31"));

        assertThat(error.getMessage()).startsWith("infra/scenarios/crash-31.json: no such built-in scenario;"
                + " did you mean \"crash-30\"?");
    }

    @Test
    void builtInNamesAreTheFilesOfInfraScenarios() {
        assertThat(ScenarioLoader.builtInNames()).contains("crash-30", "flash-wick", "slow-bleed", "random-jumps",
                "crash-30-faults");
        assertThat(ScenarioLoader.builtIn("crash-30").name()).isEqualTo("crash-30");
    }

    @Test
    void accountSeedsThePaperVenueWithItsWalletsAndPosition() throws IOException {
        Scenario scenario = ScenarioLoader.load(write(VALID));

        var seed = scenario.account("control-1").paperAccount("BTCUSDT", "key-1", "secret-1");

        assertThat(seed.apiKey()).isEqualTo("key-1");
        assertThat(seed.wallets().get(dev.margintopup.paper.Wallet.FUTURES).get("USDT")).isEqualByComparingTo("5000");
        assertThat(seed.positions()).singleElement().satisfies(p -> {
            assertThat(p.marginType()).isEqualTo(MarginType.CROSS);
            assertThat(p.quantity()).isEqualByComparingTo(BigDecimal.ONE);
            assertThat(p.tiers()).hasSize(2);
        });
    }

    // ---- a replayed candle file ----

    private static final String KEYFRAMES = "{\"type\": \"keyframes\", \"points\": [[0, \"60000\"], [10, \"54000\"]]}";

    /** OKX's answer, newest first, with a missing minute: minute 2 (00:02) is not in the file. */
    private static final String OKX_EXPORT = """
            {"code":"0","msg":"","data":[
              ["1740960180000","59100","59150","58200","58300","1","1","1","1"],
              ["1740960060000","59900","59950","59050","59100","1","1","1","1"],
              ["1740960000000","60000","60010","59890","59900","1","1","1","1"]]}""";

    /** VALID with {@code pricePath} replaced; its fault ends within the file's three minutes. */
    private static String withPath(String pricePath) {
        return VALID.replace(KEYFRAMES, pricePath).replace("\"toMinute\": 8", "\"toMinute\": 3");
    }

    private Path candles(String name, String text) throws IOException {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        return Files.writeString(exports.resolve(name), text);
    }

    @Test
    void candlePathReplaysTheFileRelativeToTheScenarioWithStartAndLengthFromIt() throws IOException {
        candles("okx.json", OKX_EXPORT);
        String json = withPath("{\"type\": \"candles\", \"file\": \"exports/okx.json\", \"format\": \"auto\"}")
                .replace("\"start\": \"2025-03-03T00:00:00Z\",", "").replace("\"minutes\": 10,", "");

        Scenario scenario = ScenarioLoader.load(write(json));

        assertThat(scenario.start()).isEqualTo(Instant.parse("2025-03-03T00:00:00Z"));
        assertThat(scenario.minutes()).isEqualTo(3);
        assertThat(scenario.path().tick()).isEqualByComparingTo("1");
        assertThat(scenario.path().priceAt(1)).isEqualByComparingTo("59100");
        // The missing minute is flat at the previous close.
        assertThat(scenario.candleAt(2).low()).isEqualByComparingTo("59100");
        assertThat(scenario.candleAt(3).low()).isEqualByComparingTo("58200");
        assertThat(scenario.candleAt(3).openTime()).isEqualTo(Instant.parse("2025-03-03T00:03:00Z"));
    }

    @Test
    void candleFileWithABadRowIsRefusedNamingTheScenarioFieldTheFileTheRowAndTheColumn() throws IOException {
        Path export = candles("okx.json", OKX_EXPORT.replace("\"59950\"", "\"n/a\""));

        ScenarioException error = refused(withPath("{\"type\": \"candles\", \"file\": \"exports/okx.json\"}"));

        assertThat(error.jsonPath()).isEqualTo("pricePath.file");
        assertThat(error.getMessage()).endsWith("pricePath.file: " + export + ": row 2, column 3 (high): not a decimal"
                + " number, got \"n/a\"");
    }

    @Test
    void missingCandleFileOrUnknownFormatIsRefused() throws IOException {
        candles("okx.json", OKX_EXPORT);

        assertThat(refused(withPath("{\"type\": \"candles\", \"file\": \"nowhere.csv\"}"))
                .getMessage()).contains("pricePath.file: no such file", "relative to the scenario file");
        assertThat(refused(withPath(
                "{\"type\": \"candles\", \"file\": \"exports/okx.json\", \"format\": \"csv\"}")).getMessage())
                .contains("pricePath.format:", "\"auto\", \"binance-usdm\", \"bybit-v5\", \"okx-v5\"");
        assertThat(refused(withPath(
                "{\"type\": \"candles\", \"file\": \"exports/okx.json\", \"points\": []}")).getMessage())
                .contains("pricePath.points");
    }
}
