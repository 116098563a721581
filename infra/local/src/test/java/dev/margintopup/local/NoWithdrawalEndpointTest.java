package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The product only moves money between wallets of the same owner. No code that ships, and no
 * server that stands in for a venue, may name a withdrawal endpoint (or, on Hyperliquid, an action
 * that sends money off the account): this fails the build if one appears anywhere under a
 * module's src/main.
 */
class NoWithdrawalEndpointTest {

    /** A string literal that looks like a URL path and mentions withdrawing. */
    private static final Pattern WITHDRAWAL_PATH = Pattern.compile("\"([^\"\\n]*/[^\"\\n]*)\"");
    private static final Pattern WITHDRAW = Pattern.compile("(?i)withdraw");
    /** Any string literal. */
    private static final Pattern LITERAL = Pattern.compile("\"([^\"\\n]*)\"");
    /**
     * Hyperliquid has no withdrawal paths: it has actions, named by their type, that send money off
     * the account (to the bridge, to another address). Naming one anywhere is as bad as a path.
     */
    private static final Pattern SENDING_ACTION = Pattern.compile("withdraw\\d+|usdSend|spotSend|sendAsset");

    @Test
    void no_source_file_names_a_withdrawal_endpoint() {
        List<String> found = new ArrayList<>();
        List<Path> scanned = mainSources();
        for (Path file : scanned) {
            found.addAll(withdrawalPaths(file));
        }
        assertThat(scanned).as("the scan must see the venue adapters").anyMatch(p -> p.toString().contains("/venue/"));
        assertThat(found).as("withdrawal endpoints in shipped code (money may only move between the owner's wallets)")
                .isEmpty();
    }

    @Test
    void the_scan_recognises_the_venues_withdrawal_endpoints() {
        for (String path : List.of("/sapi/v1/capital/withdraw/apply", "/v5/asset/withdraw/create",
                "/api/v5/asset/withdrawal", "private/withdraw")) {
            assertThat(matches("String p = \"" + path + "\";")).as(path).isNotEmpty();
        }
        for (String action : List.of("withdraw3", "usdSend", "spotSend", "sendAsset")) {
            assertThat(matches("action.put(\"type\", \"" + action + "\");")).as(action).isNotEmpty();
        }
        assertThat(matches("action.put(\"type\", \"usdClassTransfer\");")).isEmpty();
        // A key permission named after withdrawing (OKX's perm) is not an action either.
        assertThat(matches("perms.contains(\"withdraw\")")).isEmpty();
        assertThat(matches("\"/v5/asset/transfer/inter-transfer\"")).isEmpty();
        // A field a venue returns about a key (Binance's enableWithdrawals) is not an endpoint.
        assertThat(matches("node.get(\"enableWithdrawals\")")).isEmpty();
    }

    private static List<Path> mainSources() {
        Path root = Repository.root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.venv/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".json"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> withdrawalPaths(Path file) {
        try {
            return matches(Files.readString(file)).stream().map(m -> file + ": " + m).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> matches(String source) {
        List<String> hits = new ArrayList<>();
        Matcher literal = WITHDRAWAL_PATH.matcher(source);
        while (literal.find()) {
            if (WITHDRAW.matcher(literal.group(1)).find()) {
                hits.add(literal.group(1));
            }
        }
        Matcher any = LITERAL.matcher(source);
        while (any.find()) {
            if (SENDING_ACTION.matcher(any.group(1)).matches()) {
                hits.add(any.group(1));
            }
        }
        return hits;
    }
}
