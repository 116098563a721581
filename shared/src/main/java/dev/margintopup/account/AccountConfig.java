package dev.margintopup.account;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * One managed account, as validated from its item in the Accounts table.
 *
 * <p>Only {@link AccountValidator} builds these, so every instance satisfies the invariants
 * (0 &lt; target &lt; trigger &lt; 1, caps &gt; 0, minimum &le; per-transfer cap, ...).
 *
 * @param symbol the isolated position's symbol; {@code null} in cross mode
 * @param venueEndpoint base URL override (paper venue, testnets); {@code null} for the venue's default
 */
public record AccountConfig(
        String accountId,
        String venue,
        MarginMode marginMode,
        String symbol,
        String asset,
        String sourceWallet,
        BigDecimal triggerRatio,
        BigDecimal targetRatio,
        BigDecimal maxTransfer,
        BigDecimal dailyCap,
        BigDecimal minTransfer,
        Duration cooldown,
        int checkRateMinutes,
        String readSecretId,
        String transferSecretId,
        boolean enabled,
        boolean dryRun,
        String venueEndpoint) {

    /** One API key for reading and transferring is allowed, but the account's status flags it. */
    public boolean sharesOneKey() {
        return readSecretId.equals(transferSecretId);
    }
}
