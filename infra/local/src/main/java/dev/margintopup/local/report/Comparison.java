package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A side-by-side run: each managed account protected by fixed ratios and by moves on the same
 * path, beside the hindsight optimum, the least collateral that would have kept it alive. One
 * set of cells, rendered for the terminal, the HTML report and {@code docs/benchmarks.md}.
 */
public record Comparison(String scenario, List<Pair> accounts) {

    /**
     * One way of protecting one account, as it was played.
     *
     * @param liquidatedMinute the minute the venue liquidated it, or {@code null}
     * @param moved the collateral its top-ups moved in
     * @param lost the margin balance the liquidation took (what was left at the liquidating mark),
     *     zero while it lives: a side that was liquidated did not save collateral, it lost this
     * @param worstDistance the smallest distance from the mark to the liquidation price seen (a
     *     fraction of the mark), or {@code null} when the venue gave no liquidation price
     */
    public record Played(String accountId, Integer liquidatedMinute, BigDecimal moved, BigDecimal lost,
            int transfers, BigDecimal worstDistance, int alerts) {

        public Played {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(moved, "moved");
            Objects.requireNonNull(lost, "lost");
            if (lost.signum() < 0 || (liquidatedMinute == null && lost.signum() != 0)) {
                throw new IllegalArgumentException(accountId + ": lost to liquidation is " + lost.toPlainString()
                        + "; it is never negative, and zero for an account that was not liquidated");
            }
        }

        public boolean liquidated() {
            return liquidatedMinute != null;
        }
    }

    /**
     * @param covered whether its source wallet and daily cap could have paid the optimum
     */
    public record Pair(String accountId, BigDecimal optimum, boolean covered, Played fixedRatio, Played moveBased) {

        public Pair {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(optimum, "optimum");
            Objects.requireNonNull(fixedRatio, "fixedRatio");
            Objects.requireNonNull(moveBased, "moveBased");
        }
    }

    /** The two sides, in the order every rendering shows them. */
    public static final List<String> SIDES = List.of("fixed ratio", "move-based");

    public static final List<List<String>> HEADERS = List.of(List.of("Account"), List.of("Side"), List.of("Outcome"),
            List.of("Moved"), List.of("Lost to", "liquidation"), List.of("Transfers"), List.of("Worst distance", "to liquidation"), List.of("Alerts"),
            List.of("Hindsight", "optimum"), List.of("Moved ÷", "optimum"));

    /** Which columns hold numbers: right-aligned. */
    public static final List<Boolean> NUMERIC = List.of(false, false, false, true, true, true, true, true, true, true);

    public Comparison {
        Objects.requireNonNull(scenario, "scenario");
        accounts = List.copyOf(accounts);
    }

    /** The side {@code index} of {@link #SIDES} of one account. */
    public static Played side(Pair pair, int index) {
        return index == 0 ? pair.fixedRatio() : pair.moveBased();
    }

    public BigDecimal totalMoved(int side) {
        return sum(pair -> side(pair, side).moved());
    }

    /** The margin balances the side's liquidations took. */
    public BigDecimal totalLost(int side) {
        return sum(pair -> side(pair, side).lost());
    }

    /** What the side spent to protect its accounts: collateral moved plus margin lost to liquidation. */
    public BigDecimal totalMovedAndLost(int side) {
        return totalMoved(side).add(totalLost(side));
    }

    /**
     * Collateral the side moved into the accounts that both sides kept alive: the like-for-like
     * comparison, since a side that let an account go paid for that in margin, not in transfers.
     */
    public BigDecimal movedWhereBothAlive(int side) {
        return accounts.stream().filter(Comparison::bothAlive).map(pair -> side(pair, side).moved())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** How many accounts both sides kept alive. */
    public long bothAlive() {
        return accounts.stream().filter(Comparison::bothAlive).count();
    }

    private static boolean bothAlive(Pair pair) {
        return !pair.fixedRatio().liquidated() && !pair.moveBased().liquidated();
    }

    public int totalTransfers(int side) {
        return accounts.stream().mapToInt(pair -> side(pair, side).transfers()).sum();
    }

    public long liquidations(int side) {
        return accounts.stream().filter(pair -> side(pair, side).liquidated()).count();
    }

    public int totalAlerts(int side) {
        return accounts.stream().mapToInt(pair -> side(pair, side).alerts()).sum();
    }

    public BigDecimal totalOptimum() {
        return sum(Pair::optimum);
    }

    /** Two rows per account, then one total row per side. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (Pair pair : accounts) {
            for (int side = 0; side < SIDES.size(); side++) {
                Played played = side(pair, side);
                rows.add(List.of(side == 0 ? pair.accountId() : "", SIDES.get(side),
                        played.liquidated() ? "LIQUIDATED at minute " + played.liquidatedMinute() : "ALIVE",
                        ReportFormat.amount(played.moved()),
                        played.liquidated() ? ReportFormat.amount(played.lost()) : ReportFormat.NONE,
                        String.valueOf(played.transfers()),
                        played.worstDistance() == null ? ReportFormat.NONE : percent(played.worstDistance()),
                        String.valueOf(played.alerts()),
                        side == 0 ? ReportFormat.amount(pair.optimum()) + (pair.covered() ? "" : " (not covered)") : "",
                        times(played.moved(), pair.optimum())));
            }
        }
        for (int side = 0; side < SIDES.size(); side++) {
            rows.add(List.of(side == 0 ? "total" : "", SIDES.get(side), liquidations(side) + " liquidated",
                    ReportFormat.amount(totalMoved(side)), ReportFormat.amount(totalLost(side)),
                    String.valueOf(totalTransfers(side)), "",
                    String.valueOf(totalAlerts(side)), side == 0 ? ReportFormat.amount(totalOptimum()) : "",
                    times(totalMoved(side), totalOptimum())));
        }
        return rows;
    }

    /** The run as a Markdown table under a heading of the scenario's name. */
    public String markdown() {
        StringBuilder md = new StringBuilder("### ").append(scenario).append("\n\n|");
        HEADERS.forEach(h -> md.append(' ').append(String.join(" ", h)).append(" |"));
        md.append("\n|");
        NUMERIC.forEach(numeric -> md.append(numeric ? "---:|" : "---|"));
        md.append('\n');
        for (List<String> row : rows()) {
            md.append('|');
            row.forEach(cell -> md.append(' ').append(cell.replace("|", "\\|")).append(" |"));
            md.append('\n');
        }
        return md.toString();
    }

    /** The terminal rendering: a heading line and an aligned box. */
    public String text() {
        return "side by side · " + scenario + " · fixed ratio vs move-based vs hindsight optimum\n"
                + SummaryTable.grid(HEADERS, NUMERIC, rows(), "no managed accounts");
    }

    /** moved ÷ optimum as "1.42×"; "—" when nothing was needed and nothing moved, "∞" when nothing was needed. */
    public static String times(BigDecimal moved, BigDecimal optimum) {
        if (optimum.signum() == 0) {
            return moved.signum() == 0 ? ReportFormat.NONE : "∞";
        }
        return moved.divide(optimum, new MathContext(12)).setScale(2, RoundingMode.HALF_UP).toPlainString() + "×";
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    private BigDecimal sum(Function<Pair, BigDecimal> amount) {
        return accounts.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
