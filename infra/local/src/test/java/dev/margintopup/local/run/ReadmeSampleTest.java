package dev.margintopup.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.local.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's sample output is what the default run prints (infra/bin/refresh-readme-sample rewrites it from one):
 * the default scenario's symbol, accounts and minutes, and its summary — its shape, not its numbers.
 */
class ReadmeSampleTest {

    private static final String BEGIN = "<!-- sample output of infra/bin/run: begin";
    private static final String END = "<!-- sample output of infra/bin/run: end -->";

    @Test
    void the_readme_sample_is_the_default_scenario_as_the_run_prints_it() throws IOException {
        Scenario scenario = ScenarioLoader.builtIn(LocalRun.DEFAULT_SCENARIO);
        List<String> sample = sample();

        String header = sample.getFirst();
        assertThat(header).startsWith("minute").contains(scenario.symbol());
        for (ScenarioAccount account : scenario.accounts()) {
            assertThat(header).contains(ProgressPrinter.columnTitle(account.id(), account.managed()));
        }
        Pattern minuteLine = Pattern.compile("^ *\\d+/" + scenario.minutes() + " +\\d+\\.\\d{2}( │.*){"
                + scenario.accounts().size() + "}$");
        List<String> minutes = sample.stream().skip(1).takeWhile(line -> !line.isBlank()).toList();
        assertThat(minutes).hasSizeBetween(5, 7).allSatisfy(line -> assertThat(line).matches(minuteLine));
        assertThat(String.join("\n", minutes)).as("the minutes around the control's liquidation")
                .contains("LIQUIDATED", "▲ +", "(would +");

        List<String> summary = sample.subList(minutes.size() + 2, sample.size());
        assertThat(summary.getFirst()).startsWith(scenario.name() + " · " + scenario.symbol() + " · ");
        for (ScenarioAccount account : scenario.accounts()) {
            assertThat(summary).anySatisfy(line -> assertThat(line).startsWith("│ " + account.id() + " "));
        }
        assertThat(summary).anySatisfy(line -> assertThat(line).startsWith("Top-ups kept "));
    }

    /** The lines of the fenced block between the README's sample markers. */
    private static List<String> sample() throws IOException {
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the sample markers").isNotNegative().isLessThan(end);
        String block = readme.substring(readme.indexOf('\n', begin) + 1, end).strip();
        assertThat(block).startsWith("```").endsWith("```");
        return block.substring(3, block.length() - 3).strip().lines().toList();
    }

    private static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml"))) {
                return p.resolve("README.md");
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
