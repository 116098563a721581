package dev.margintopup.policy;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.SweepSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Decides how much excess margin a calm account sends back to its source (decision 0027). Pure:
 * the ledger supplies what was topped up within the look-back and what was swept today.
 *
 * <p>The excess is what the balance holds above the margin the sweep's ratio needs (and, with move
 * settings, above what survives the target move), rounded down to the venue's step: what is left
 * keeps the ratio at or below the sweep ratio, itself at most the target, so a sweep never takes the
 * account back towards its trigger. An isolated position's sweep is a reduce of its own margin: the
 * excess is counted on that margin, and what it keeps is also never below what the venue lets it keep
 * ({@link MarginSnapshot#marginToKeep}); where the snapshot does not say, nothing is swept
 * (decision 0029).
 */
public final class SweepPolicy {

    private SweepPolicy() {}

    /**
     * Whether this reading restarts the sweep's clock: at or above the sweep ratio, or, with move
     * settings, surviving no more than the target move. A sweep waits until no check has been here for
     * {@link SweepSettings#after()}, so whipsaw around the target never churns.
     */
    public static boolean insideBand(MarginSnapshot snapshot, AccountConfig account) {
        SweepSettings sweep = account.sweep();
        if (sweep.toRatio() != null && snapshot.marginRatio().compareTo(sweep.toRatio()) >= 0) {
            return true;
        }
        if (account.moves() != null && !MoveProtection.measurable(snapshot)) {
            // Moves alone and no positions to measure them on: calm cannot be told, so the clock restarts.
            return sweep.toRatio() == null;
        }
        return account.moves() != null
                && MoveProtection.survivableMove(snapshot).compareTo(account.moves().targetMove()) <= 0;
    }

    /**
     * The margin above what the sweep ratio (and the target move, and for an isolated position the
     * venue's own floor) needs, rounded down to the step; never negative. An account protected by moves
     * alone keeps what survives its target move, which lies beyond its trigger move (decision 0030);
     * without positions to measure that on, nothing is excess.
     */
    public static BigDecimal excess(MarginSnapshot snapshot, AccountConfig account) {
        BigDecimal step = snapshot.transferStep();
        int scale = Math.max(step.scale(), snapshot.marginBalance().scale());
        BigDecimal toRatio = account.sweep().toRatio();
        if (toRatio == null && !MoveProtection.measurable(snapshot)) {
            return BigDecimal.ZERO;
        }
        BigDecimal kept = toRatio == null ? BigDecimal.ZERO
                : snapshot.maintenanceMargin().divide(toRatio, scale, RoundingMode.CEILING);
        if (account.moves() != null && MoveProtection.measurable(snapshot)) {
            kept = kept.max(MoveProtection.marginToSurvive(snapshot, account.moves().targetMove()));
        }
        if (account.marginMode() == MarginMode.ISOLATED) {
            if (snapshot.marginToKeep() == null) {
                // A reduce the venue would refuse must never be decided, and its rule is not known here.
                return BigDecimal.ZERO;
            }
            kept = kept.max(snapshot.marginToKeep());
        }
        BigDecimal excess = snapshot.marginBalance().subtract(kept);
        return excess.signum() <= 0 ? BigDecimal.ZERO : excess.divide(step, 0, RoundingMode.FLOOR).multiply(step);
    }

    /**
     * @param sweepable what was topped up within the look-back and not yet swept back, all sources together
     * @param sweptToday what was swept back today, against the sweep's daily cap
     */
    public static SweepDecision decide(MarginSnapshot snapshot, AccountConfig account, BigDecimal sweepable,
            BigDecimal sweptToday) {
        BigDecimal ratio = snapshot.marginRatio();
        String to = account.sourceWallet();
        String asset = snapshot.asset();
        BigDecimal excess = excess(snapshot, account);
        BigDecimal dayLeft = account.sweep().dailyCap().subtract(sweptToday).max(BigDecimal.ZERO);
        BigDecimal amount = excess;
        String bound = account.sweep().toRatio() != null
                ? "the excess above ratio " + account.sweep().toRatio().toPlainString()
                : "the excess above what survives a " + account.moves().targetMovePercent().toPlainString() + " % move";
        if (account.marginMode() == MarginMode.ISOLATED) {
            bound = snapshot.marginToKeep() == null
                    ? "the venue's floor for reducing the position's margin, which its snapshot does not give,"
                    : bound + " and the " + snapshot.marginToKeep().toPlainString() + " " + asset
                            + " the venue keeps in the position";
        }
        if (sweepable.compareTo(amount) < 0) {
            amount = sweepable.max(BigDecimal.ZERO);
            bound = "what was topped up in the last " + account.sweep().lookbackDays() + " days and not swept back";
        }
        if (dayLeft.compareTo(amount) < 0) {
            amount = dayLeft;
            bound = "the sweep's daily cap";
        }
        if (account.maxTransfer().compareTo(amount) < 0) {
            amount = account.maxTransfer();
            bound = "the per-transfer cap";
        }
        BigDecimal step = snapshot.transferStep();
        amount = amount.divide(step, 0, RoundingMode.FLOOR).multiply(step);
        if (amount.signum() == 0 || amount.compareTo(account.minTransfer()) < 0) {
            return new SweepDecision(ratio, BigDecimal.ZERO, ratio, to, "nothing to sweep: " + bound + " allows "
                    + amount.toPlainString() + " " + asset + ", below the minimum transfer "
                    + account.minTransfer().toPlainString());
        }
        BigDecimal balance = snapshot.marginBalance().subtract(amount);
        BigDecimal after = snapshot.maintenanceMargin().divide(balance, MarginSnapshot.RATIO_MATH);
        return new SweepDecision(ratio, amount, after, to, "limited by " + bound);
    }
}
