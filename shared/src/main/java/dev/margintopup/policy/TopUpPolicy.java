package dev.margintopup.policy;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.Decision.Alert;
import dev.margintopup.policy.Decision.Limit;
import dev.margintopup.policy.Decision.NoAction;
import dev.margintopup.policy.Decision.TopUp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Decides, for one check of one account, whether to move margin and how much.
 *
 * <p>The amount is what brings the margin ratio down to the target, rounded up to the venue's
 * step, then held back by the per-transfer cap, what is left of the daily cap and the source
 * wallet's free balance, each rounded down to the step so that no cap is ever exceeded. Two
 * guards against over-collateralising: nothing moves while the ratio is below the trigger, and
 * never more than the target needs.
 */
public final class TopUpPolicy {

    private TopUpPolicy() {}

    /**
     * @param usedToday what has already moved into this account today, against its daily cap
     * @param intentOpen whether a top-up for this account is in flight (created, not yet settled)
     */
    public static Decision decide(
            MarginSnapshot snapshot, AccountConfig account, BigDecimal usedToday, boolean intentOpen) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(usedToday, "usedToday");

        BigDecimal ratio = snapshot.marginRatio();
        if (ratio.compareTo(account.triggerRatio()) < 0) {
            return new NoAction(ratio, "below trigger");
        }
        if (intentOpen) {
            // A second transfer now could land on top of the first and overshoot the target.
            return new NoAction(ratio, "a top-up is already in flight");
        }
        BigDecimal maintenance = snapshot.maintenanceMargin();
        if (maintenance.signum() == 0) {
            return new NoAction(ratio, "no maintenance margin: nothing to protect");
        }

        String asset = snapshot.asset();
        BigDecimal step = snapshot.transferStep();
        BigDecimal needed = amountToReach(account.targetRatio(), snapshot);
        if (needed.signum() <= 0) {
            return new NoAction(ratio, "already at or below target " + plain(account.targetRatio()));
        }
        if (needed.compareTo(account.minTransfer()) < 0) {
            return new NoAction(ratio, "needed " + plain(needed) + " " + asset
                    + " is below the minimum transfer " + plain(account.minTransfer()) + " " + asset);
        }

        BigDecimal dailyLeft = atLeastZero(account.dailyCap().subtract(usedToday));
        BigDecimal sourceFree = atLeastZero(snapshot.sourceFree());

        // The tightest limit below what is needed binds; ties go to the first in this order.
        Limit binding = null;
        BigDecimal bound = needed;
        if (account.maxTransfer().compareTo(bound) < 0) {
            binding = Limit.PER_TRANSFER_CAP;
            bound = account.maxTransfer();
        }
        if (dailyLeft.compareTo(bound) < 0) {
            binding = Limit.DAILY_CAP;
            bound = dailyLeft;
        }
        if (sourceFree.compareTo(bound) < 0) {
            binding = Limit.SOURCE_BALANCE;
            bound = sourceFree;
        }
        BigDecimal amount = binding == null ? needed : roundDown(bound, step);

        if (amount.signum() == 0 || amount.compareTo(account.minTransfer()) < 0) {
            // Only a limit can get here: an unlimited amount is the need, already checked above.
            String why = switch (binding) {
                case PER_TRANSFER_CAP -> "per-transfer cap " + plain(account.maxTransfer()) + " " + asset
                        + " allows no transfer of at least the minimum " + plain(account.minTransfer())
                        + " " + asset + " in steps of " + plain(step);
                case DAILY_CAP -> (dailyLeft.signum() == 0 ? "daily cap reached: " : "daily cap nearly reached: ")
                        + plain(usedToday) + " of " + plain(account.dailyCap()) + " " + asset + " used today";
                case SOURCE_BALANCE -> "source wallet " + account.sourceWallet() + " has "
                        + plain(snapshot.sourceFree()) + " " + asset + " free";
            };
            return new Alert(ratio, binding, why + "; " + plain(needed) + " " + asset
                    + " needed to bring margin ratio " + plain(ratio) + " down to target "
                    + plain(account.targetRatio()));
        }
        return new TopUp(ratio, amount, ratioAfter(snapshot, amount), binding);
    }

    /**
     * maintenance ÷ target − margin balance, rounded up to the step. The division is rounded up
     * on a grid fine enough to hold both the step and the balance, so the result equals the exact
     * quotient rounded up to the step.
     */
    private static BigDecimal amountToReach(BigDecimal target, MarginSnapshot snapshot) {
        BigDecimal step = snapshot.transferStep();
        int scale = Math.max(step.scale(), snapshot.marginBalance().scale());
        BigDecimal balanceAtTarget = snapshot.maintenanceMargin().divide(target, scale, RoundingMode.CEILING);
        return roundUp(balanceAtTarget.subtract(snapshot.marginBalance()), step);
    }

    private static BigDecimal ratioAfter(MarginSnapshot snapshot, BigDecimal amount) {
        BigDecimal balance = snapshot.marginBalance().add(amount);
        if (balance.signum() <= 0) {
            return MarginSnapshot.LIQUIDATED_RATIO;
        }
        return snapshot.maintenanceMargin().divide(balance, MarginSnapshot.RATIO_MATH);
    }

    private static BigDecimal roundUp(BigDecimal value, BigDecimal step) {
        return value.divide(step, 0, RoundingMode.CEILING).multiply(step);
    }

    private static BigDecimal roundDown(BigDecimal value, BigDecimal step) {
        return value.divide(step, 0, RoundingMode.FLOOR).multiply(step);
    }

    private static BigDecimal atLeastZero(BigDecimal value) {
        return value.signum() < 0 ? BigDecimal.ZERO : value;
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
