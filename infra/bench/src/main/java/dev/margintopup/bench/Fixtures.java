package dev.margintopup.bench;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.json.Json;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.venue.connect.VenueFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What the benchmarks feed the code: the example Scheduler input of events/, the account it
 * carries, and two snapshots of that account — one far from its trigger, one past it.
 */
final class Fixtures {

    /** The secret prefix of template.yaml's default; the example account's secret ids live under it. */
    static final String SECRET_PREFIX = "margin-topup";
    static final String CHECK_EVENT = "events/checker-scheduled.json";

    private Fixtures() {}

    static AccountValidator validator() {
        return new AccountValidator(SECRET_PREFIX, VenueFactory.supportedVenues());
    }

    /** The Scheduler input a check receives, byte for byte as the example event holds it. */
    static byte[] checkEvent() {
        try {
            return Files.readAllBytes(repositoryRoot().resolve(CHECK_EVENT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CHECK_EVENT, e);
        }
    }

    /** The account embedded in the example event, as the plain item validation reads. */
    static Map<String, Object> accountItem() {
        return AccountItem.fromJson(Json.read(new ByteArrayInputStream(checkEvent())).get("account")).attributes();
    }

    static AccountConfig account() {
        return switch (validator().validate(accountItem())) {
            case Validation.Valid valid -> valid.config();
            case Validation.Invalid invalid -> throw new IllegalStateException(
                    "the example account in " + CHECK_EVENT + " is invalid: " + invalid.problems());
        };
    }

    /** Margin ratio 0.05 against a 0.2 trigger: the everyday no-op check. */
    static MarginSnapshot healthy() {
        return snapshot("10000", "500");
    }

    /** Margin ratio 0.25 against a 0.2 trigger: a top-up to the 0.08 target, within every cap. */
    static MarginSnapshot breached() {
        return snapshot("2000", "500");
    }

    private static MarginSnapshot snapshot(String marginBalance, String maintenance) {
        return new MarginSnapshot("paper", Instant.parse("2026-11-24T21:00:00Z"), "USDT",
                new BigDecimal(marginBalance), new BigDecimal(maintenance), new BigDecimal("10000"),
                new BigDecimal("0.01"), new BigDecimal("50000"), new BigDecimal("45500"));
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no template.yaml in " + dir + " or above; run from the margin-topup repository");
    }
}
