package dev.margintopup.check;

import dev.margintopup.policy.MarginSnapshot;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.MarginVenue;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.PositionEnd;
import dev.margintopup.venue.TransferInstruction;
import dev.margintopup.venue.TransferLookup;
import dev.margintopup.venue.TransferReceipt;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A venue whose margin follows a script of the clock, for checker unit tests: a margin balance of
 * 1,000 USDT, the maintenance the scripted ratio implies, and a mark 100 with the liquidation price
 * the scripted distance implies. It counts every request; it never moves money.
 */
final class ScriptedVenue implements MarginVenue {

    /** What the venue reports at one moment: ratio 0 means no position at all. */
    record Margin(String ratio, String distance, String sourceFree) {}

    private final Clock clock;
    private volatile Function<Instant, Margin> script;
    private volatile PositionEnd end = PositionEnd.unknown();
    final AtomicInteger marginReads = new AtomicInteger();
    final AtomicInteger endReads = new AtomicInteger();
    final AtomicInteger sourceReads = new AtomicInteger();

    ScriptedVenue(Clock clock, Margin margin) {
        this.clock = clock;
        this.script = at -> margin;
    }

    void report(Margin margin) {
        this.script = at -> margin;
    }

    void follow(Function<Instant, Margin> script) {
        this.script = script;
    }

    void endsAs(PositionEnd end) {
        this.end = end;
    }

    @Override
    public String name() {
        return "paper";
    }

    @Override
    public MarginSnapshot readMargin(MarginQuery query) {
        marginReads.incrementAndGet();
        Instant now = clock.instant();
        Margin margin = script.apply(now);
        BigDecimal balance = new BigDecimal("1000");
        BigDecimal maintenance = balance.multiply(new BigDecimal(margin.ratio()));
        BigDecimal mark = maintenance.signum() == 0 ? null : new BigDecimal("100");
        BigDecimal liquidation = mark == null || margin.distance() == null
                ? null : mark.subtract(mark.multiply(new BigDecimal(margin.distance())));
        return new MarginSnapshot("paper", now, "USDT", balance, maintenance, null, new BigDecimal("0.01"), mark,
                liquidation);
    }

    @Override
    public BigDecimal sourceFree(SourceQuery query) {
        sourceReads.incrementAndGet();
        return new BigDecimal(script.apply(clock.instant()).sourceFree());
    }

    @Override
    public PositionEnd positionEnd(MarginQuery query, Instant since) {
        endReads.incrementAndGet();
        return end;
    }

    @Override
    public TransferReceipt transferToMargin(TransferInstruction instruction) {
        throw new UnsupportedOperationException("the checker never moves money");
    }

    @Override
    public TransferLookup findTransfer(TransferInstruction instruction) {
        throw new UnsupportedOperationException("the checker never looks transfers up");
    }

    @Override
    public Duration reconcileGrace() {
        return Duration.ZERO;
    }
}
