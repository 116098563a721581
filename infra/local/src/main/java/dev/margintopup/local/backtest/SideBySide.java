package dev.margintopup.local.backtest;

import dev.margintopup.local.scenario.MarginPreview;
import dev.margintopup.local.scenario.MoveSettings;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.local.scenario.ScenarioException;
import dev.margintopup.local.scenario.TopUpSettings;
import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.policy.MoveProtection;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario with each managed account played twice on the same path, each copy with its own
 * wallets on the venue: once protected by fixed ratios, once by moves. The fixed-ratio copy's
 * trigger and target are the ratios that correspond to the account's trigger and target moves at
 * the scenario's start ({@link MoveProtection#equivalentRatio} on the account as the venue shows
 * it then, the scenario's tiers included), so both begin with the same protection and differ only
 * in how they follow the market. An account protected by ratios alone (its own or the runner's
 * defaults) is compared the other way round: the fixed-ratio copy keeps its ratios, the move copy protects with the moves they equal
 * at the start ({@link MoveProtection#equivalentMove}), so anyone's own ratio settings can be
 * backtested against move-based protection. Control accounts are played once, as they are.
 */
public final class SideBySide {

    /** How a managed account is protected in a side-by-side run. */
    public enum Side {
        RATIO(".ratio", "fixed ratio"),
        MOVE(".move", "move-based");

        private final String suffix;
        private final String label;

        Side(String suffix, String label) {
            this.suffix = suffix;
            this.label = label;
        }

        public String accountId(String baseId) {
            return baseId + suffix;
        }

        public String label() {
            return label;
        }

        /** The side an account id of a side-by-side run is on, or {@code null} for a control. */
        public static Side of(String accountId) {
            for (Side side : values()) {
                if (accountId.endsWith(side.suffix)) {
                    return side;
                }
            }
            return null;
        }

        /** The scenario's own id of an account of a side-by-side run. */
        public static String baseId(String accountId) {
            Side side = of(accountId);
            return side == null ? accountId : accountId.substring(0, accountId.length() - side.suffix.length());
        }
    }

    /** Ratios are written to the account item with six significant digits: far finer than any trigger needs. */
    private static final MathContext ITEM_RATIO = new MathContext(6, RoundingMode.HALF_UP);

    private SideBySide() {}

    /**
     * {@code scenario} with every managed account in its two copies, {@link Side#RATIO} then
     * {@link Side#MOVE}, where it stood.
     *
     * @throws ScenarioException when a managed account's ratios correspond to no move
     */
    public static Scenario of(Scenario scenario) {
        List<ScenarioAccount> accounts = new ArrayList<>();
        for (ScenarioAccount account : scenario.accounts()) {
            if (!account.managed()) {
                accounts.add(account);
                continue;
            }
            MoveSettings moves = account.moveSettings();
            MarginSnapshot start = MarginPreview.startingSnapshot(scenario, account);
            Map<String, Object> ratioConfig = new LinkedHashMap<>(account.config());
            Map<String, Object> moveConfig = new LinkedHashMap<>(account.config());
            moveConfig.remove(TopUpSettings.TRIGGER_RATIO);
            moveConfig.remove(TopUpSettings.TARGET_RATIO);
            if (moves != null) {
                ratioConfig.keySet().removeAll(MoveSettings.KEYS);
                ratioConfig.put(TopUpSettings.TRIGGER_RATIO,
                        MoveProtection.equivalentRatio(start, moves.triggerMove()).round(ITEM_RATIO));
                ratioConfig.put(TopUpSettings.TARGET_RATIO,
                        MoveProtection.equivalentRatio(start, moves.targetMove()).round(ITEM_RATIO));
            } else {
                // Ratios alone: the fixed-ratio copy keeps them as they are, the move copy protects with
                // the moves they equal at the start.
                moveConfig.put(MoveSettings.TRIGGER_MOVE_PERCENT, equivalentMovePercent(scenario, account, start,
                        TopUpSettings.TRIGGER_RATIO));
                moveConfig.put(MoveSettings.TARGET_MOVE_PERCENT, equivalentMovePercent(scenario, account, start,
                        TopUpSettings.TARGET_RATIO));
            }
            accounts.add(account.withIdAndConfig(Side.RATIO.accountId(account.id()), ratioConfig));
            accounts.add(account.withIdAndConfig(Side.MOVE.accountId(account.id()), moveConfig));
        }
        return scenario.withAccounts(accounts);
    }

    /**
     * The move, in percent to two decimals, that the account's ratio {@code key} (given, or the
     * runner's default) protects against at the scenario's start; refused by name where it is none.
     */
    private static BigDecimal equivalentMovePercent(Scenario scenario, ScenarioAccount account, MarginSnapshot start,
            String key) {
        BigDecimal ratio = (BigDecimal) account.settings().asMap().get(key);
        BigDecimal percent = MoveProtection.equivalentMove(start, ratio).movePointRight(2).setScale(2, RoundingMode.HALF_UP);
        if (percent.signum() <= 0) {
            throw new ScenarioException(scenario.name(), "accounts." + account.id() + ".config." + key,
                    "is " + ratio.toPlainString() + ": at that margin ratio the account survives no adverse move, so no"
                            + " move-based setting corresponds to it; give " + MoveSettings.TRIGGER_MOVE_PERCENT + " and "
                            + MoveSettings.TARGET_MOVE_PERCENT + " to compare");
        }
        return percent;
    }
}
