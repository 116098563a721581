package dev.margintopup.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * One line of an account's append-only history: every decision and every intent transition.
 * Details are plain strings so the trail reads the same in the console, in exports and in tests;
 * they never hold a key or a secret (only ids, amounts, ratios and reasons).
 */
public record AuditEntry(String accountId, Instant at, String kind, String intentId, Map<String, String> details) {}
