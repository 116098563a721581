package dev.margintopup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.account.AccountValidator;
import dev.margintopup.account.Validation;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The input schedule-sync writes is, once Scheduler fills in the time, what the checker reads. */
class ScheduleInputTest {

    private static final AccountValidator VALIDATOR = new AccountValidator("margin-topup", Set.of("paper"));

    @Test
    void the_schedule_input_reads_back_as_a_check_request_whose_account_validates_to_the_same_config() {
        AccountConfig config = valid(item());
        String input = ScheduleSync.checkInput(config)
                .replace(CheckRequest.SCHEDULED_TIME_PLACEHOLDER, "2026-11-24T21:00:00Z");

        CheckRequest request = Json.decode(Json.read(input), CheckRequest.class, "the scheduled check");

        assertThat(request.accountId()).isEqualTo("desk-btc-cross");
        assertThat(request.scheduledTime()).isEqualTo(Instant.parse("2026-11-24T21:00:00Z"));
        // The same values; a number's scale may differ (5000.50 would read back as 5000.5).
        assertThat(request.account().attributes()).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(AccountItem.of(config).attributes());
        assertThat(valid(request.account().attributes())).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(config);
    }

    @Test
    void the_schedule_input_carries_only_what_the_checker_reads() {
        String input = ScheduleSync.checkInput(valid(item()));

        assertThat(Json.read(input).properties()).extracting(Map.Entry::getKey)
                .containsExactly(CheckRequest.ACCOUNT_ID, CheckRequest.SCHEDULED_TIME, CheckRequest.ACCOUNT);
    }

    private static AccountConfig valid(Map<String, Object> item) {
        return ((Validation.Valid) VALIDATOR.validate(item)).config();
    }

    /** The account embedded in the example scheduled check. */
    private static Map<String, Object> item() {
        try (InputStream in = Files.newInputStream(Path.of("..", "events", "checker-scheduled.json"))) {
            return AccountItem.fromJson(Json.read(in).get(CheckRequest.ACCOUNT)).attributes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
