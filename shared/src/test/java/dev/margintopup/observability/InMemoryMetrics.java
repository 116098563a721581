package dev.margintopup.observability;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Keeps every metric record in memory, so a test can read what a check or a transfer reported. */
public final class InMemoryMetrics implements Metrics {

    /** One record: {@code kind} is {@code check} or {@code topUp}; {@code value} the ratio or the amount. */
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

    public synchronized List<Record> records() {
        return List.copyOf(records);
    }
}
