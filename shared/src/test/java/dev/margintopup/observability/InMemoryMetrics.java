package dev.margintopup.observability;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Keeps every metric record in memory, so a test can read what a check or a transfer reported. */
public final class InMemoryMetrics implements Metrics {

    /** One record: {@code kind} is {@code check}, {@code topUp} or {@code rescueCapacity}; {@code value} the ratio, the amount or the move. */
    public record Record(String kind, String venue, String outcome, BigDecimal value) {}

    private final List<Record> records = new ArrayList<>();

    @Override
    public synchronized void check(String venue, String outcome, BigDecimal marginRatio,
            BigDecimal distanceToLiquidation) {
        records.add(new Record("check", venue, outcome, marginRatio));
    }

    @Override
    public synchronized void topUp(String venue, String outcome, BigDecimal amount) {
        records.add(new Record("topUp", venue, outcome, amount));
    }

    @Override
    public synchronized void rescueCapacity(String venue, String level, BigDecimal movePercent) {
        records.add(new Record("rescueCapacity", venue, level, movePercent));
    }

    public synchronized List<Record> records() {
        return List.copyOf(records);
    }
}
