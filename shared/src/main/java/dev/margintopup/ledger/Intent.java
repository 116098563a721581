package dev.margintopup.ledger;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.Source;
import dev.margintopup.policy.Decision;
import dev.margintopup.policy.SweepDecision;
import dev.margintopup.venue.TransferInstruction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/**
 * A decided top-up, persisted before any money moves. Its id is the client transfer id the
 * venue sees, so every retry of the same intent is recognisable at the venue.
 *
 * @param day the UTC day whose cap counter holds the amount
 * @param attempt how many times a transfer worker has claimed it; the fencing token of the lease
 * @param leaseUntil while {@code SENDING}, until when the current attempt owns it
 * @param sentAt when the first attempt started talking to the venue, or {@code null}
 * @param nextLegs the legs of the same top-up (or sweep) still to come after this one, in order; empty
 *     for one from one source or its last leg. The day's counter already holds their amounts.
 * @param kind a top-up into margin, or a sweep out of it; for a sweep {@code fromWallet} names the
 *     wallet the money goes back to, and each leg returns to another source (decision 0030)
 */
public record Intent(
        String accountId,
        String intentId,
        String checkId,
        IntentState state,
        String venue,
        String asset,
        BigDecimal amount,
        String fromWallet,
        MarginMode mode,
        String symbol,
        LocalDate day,
        BigDecimal marginRatio,
        BigDecimal expectedRatio,
        Instant createdAt,
        int attempt,
        Instant leaseUntil,
        Instant sentAt,
        String venueTransferId,
        String reason,
        List<Leg> nextLegs,
        IntentKind kind) {

    public Intent {
        nextLegs = nextLegs == null ? List.of() : List.copyOf(nextLegs);
        kind = kind == null ? IntentKind.TOP_UP : kind;
    }

    /** A top-up intent, possibly a leg with legs after it. */
    public Intent(String accountId, String intentId, String checkId, IntentState state, String venue, String asset,
            BigDecimal amount, String fromWallet, MarginMode mode, String symbol, LocalDate day, BigDecimal marginRatio,
            BigDecimal expectedRatio, Instant createdAt, int attempt, Instant leaseUntil, Instant sentAt,
            String venueTransferId, String reason, List<Leg> nextLegs) {
        this(accountId, intentId, checkId, state, venue, asset, amount, fromWallet, mode, symbol, day, marginRatio,
                expectedRatio, createdAt, attempt, leaseUntil, sentAt, venueTransferId, reason, nextLegs,
                IntentKind.TOP_UP);
    }

    /** An intent that is the whole top-up, or its last leg. */
    public Intent(String accountId, String intentId, String checkId, IntentState state, String venue, String asset,
            BigDecimal amount, String fromWallet, MarginMode mode, String symbol, LocalDate day, BigDecimal marginRatio,
            BigDecimal expectedRatio, Instant createdAt, int attempt, Instant leaseUntil, Instant sentAt,
            String venueTransferId, String reason) {
        this(accountId, intentId, checkId, state, venue, asset, amount, fromWallet, mode, symbol, day, marginRatio,
                expectedRatio, createdAt, attempt, leaseUntil, sentAt, venueTransferId, reason, List.of());
    }

    /**
     * The intent a check's sweep decision opens: {@code PENDING}, back to the decision's wallet in one
     * leg, counted on the sweep counter of the UTC day of {@code now}.
     */
    public static Intent sweepOpened(CheckId check, AccountConfig account, SweepDecision decision, Instant now) {
        return sweepOpened(check, account, decision, List.of(new Leg(decision.toWallet(), decision.amount())), now);
    }

    /**
     * The first leg's intent of a sweep returned as {@code legs} (whose amounts add up to the decision's),
     * one leg per source it goes back to (decision 0030): {@code PENDING}, counted on the sweep counter of
     * the UTC day of {@code now}, the other legs to come after it.
     */
    public static Intent sweepOpened(CheckId check, AccountConfig account, SweepDecision decision, List<Leg> legs,
            Instant now) {
        requireAddingUp(legs, decision.amount(), "sweep");
        Leg first = legs.getFirst();
        return new Intent(account.accountId(), check.intentId(), check.value(), IntentState.PENDING, account.venue(),
                account.asset(), first.amount(), first.fromWallet(), account.marginMode(), account.symbol(),
                LocalDate.ofInstant(now, ZoneOffset.UTC), decision.marginRatio(), decision.expectedRatio(), now, 0,
                null, null, null, null, legs.subList(1, legs.size()), IntentKind.SWEEP);
    }

    private static void requireAddingUp(List<Leg> legs, BigDecimal amount, String what) {
        BigDecimal total = legs.stream().map(Leg::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (legs.isEmpty() || total.compareTo(amount) != 0) {
            throw new IllegalArgumentException("the legs " + legs + " do not add up to the " + what + " of "
                    + amount.toPlainString());
        }
    }

    public boolean isSweep() {
        return kind == IntentKind.SWEEP;
    }

    /**
     * What the venue adapter is asked to do; rebuilt identically on every attempt. A leg from a
     * sub-account keeps its source as {@code SUBACCOUNT:name} in {@code fromWallet}; the instruction
     * carries the wallet and the sub-account apart.
     */
    public TransferInstruction instruction() {
        return new TransferInstruction(intentId, asset, amount, Source.walletOf(fromWallet), mode, symbol, createdAt,
                Source.subAccountOf(fromWallet));
    }

    public boolean leaseExpired(Instant now) {
        return leaseUntil == null || !now.isBefore(leaseUntil);
    }

    /** The intent a check's top-up decision opens: {@code PENDING}, counted on the UTC day of {@code now}. */
    public static Intent opened(CheckId check, AccountConfig account, Decision.TopUp decision, Instant now) {
        return opened(check, account, decision, List.of(new Leg(account.sourceWallet(), decision.amount())), now);
    }

    /**
     * The first leg's intent of a top-up drawn as {@code legs} (whose amounts add up to the decision's):
     * {@code PENDING}, counted on the UTC day of {@code now}, the other legs to come after it.
     */
    public static Intent opened(CheckId check, AccountConfig account, Decision.TopUp decision, List<Leg> legs,
            Instant now) {
        requireAddingUp(legs, decision.amount(), "top-up");
        Leg first = legs.getFirst();
        return new Intent(account.accountId(), check.intentId(), check.value(), IntentState.PENDING, account.venue(),
                account.asset(), first.amount(), first.fromWallet(), account.marginMode(), account.symbol(),
                LocalDate.ofInstant(now, ZoneOffset.UTC), decision.marginRatio(), decision.expectedRatio(), now, 0,
                null, null, null, null, legs.subList(1, legs.size()));
    }

    /**
     * The next leg's intent, opened when this one is confirmed: {@code PENDING}, on the same day's
     * counter (which already holds its amount), with an id derived from this one's, so that a
     * repeated confirmation derives the same id and cannot open it twice.
     */
    public Intent nextLeg(Instant now) {
        if (nextLegs.isEmpty()) {
            throw new IllegalStateException("intent " + intentId + " is the last leg of its "
                    + (isSweep() ? "sweep" : "top-up"));
        }
        Leg next = nextLegs.getFirst();
        String nextId = UUID.nameUUIDFromBytes((intentId + "#next-leg").getBytes(StandardCharsets.UTF_8)).toString();
        return new Intent(accountId, nextId, checkId, IntentState.PENDING, venue, asset, next.amount(), next.fromWallet(),
                mode, symbol, day, marginRatio, expectedRatio, now, 0, null, null, null, null,
                nextLegs.subList(1, nextLegs.size()), kind);
    }

    /** What this leg and the legs after it hold on the day's counter: all of it goes back if this leg fails. */
    public BigDecimal amountWithNextLegs() {
        return nextLegs.stream().map(Leg::amount).reduce(amount, BigDecimal::add);
    }

    /** {@link #amountWithNextLegs()} per source wallet: what each source's share of the day's counter gives back. */
    public Map<String, BigDecimal> amountWithNextLegsBySource() {
        List<Leg> legs = new ArrayList<>();
        legs.add(new Leg(fromWallet, amount));
        legs.addAll(nextLegs);
        return Leg.bySource(legs);
    }

    /** Whether a new attempt may take it now: pending, or sending with its lease expired. */
    public boolean claimableAt(Instant now) {
        return state == IntentState.PENDING || (state == IntentState.SENDING && leaseExpired(now));
    }

    /** The intent as the next attempt holds it: {@code SENDING}, the attempt counted, a fresh lease. */
    public Intent claimedAt(Instant now, Duration lease) {
        return moved(IntentState.SENDING, attempt + 1, now.plus(lease), sentAt == null ? now : sentAt, null, null);
    }

    /** The same intent in another state; a {@code null} transfer id or reason keeps the stored one. */
    public Intent moved(IntentState to, int toAttempt, Instant toLeaseUntil, Instant toSentAt, String toVenueTransferId,
            String toReason) {
        return new Intent(accountId, intentId, checkId, to, venue, asset, amount, fromWallet, mode, symbol, day,
                marginRatio, expectedRatio, createdAt, toAttempt, toLeaseUntil, toSentAt,
                toVenueTransferId == null ? venueTransferId : toVenueTransferId, toReason == null ? reason : toReason,
                nextLegs, kind);
    }
}
