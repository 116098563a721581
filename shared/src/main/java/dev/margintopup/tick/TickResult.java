package dev.margintopup.tick;

import java.time.Instant;
import java.util.List;

/**
 * What one tick did, as the tick function returns it.
 *
 * @param scheduledTime the minute the checks were handed on for (their check ids' time)
 * @param accounts items read from the Accounts table
 * @param queued checks the checker accepted, once each
 * @param notDue valid, enabled accounts whose cadence skips this minute
 * @param disabled valid accounts with {@code enabled} false
 * @param retries invoke attempts beyond each account's first
 * @param invalid items skipped because validation refused them, each with every bad field
 * @param failed due accounts whose check was not queued, with the last cause
 * @param millis how long the tick took, table read included
 */
public record TickResult(Instant scheduledTime, int accounts, int queued, int notDue, int disabled, int retries,
        List<Skipped> invalid, List<Skipped> failed, long millis) {

    public TickResult {
        invalid = List.copyOf(invalid);
        failed = List.copyOf(failed);
    }

    /** An account the tick handed no check for this minute, and why. */
    public record Skipped(String accountId, String reason) {}
}
