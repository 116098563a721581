package dev.margintopup.local.scenario;

import dev.margintopup.local.candles.CandleFile;
import dev.margintopup.policy.Candle;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A price path that replays a user's exported candles minute by minute: minute m is the file's
 * m-th minute (gaps filled, see {@link CandleFile}), wicks included; after the last minute the
 * mark stays at the last close. Prices are the file's own, rounded to {@code tick} when the
 * scenario gives one; by default the tick is the finest step the file's prices use.
 */
public record CandleReplay(CandleFile file, BigDecimal tick) implements PricePath {

    public CandleReplay {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tick, "tick");
        if (tick.signum() <= 0) {
            throw new IllegalArgumentException("tick must be positive, was " + tick.toPlainString());
        }
    }

    /** The replay at the file's own price step. */
    public static CandleReplay of(CandleFile file) {
        int scale = 0;
        for (Candle c : file.minutes()) {
            for (BigDecimal price : List.of(c.open(), c.high(), c.low(), c.close())) {
                scale = Math.max(scale, price.stripTrailingZeros().scale());
            }
        }
        return new CandleReplay(file, BigDecimal.ONE.movePointLeft(scale));
    }

    /** How many minutes the file covers after its first: a scenario of this length plays all of it. */
    public int lastMinute() {
        return file.minutes().size() - 1;
    }

    /** When the file's first minute opened. */
    public Instant firstOpenTime() {
        return file.minutes().getFirst().openTime();
    }

    @Override
    public BigDecimal priceAt(int minute) {
        return round(minute(minute).close());
    }

    @Override
    public Candle candleAt(int minute, Instant openTime) {
        if (minute > lastMinute()) {
            BigDecimal close = priceAt(minute);
            return new Candle(openTime, close, close, close, close);
        }
        Candle c = minute(minute);
        BigDecimal open = round(c.open());
        BigDecimal close = round(c.close());
        return new Candle(openTime, open, round(c.high()).max(open).max(close), round(c.low()).min(open).min(close),
                close);
    }

    private Candle minute(int minute) {
        if (minute < 0) {
            throw new IllegalArgumentException("minute must not be negative, was " + minute);
        }
        return file.minutes().get(Math.min(minute, lastMinute()));
    }

    private BigDecimal round(BigDecimal price) {
        BigDecimal rounded = PricePath.roundToTick(price, tick);
        return rounded.signum() > 0 ? rounded : tick;
    }
}
