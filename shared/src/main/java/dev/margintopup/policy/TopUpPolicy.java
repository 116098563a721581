package dev.margintopup.policy;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MoveSettings;
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
 * <p>An account is protected by a ratio pair, by moves, or by both. The ratio pair triggers when
 * the margin ratio reaches {@code triggerRatio} and needs what brings the ratio down to
 * {@code targetRatio}. The moves trigger when the account survives no more than
 * {@code triggerMovePercent} of adverse move and need what makes it survive {@code targetMovePercent},
 * bought in steps while the account is watched closely ({@link MoveProtection}, {@link #STEP_SHARE});
 * recent volatility can widen both ({@link VolatilityBuffer}). With both
 * forms, either triggers and the larger need is the amount. Where the venue reports no positions,
 * the ratio pair decides alone; an account with moves alone is then reported at risk.
 *
 * <p>The amount needed is rounded up to the venue's step, then held back by the per-transfer cap,
 * what is left of the daily cap and the source wallet's free balance, each rounded down to the
 * step so that no cap is ever exceeded. Two guards against over-collateralising: nothing moves
 * while the account is not inside a trigger, and never more than the target needs.
 */
public final class TopUpPolicy {

    /**
     * The share of the configured gap between trigger and target one top-up buys at least above
     * the widened trigger while the account is watched closely (decision 0031).
     */
    public static final BigDecimal STEP_SHARE = new BigDecimal("0.5");

    /**
     * How far the volatility buffer widens the trigger: two thirds of it, rounded up to six decimals;
     * a top-up buys the whole buffer. With the default multiple of 3 the trigger widens by 2 σ of the
     * move before the next look and a top-up covers 3 σ (decision 0034).
     */
    public static BigDecimal triggerWidening(BigDecimal volatilityMove) {
        return volatilityMove.multiply(BigDecimal.TWO).divide(BigDecimal.valueOf(3), 6, RoundingMode.CEILING);
    }

    private TopUpPolicy() {}

    /**
     * @param usedToday what has already moved into this account today, against its daily cap
     * @param intentOpen whether a top-up for this account is in flight (created, not yet settled)
     */
    public static Decision decide(
            MarginSnapshot snapshot, AccountConfig account, BigDecimal usedToday, boolean intentOpen) {
        return decide(snapshot, account, usedToday, intentOpen, BigDecimal.ZERO);
    }

    /**
     * @param volatilityMove the move recent candles make plausible ({@link VolatilityBuffer#move});
     *     zero when none were read. Only move settings use it, and only to widen them.
     */
    public static Decision decide(MarginSnapshot snapshot, AccountConfig account, BigDecimal usedToday,
            boolean intentOpen, BigDecimal volatilityMove) {
        Objects.requireNonNull(volatilityMove, "volatilityMove");
        return decide(snapshot, account, usedToday, intentOpen, MarketPace.ofBuffer(volatilityMove));
    }

    /**
     * @param pace what recent candles say about the market now ({@link MarketPace}); {@link MarketPace#CALM}
     *     when none were read. Only move settings use it, and only to widen them.
     */
    public static Decision decide(MarginSnapshot snapshot, AccountConfig account, BigDecimal usedToday,
            boolean intentOpen, MarketPace pace) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(usedToday, "usedToday");
        Objects.requireNonNull(pace, "pace");

        BigDecimal ratio = snapshot.marginRatio();
        MoveTerms moves = MoveTerms.of(snapshot, account.moves(), pace);
        boolean ratioTriggered = account.hasRatioSettings() && ratio.compareTo(account.triggerRatio()) >= 0;
        boolean moveTriggered = moves != null && moves.triggered();
        boolean unmeasured = !account.hasRatioSettings() && moves == null
                && snapshot.maintenanceMargin().signum() > 0;
        if (!ratioTriggered && !moveTriggered && !unmeasured) {
            return new NoAction(ratio, notTriggered(account, moves));
        }
        if (intentOpen) {
            // A second transfer now could land on top of the first and overshoot the target.
            return new NoAction(ratio, "a top-up is already in flight");
        }
        if (unmeasured) {
            // Moves alone and no positions to measure them on: never a silent pass.
            return new Alert(ratio, Limit.POSITIONS_UNREPORTED, "the venue reported no positions behind "
                    + plain(snapshot.maintenanceMargin()) + " " + snapshot.asset() + " of maintenance margin, so the"
                    + " move the account survives cannot be measured, and no triggerRatio/targetRatio are set to"
                    + " fall back on");
        }
        BigDecimal maintenance = snapshot.maintenanceMargin();
        if (maintenance.signum() == 0) {
            return new NoAction(ratio, "no maintenance margin: nothing to protect");
        }

        Need need = need(snapshot, account, moves);
        if (need.amount().signum() <= 0) {
            return new NoAction(ratio, need.reached());
        }
        return limit(ratio, need, snapshot, account, usedToday);
    }

    /**
     * What the account needs to reach its targets, before any limit: the amount a top-up that
     * no cap held back would move, zero when it needs nothing or cannot be measured. An alert
     * reports what was needed and could not move against this.
     */
    public static BigDecimal amountNeeded(MarginSnapshot snapshot, AccountConfig account, BigDecimal volatilityMove) {
        return amountNeeded(snapshot, account, MarketPace.ofBuffer(volatilityMove));
    }

    /** As {@link #amountNeeded(MarginSnapshot, AccountConfig, BigDecimal)}, with the market's whole pace. */
    public static BigDecimal amountNeeded(MarginSnapshot snapshot, AccountConfig account, MarketPace pace) {
        MoveTerms moves = MoveTerms.of(snapshot, account.moves(), pace);
        if (snapshot.maintenanceMargin().signum() == 0 || (!account.hasRatioSettings() && moves == null)) {
            return BigDecimal.ZERO;
        }
        return need(snapshot, account, moves).amount().max(BigDecimal.ZERO);
    }

    /** The larger of what the ratio pair and what the moves need; the account has at least one of them here. */
    private static Need need(MarginSnapshot snapshot, AccountConfig account, MoveTerms moves) {
        Need need = account.hasRatioSettings() ? ratioNeed(account.targetRatio(), snapshot) : null;
        if (moves != null) {
            Need moveNeed = moves.need(snapshot);
            need = need == null || moveNeed.amount().compareTo(need.amount()) > 0 ? moveNeed : need;
        }
        return need;
    }

    /**
     * What moves, given what is needed: the need itself when it fits every limit, otherwise the
     * largest step multiple within the tightest limit; an alert when that is less than the minimum.
     */
    private static Decision limit(BigDecimal ratio, Need need, MarginSnapshot snapshot, AccountConfig account,
            BigDecimal usedToday) {
        BigDecimal needed = need.amount();
        String asset = snapshot.asset();
        BigDecimal step = snapshot.transferStep();
        if (needed.compareTo(account.minTransfer()) < 0) {
            return new NoAction(ratio, "needed " + plain(needed) + " " + asset
                    + " is below the minimum transfer " + plain(account.minTransfer()) + " " + asset);
        }

        BigDecimal dailyLeft = atLeastZero(account.dailyCap().subtract(usedToday));
        // Sources not read yet limit nothing: the checker reads them and decides again before acting.
        BigDecimal sourceFree = snapshot.sourceFree() == null ? null : atLeastZero(snapshot.sourceFree());

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
        if (sourceFree != null && sourceFree.compareTo(bound) < 0) {
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
                case SOURCE_BALANCE -> account.sources().size() == 1 && account.sources().getFirst().isPlain()
                        ? "source wallet " + account.sourceWallet() + " has " + plain(snapshot.sourceFree()) + " "
                                + asset + " free"
                        : "sources " + String.join(", ", account.sources().stream().map(s -> s.label()).toList())
                                + " may give " + plain(snapshot.sourceFree()) + " " + asset
                                + " above their floors and within their caps";
                case POSITIONS_UNREPORTED -> throw new IllegalStateException("not a limit on an amount");
            };
            return new Alert(ratio, binding, why + "; " + plain(needed) + " " + asset + " needed " + need.goal());
        }
        return new TopUp(ratio, amount, ratioAfter(snapshot, amount), binding);
    }

    /** Why nothing is triggered, in the terms of the account's settings. */
    private static String notTriggered(AccountConfig account, MoveTerms moves) {
        if (account.moves() == null) {
            return "below trigger";
        }
        if (moves == null) {
            return account.hasRatioSettings()
                    ? "below trigger (the venue reported no positions: the move settings could not be applied)"
                    : "no maintenance margin: nothing to protect";
        }
        return (account.hasRatioSettings() ? "below trigger and " : "") + moves.notTriggered();
    }

    /**
     * An amount needed (rounded up to the step), what reaching it achieves ("to bring margin ratio
     * 0.9 down to target 0.6"), and what to say when nothing more is needed.
     */
    private record Need(BigDecimal amount, String goal, String reached) {}

    private static Need ratioNeed(BigDecimal target, MarginSnapshot snapshot) {
        return new Need(amountToReach(target, snapshot),
                "to bring margin ratio " + plain(snapshot.marginRatio()) + " down to target " + plain(target),
                "already at or below target " + plain(target));
    }

    /**
     * The move settings as they apply to this snapshot: the survivable move now, and the trigger
     * and target widened by volatility. The trigger widens by two thirds of the buffer ({@link #triggerWidening})
     * and no further than the watch band, the distance the checker watches the market from; a
     * top-up buys the whole buffer on top of it. Deciding when to act and deciding how much differ:
     * a trigger that fires at every plausible swing tops up on swings that turn back, while money
     * once moved must carry the account until protection can act again, after the cooldown, which
     * the whole buffer above the widened trigger covers (decision 0034). The target keeps at least the configured gap
     * above the widened trigger: without it a fast market pulls the trigger up to the target, each
     * top-up buys only a sliver of room, and whipsaw tops up on every swing.
     *
     * <p>An account past its trigger is inside its watch band (the trigger never lies beyond it),
     * where it is looked at again every poll interval, so a top-up need not buy the whole target at
     * once: it goes to the widened trigger plus the larger of the buffer and {@link #STEP_SHARE} of
     * the configured gap, never beyond the target, and never less than the move the market made in
     * its last minute: the next top-up lands a cooldown later at the soonest, and a wick's first
     * candle is the one the trimmed buffer leaves out (decision 0036). All grow with volatility, so
     * a wilder market never moves less. While the danger
     * persists the next look tops up again, from a lower price and with what the market did
     * since; when it passes, the rest of the target was never moved (decision 0031).
     */
    private record MoveTerms(BigDecimal survivable, BigDecimal trigger, BigDecimal target) {

        static MoveTerms of(MarginSnapshot snapshot, MoveSettings settings, MarketPace pace) {
            if (settings == null || !MoveProtection.measurable(snapshot)) {
                return null;
            }
            BigDecimal volatilityMove = pace.buffer();
            BigDecimal trigger = settings.triggerMove().max(triggerWidening(volatilityMove).min(settings.watchBandMove()));
            BigDecimal gap = settings.targetMove().subtract(settings.triggerMove());
            BigDecimal target = settings.targetMove().max(volatilityMove).max(trigger.add(gap))
                    .min(MoveProtection.MAX_MOVE);
            target = target.min(trigger.add(volatilityMove.max(gap.multiply(STEP_SHARE)).max(pace.lastMinute())));
            return new MoveTerms(MoveProtection.survivableMove(snapshot), trigger, target);
        }

        boolean triggered() {
            return survivable.compareTo(trigger) <= 0;
        }

        String notTriggered() {
            return "survives a " + percent(survivable) + " move, trigger " + percent(trigger);
        }

        Need need(MarginSnapshot snapshot) {
            BigDecimal amount = roundUp(MoveProtection.marginToSurvive(snapshot, target)
                    .subtract(snapshot.marginBalance()), snapshot.transferStep());
            return new Need(amount,
                    "to survive a " + percent(target) + " adverse move (survives " + percent(survivable) + " now)",
                    "already survives the target move of " + percent(target));
        }
    }

    /** 0.0312345 → "3.12 %", rounded down: room is never overstated. */
    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(2, RoundingMode.FLOOR).stripTrailingZeros().toPlainString() + " %";
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
