package dev.margintopup.paper;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One bracket of a position's maintenance-margin schedule, the way the big venues publish them
 * (Binance's leverage brackets: {@code notionalCap}, {@code maintMarginRatio}, {@code cum}). A
 * position whose notional falls in this bracket keeps {@code notional × rate − deduction} as
 * maintenance margin. The deduction is what keeps maintenance continuous where the rate steps up.
 *
 * @param upTo the bracket's upper notional bound, inclusive; {@code null} for the last bracket
 * @param rate share of the notional kept as maintenance margin, in [0, 1)
 * @param deduction the amount taken off {@code notional × rate}; zero in the first bracket
 */
public record MaintenanceTier(BigDecimal upTo, BigDecimal rate, BigDecimal deduction) {

    public MaintenanceTier {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(deduction, "deduction");
        if (upTo != null && upTo.signum() <= 0) {
            throw new IllegalArgumentException("a tier's upTo must be positive, was " + upTo.toPlainString());
        }
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("a tier's maintenance rate must be in [0, 1), was " + rate.toPlainString());
        }
        if (deduction.signum() < 0) {
            throw new IllegalArgumentException("a tier's deduction must not be negative, was " + deduction.toPlainString());
        }
    }

    /** A bracket without an upper bound: the last one, or the only one of a single-rate position. */
    public static MaintenanceTier unbounded(BigDecimal rate, BigDecimal deduction) {
        return new MaintenanceTier(null, rate, deduction);
    }

    /** A bracket up to {@code upTo}, from decimal strings. */
    public static MaintenanceTier upTo(String upTo, String rate, String deduction) {
        return new MaintenanceTier(new BigDecimal(upTo), new BigDecimal(rate), new BigDecimal(deduction));
    }

    /** The schedule of a position with one maintenance rate whatever its size. */
    public static List<MaintenanceTier> single(BigDecimal rate) {
        return List.of(unbounded(rate, BigDecimal.ZERO));
    }

    /**
     * The deduction that keeps maintenance continuous where a bracket at {@code rate} follows
     * {@code previous}: {@code previous.deduction + previous.upTo × (rate − previous.rate)}, the
     * way venues derive their {@code cum} column. Zero for the first bracket ({@code previous} null).
     */
    public static BigDecimal continuousDeduction(MaintenanceTier previous, BigDecimal rate) {
        if (previous == null) {
            return BigDecimal.ZERO;
        }
        if (previous.upTo == null) {
            throw new IllegalArgumentException("an unbounded tier cannot be followed by another");
        }
        return previous.deduction.add(previous.upTo.multiply(rate.subtract(previous.rate)));
    }

    /** This bracket's maintenance margin for a notional that falls in it. */
    public BigDecimal maintenance(BigDecimal notional) {
        return notional.multiply(rate).subtract(deduction);
    }

    /** The bracket that {@code notional} (not negative) falls in: the first whose {@code upTo} it does not exceed. */
    public static MaintenanceTier at(List<MaintenanceTier> tiers, BigDecimal notional) {
        for (MaintenanceTier tier : tiers) {
            if (tier.upTo == null || notional.compareTo(tier.upTo) <= 0) {
                return tier;
            }
        }
        throw new IllegalStateException("a validated schedule ends with an unbounded tier");
    }

    /**
     * A copy of {@code tiers} once it is a schedule the venue can use: at least one bracket, upper
     * bounds strictly increasing, only the last one unbounded, and no bracket's maintenance
     * negative at its lower bound (so the first bracket deducts nothing).
     */
    public static List<MaintenanceTier> schedule(List<MaintenanceTier> tiers) {
        Objects.requireNonNull(tiers, "tiers");
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a maintenance schedule needs at least one tier");
        }
        BigDecimal floor = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            MaintenanceTier tier = Objects.requireNonNull(tiers.get(i), "tier " + (i + 1));
            boolean last = i == tiers.size() - 1;
            if (last && tier.upTo != null) {
                throw new IllegalArgumentException("the last tier must have no upTo (it covers every larger notional),"
                        + " but it ends at " + tier.upTo.toPlainString());
            }
            if (!last && tier.upTo == null) {
                throw new IllegalArgumentException("only the last tier may omit upTo; tier " + (i + 1) + " of "
                        + tiers.size() + " has none");
            }
            if (!last && tier.upTo.compareTo(floor) <= 0) {
                throw new IllegalArgumentException("tier upper bounds must increase; tier " + (i + 1) + " ends at "
                        + tier.upTo.toPlainString() + ", not above " + floor.toPlainString());
            }
            if (tier.maintenance(floor).signum() < 0) {
                throw new IllegalArgumentException("tier " + (i + 1) + " deducts " + tier.deduction.toPlainString()
                        + ", more than its maintenance at its lower bound " + floor.toPlainString());
            }
            floor = last ? floor : tier.upTo;
        }
        return List.copyOf(tiers);
    }
}
