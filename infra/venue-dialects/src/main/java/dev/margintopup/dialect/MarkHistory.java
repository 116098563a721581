package dev.margintopup.dialect;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every mark price a dialect server was given, by symbol and time, served back as one-minute
 * candles the way the venues' public kline endpoints build them: the first, highest, lowest and
 * last mark of each minute, and a minute without a mark flat at the last one before it.
 */
public final class MarkHistory {

    /** One minute of marks. */
    public record Bar(Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {}

    private final Map<String, TreeMap<Instant, List<BigDecimal>>> marks = new HashMap<>();

    public synchronized void record(String symbol, Instant at, BigDecimal price) {
        marks.computeIfAbsent(symbol, s -> new TreeMap<>())
                .computeIfAbsent(at.truncatedTo(ChronoUnit.MINUTES), minute -> new ArrayList<>())
                .add(price);
    }

    public synchronized boolean knows(String symbol) {
        return marks.containsKey(symbol);
    }

    /** Every symbol with a mark, sorted: the instruments a dialect server lists. */
    public synchronized List<String> symbols() {
        return marks.keySet().stream().sorted().toList();
    }

    /** The last {@code limit} minutes up to the newest one with a mark, oldest first; empty for an unknown symbol. */
    public synchronized List<Bar> lastMinutes(String symbol, int limit) {
        TreeMap<Instant, List<BigDecimal>> byMinute = marks.get(symbol);
        if (byMinute == null) {
            return List.of();
        }
        List<Bar> bars = new ArrayList<>();
        BigDecimal close = null;
        for (Instant minute = byMinute.firstKey(); !minute.isAfter(byMinute.lastKey());
                minute = minute.plus(1, ChronoUnit.MINUTES)) {
            List<BigDecimal> prices = byMinute.get(minute);
            if (prices == null) {
                bars.add(new Bar(minute, close, close, close, close));
                continue;
            }
            BigDecimal open = prices.getFirst();
            BigDecimal high = prices.stream().reduce(BigDecimal::max).orElseThrow();
            BigDecimal low = prices.stream().reduce(BigDecimal::min).orElseThrow();
            close = prices.getLast();
            bars.add(new Bar(minute, open, high, low, close));
        }
        return List.copyOf(bars.subList(Math.max(0, bars.size() - limit), bars.size()));
    }
}
