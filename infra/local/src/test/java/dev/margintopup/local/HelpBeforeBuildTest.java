package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scripts answer {@code --help} from a text file before anything is built; the Java command prints
 * the same file. A script pointing at a moved or renamed file would fail only on a fresh clone, so
 * each script's path is checked here against the text its command prints.
 */
class HelpBeforeBuildTest {

    private static final Pattern HELP_FILE = Pattern.compile("answer_help_from (\\S+) \"\\$@\"");

    @ParameterizedTest
    @CsvSource({
        "infra/bin/run, dev.margintopup.local.run.LocalRun, usage.txt",
        "infra/bin/validate, dev.margintopup.local.ValidateItems, validate-usage.txt",
    })
    void the_script_prints_the_help_its_command_prints(String script, String command, String resource)
            throws Exception {
        Path file = helpFileOf(script);

        assertThat(Files.readString(file)).startsWith("usage: " + script)
                .isEqualTo(UsageText.of(Class.forName(command), resource));
    }

    @ParameterizedTest
    @CsvSource({"infra/bin/simulate"})
    void the_script_answers_help_from_a_file_that_exists(String script) throws IOException {
        assertThat(Files.readString(helpFileOf(script))).contains(script).contains("--help");
    }

    private static Path helpFileOf(String script) throws IOException {
        Matcher m = HELP_FILE.matcher(Files.readString(Repository.root().resolve(script)));
        assertThat(m.find()).as("%s answers --help with answer_help_from FILE \"$@\"", script).isTrue();
        return Repository.root().resolve(m.group(1));
    }
}
