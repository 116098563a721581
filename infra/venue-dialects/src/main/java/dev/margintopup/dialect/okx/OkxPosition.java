package dev.margintopup.dialect.okx;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One position, as seeded. Contracts times {@code ctVal} is the size in the base currency; the
 * maintenance margin is that size times the mark price times {@code mmrRate}.
 *
 * @param posSide {@code net} (sign of {@code pos} is the direction), {@code long} or {@code short}
 * @param margin the isolated margin; ignored for a cross position
 */
public record OkxPosition(String instId, String mgnMode, String posSide, BigDecimal pos, BigDecimal ctVal,
        BigDecimal avgPx, String ccy, BigDecimal margin, BigDecimal mmrRate, BigDecimal lever) {

    /**
     * What liquidating a position costs, as a share of its notional (OKX's taker fee): OKX counts it
     * in an isolated position's {@code mgnRatio} and liquidation price on top of the maintenance.
     */
    public static final BigDecimal LIQUIDATION_FEE_RATE = new BigDecimal("0.0005");

    public OkxPosition {
        Objects.requireNonNull(instId, "instId");
        if (!"cross".equals(mgnMode) && !"isolated".equals(mgnMode)) {
            throw new IllegalArgumentException("mgnMode must be cross or isolated, was " + mgnMode);
        }
    }

    public static OkxPosition isolated(String instId, String posSide, String pos, String avgPx, String margin,
            String mmrRate) {
        return new OkxPosition(instId, "isolated", posSide, new BigDecimal(pos), new BigDecimal("0.01"),
                new BigDecimal(avgPx), "USDT", new BigDecimal(margin), new BigDecimal(mmrRate), BigDecimal.TEN);
    }

    public static OkxPosition cross(String instId, String posSide, String pos, String avgPx, String mmrRate) {
        return new OkxPosition(instId, "cross", posSide, new BigDecimal(pos), new BigDecimal("0.01"),
                new BigDecimal(avgPx), "USDT", BigDecimal.ZERO, new BigDecimal(mmrRate), BigDecimal.TEN);
    }

    boolean isolated() {
        return "isolated".equals(mgnMode);
    }

    OkxPosition withMargin(BigDecimal newMargin) {
        return new OkxPosition(instId, mgnMode, posSide, pos, ctVal, avgPx, ccy, newMargin, mmrRate, lever);
    }

    /** +1 long, -1 short. */
    int direction() {
        return switch (posSide) {
            case "long" -> 1;
            case "short" -> -1;
            default -> pos.signum();
        };
    }

    BigDecimal size() {
        return pos.abs().multiply(ctVal);
    }

    BigDecimal upl(BigDecimal mark) {
        return mark.subtract(avgPx).multiply(size()).multiply(BigDecimal.valueOf(direction()));
    }

    BigDecimal mmr(BigDecimal mark) {
        return size().multiply(mark).multiply(mmrRate);
    }

    BigDecimal liquidationFee(BigDecimal mark) {
        return size().multiply(mark).multiply(LIQUIDATION_FEE_RATE);
    }

    BigDecimal imr(BigDecimal mark) {
        return size().multiply(mark).divide(lever, 8, java.math.RoundingMode.HALF_UP);
    }
}
