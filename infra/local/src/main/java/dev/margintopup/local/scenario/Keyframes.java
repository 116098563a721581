package dev.margintopup.local.scenario;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Objects;

/**
 * A price path drawn through chosen points: linear between consecutive points, flat after the
 * last one, each price rounded to the tick.
 *
 * @param points at least one, the first at minute 0, minutes strictly increasing, prices positive
 */
public record Keyframes(List<Point> points, BigDecimal tick) implements PricePath {

    /** The mark at one minute. */
    public record Point(int minute, BigDecimal price) {

        public Point {
            Objects.requireNonNull(price, "price");
        }
    }

    public Keyframes {
        points = List.copyOf(points);
        Objects.requireNonNull(tick, "tick");
        if (tick.signum() <= 0) {
            throw new IllegalArgumentException("tick must be positive, was " + tick.toPlainString());
        }
        if (points.isEmpty() || points.getFirst().minute() != 0) {
            throw new IllegalArgumentException("the first point must be at minute 0");
        }
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).price().signum() <= 0) {
                throw new IllegalArgumentException("point " + i + ": price must be positive, was "
                        + points.get(i).price().toPlainString());
            }
            if (i > 0 && points.get(i).minute() <= points.get(i - 1).minute()) {
                throw new IllegalArgumentException("point " + i + ": minute " + points.get(i).minute()
                        + " must come after minute " + points.get(i - 1).minute());
            }
        }
    }

    @Override
    public BigDecimal priceAt(int minute) {
        if (minute < 0) {
            throw new IllegalArgumentException("minute must not be negative, was " + minute);
        }
        Point before = points.getFirst();
        for (Point after : points) {
            if (after.minute() == minute) {
                return PricePath.roundToTick(after.price(), tick);
            }
            if (after.minute() > minute) {
                BigDecimal share = BigDecimal.valueOf(minute - before.minute())
                        .divide(BigDecimal.valueOf(after.minute() - before.minute()), MathContext.DECIMAL64);
                BigDecimal price = before.price().add(after.price().subtract(before.price()).multiply(share));
                return PricePath.roundToTick(price, tick);
            }
            before = after;
        }
        return PricePath.roundToTick(before.price(), tick);
    }
}
