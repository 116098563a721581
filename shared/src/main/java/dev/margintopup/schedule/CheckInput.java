package dev.margintopup.schedule;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.AccountItem;
import dev.margintopup.check.CheckRequest;
import dev.margintopup.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checker's input for one account: a {@link CheckRequest} of the validated account item. Both
 * triggers build it here, so the checker cannot tell them apart: schedule-sync writes it into the
 * account's schedule with Scheduler's placeholder for the time, the tick sends it with the minute
 * it runs for. That time is what the check id, and so de-duplication, is built from.
 */
public final class CheckInput {

    private CheckInput() {}

    /** What an account's Scheduler schedule carries; Scheduler fills in the time at each invocation. */
    public static String forSchedule(AccountConfig config) {
        return build(config, CheckRequest.SCHEDULED_TIME_PLACEHOLDER);
    }

    /** What the tick sends for the check scheduled at {@code scheduledTime}. */
    public static String at(AccountConfig config, Instant scheduledTime) {
        return build(config, scheduledTime.toString());
    }

    private static String build(AccountConfig config, String scheduledTime) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(CheckRequest.ACCOUNT_ID, config.accountId());
        input.put(CheckRequest.SCHEDULED_TIME, scheduledTime);
        input.put(CheckRequest.ACCOUNT, AccountItem.of(config));
        return Json.write(input);
    }
}
