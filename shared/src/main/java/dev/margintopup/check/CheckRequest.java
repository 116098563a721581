package dev.margintopup.check;

import java.time.Instant;
import java.util.Map;

/**
 * One scheduled check, as the account's schedule delivers it: the account id, the time
 * Scheduler filled in, and the account config that schedule-sync validated and embedded.
 */
public record CheckRequest(String accountId, Instant scheduledTime, Map<String, Object> account) {}
