package dev.margintopup.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * One managed account, as validated from its item in the Accounts table.
 *
 * <p>Only {@link AccountValidator} builds these, so every instance satisfies the invariants
 * (0 &lt; target &lt; trigger &lt; 1, caps &gt; 0, minimum &le; per-transfer cap, ...).
 *
 * <p>Protection is given as a ratio pair, as moves, or both: at least one form is complete.
 *
 * @param symbol the isolated position's symbol; {@code null} in cross mode
 * @param triggerRatio {@code null} only when the account is protected by moves alone
 * @param targetRatio {@code null} exactly when {@code triggerRatio} is
 * @param venueEndpoint base URL override (paper venue, testnets); {@code null} for the venue's default
 * @param moves the move-based settings; {@code null} when the account is protected by the ratio pair alone
 * @param readSecretId the secret holding the read key: the account's own, or the deployment's read-keys secret
 * @param transferSecretId the secret holding the transfer key: the account's own, or the deployment's transfer-keys secret
 * @param readKeyName the read key's entry in the shared read-keys secret; {@code null} for a secret of its own
 * @param transferKeyName the transfer key's entry in the shared transfer-keys secret; {@code null} for a secret of its own
 * @param sourceWallet the first source's wallet
 * @param sources the wallets top-ups draw from, in order; never empty, the first one's wallet is {@code sourceWallet}
 * @param rescueMovePercent the adverse move (percent) the position must be able to absorb with its margin plus
 *     all its sources may still give; below it {@code RescueCapacityLow} is published. {@code null}: not watched
 * @param sweep when and how much excess margin goes back to the sources; {@code null}: never swept (the default)
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
        String venueEndpoint,
        MoveSettings moves,
        String readKeyName,
        String transferKeyName,
        List<Source> sources,
        BigDecimal rescueMovePercent,
        SweepSettings sweep) {

    public AccountConfig {
        sources = sources == null || sources.isEmpty() ? List.of(Source.only(sourceWallet)) : List.copyOf(sources);
        if (!sources.getFirst().wallet().equals(sourceWallet)) {
            throw new IllegalArgumentException("sourceWallet is the first source's wallet");
        }
        if ((triggerRatio == null) != (targetRatio == null)) {
            throw new IllegalArgumentException("triggerRatio and targetRatio come as a pair");
        }
        if (triggerRatio == null && moves == null) {
            throw new IllegalArgumentException("an account needs the ratio pair, the move settings, or both");
        }
        if (sweep != null && sweep.toRatio() == null && (triggerRatio != null || moves == null)) {
            throw new IllegalArgumentException("only an account protected by moves alone sweeps without a ratio");
        }
        if (sweep != null && sweep.toRatio() != null
                && (triggerRatio == null || sweep.toRatio().compareTo(targetRatio) > 0)) {
            throw new IllegalArgumentException("a sweep leaves the account at or below its target ratio");
        }
    }

    /** An account that never sweeps excess margin back, as every account did before sweep-back. */
    public AccountConfig(String accountId, String venue, MarginMode marginMode, String symbol, String asset,
            String sourceWallet, BigDecimal triggerRatio, BigDecimal targetRatio, BigDecimal maxTransfer,
            BigDecimal dailyCap, BigDecimal minTransfer, Duration cooldown, int checkRateMinutes, String readSecretId,
            String transferSecretId, boolean enabled, boolean dryRun, String venueEndpoint, MoveSettings moves,
            String readKeyName, String transferKeyName, List<Source> sources, BigDecimal rescueMovePercent) {
        this(accountId, venue, marginMode, symbol, asset, sourceWallet, triggerRatio, targetRatio, maxTransfer,
                dailyCap, minTransfer, cooldown, checkRateMinutes, readSecretId, transferSecretId, enabled, dryRun,
                venueEndpoint, moves, readKeyName, transferKeyName, sources, rescueMovePercent, null);
    }

    /** An account that draws from its one {@code sourceWallet} without a rescue move, as before ordered sources. */
    public AccountConfig(String accountId, String venue, MarginMode marginMode, String symbol, String asset,
            String sourceWallet, BigDecimal triggerRatio, BigDecimal targetRatio, BigDecimal maxTransfer,
            BigDecimal dailyCap, BigDecimal minTransfer, Duration cooldown, int checkRateMinutes, String readSecretId,
            String transferSecretId, boolean enabled, boolean dryRun, String venueEndpoint, MoveSettings moves,
            String readKeyName, String transferKeyName) {
        this(accountId, venue, marginMode, symbol, asset, sourceWallet, triggerRatio, targetRatio, maxTransfer,
                dailyCap, minTransfer, cooldown, checkRateMinutes, readSecretId, transferSecretId, enabled, dryRun,
                venueEndpoint, moves, readKeyName, transferKeyName, null, null);
    }

    /** An account whose keys are secrets of its own (no shared key names). */
    public AccountConfig(String accountId, String venue, MarginMode marginMode, String symbol, String asset,
            String sourceWallet, BigDecimal triggerRatio, BigDecimal targetRatio, BigDecimal maxTransfer,
            BigDecimal dailyCap, BigDecimal minTransfer, Duration cooldown, int checkRateMinutes, String readSecretId,
            String transferSecretId, boolean enabled, boolean dryRun, String venueEndpoint, MoveSettings moves) {
        this(accountId, venue, marginMode, symbol, asset, sourceWallet, triggerRatio, targetRatio, maxTransfer,
                dailyCap, minTransfer, cooldown, checkRateMinutes, readSecretId, transferSecretId, enabled, dryRun,
                venueEndpoint, moves, null, null);
    }

    /** An account protected by the ratio pair alone, as every account was before move settings. */
    public AccountConfig(String accountId, String venue, MarginMode marginMode, String symbol, String asset,
            String sourceWallet, BigDecimal triggerRatio, BigDecimal targetRatio, BigDecimal maxTransfer,
            BigDecimal dailyCap, BigDecimal minTransfer, Duration cooldown, int checkRateMinutes, String readSecretId,
            String transferSecretId, boolean enabled, boolean dryRun, String venueEndpoint) {
        this(accountId, venue, marginMode, symbol, asset, sourceWallet, triggerRatio, targetRatio, maxTransfer,
                dailyCap, minTransfer, cooldown, checkRateMinutes, readSecretId, transferSecretId, enabled, dryRun,
                venueEndpoint, null);
    }

    /** Whether the account gives a ratio trigger and target. */
    public boolean hasRatioSettings() {
        return triggerRatio != null;
    }

    /** One API key for reading and transferring is allowed, but the account's status flags it. */
    public boolean sharesOneKey() {
        return readSecretId.equals(transferSecretId) && java.util.Objects.equals(readKeyName, transferKeyName);
    }

    /** Where the checker finds the read key. */
    public KeyRef readKey() {
        return new KeyRef(readSecretId, readKeyName,
                readKeyName == null ? AccountValidator.READ_SECRET_ID : AccountValidator.READ_KEY_NAME);
    }

    /** Where the transfer function finds the transfer key. */
    public KeyRef transferKey() {
        return new KeyRef(transferSecretId, transferKeyName,
                transferKeyName == null ? AccountValidator.TRANSFER_SECRET_ID : AccountValidator.TRANSFER_KEY_NAME);
    }
}
