package dev.margintopup.venue;

import dev.margintopup.policy.MarginSnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The port every venue adapter implements. Adapters only move funds between wallets of the
 * same owner: there is no withdrawal here, and there never will be.
 *
 * <p>Every method throws {@link VenueException} with a typed {@link VenueException.Kind};
 * messages name the venue, endpoint and venue code, never a key or secret.
 */
public interface MarginVenue {

    /** The venue's name as written in account items, e.g. {@code paper}. */
    String name();

    /**
     * Reads the margin of the cross account or one isolated position. It does not read any source
     * wallet (the snapshot's {@code sourceFree} is {@code null}): a healthy check is this one request.
     */
    MarginSnapshot readMargin(MarginQuery query);

    /**
     * The free balance of one of the owner's source wallets: what a transfer out of it may move now.
     * The checker asks only when the policy is about to act, or on its heartbeat, one request per
     * source. A wallet the adapter cannot draw from is a {@link VenueException.Kind#CONFIG} error.
     */
    BigDecimal sourceFree(SourceQuery query);

    /**
     * Sends the transfer from the owner's source wallet into margin (cross) or into the isolated
     * position, tagged with the instruction's client id so that {@link #findTransfer} can find it.
     * It sends and reports, it never searches the history first: whether sending is safe is the
     * caller's decision. A refusal of a client id already used, or an answer that cannot be read,
     * is a {@link VenueException} whose {@link VenueException#outcomeUnknown()} is true.
     */
    TransferReceipt transferToMargin(TransferInstruction instruction);

    /**
     * Looks a transfer up from the persisted instruction alone (the caller may have died mid-call):
     * Found, NotFound, Unknown, or for a two-leg isolated top-up stopped between its legs
     * {@link TransferLookup.Unfinished}.
     */
    TransferLookup findTransfer(TransferInstruction instruction);

    /**
     * Sends only the leg that {@code unfinished} says is missing, under the same client-id rules
     * as {@link #transferToMargin}. A venue whose top-ups are one request never answers
     * {@link TransferLookup.Unfinished}, so it is never asked; this default refuses, moving nothing.
     */
    default TransferReceipt finishTransfer(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        throw new VenueException(VenueException.Kind.REJECTED, name(), "(finish)", null, name()
                + " moves collateral in one request and has no unfinished transfer to finish; nothing was sent");
    }

    /**
     * Sends excess margin back out to the owner's wallet {@code instruction.fromWallet()} (sweep-back,
     * decision 0027), under the instruction's client id, with the same rules as
     * {@link #transferToMargin}. A venue whose adapter has no reverse operation yet refuses, moving
     * nothing; the account validator refuses {@code sweep} on such a venue before it gets here.
     */
    default TransferReceipt transferFromMargin(TransferInstruction instruction) {
        throw new VenueException(VenueException.Kind.REJECTED, name(), "(sweep)", null,
                "sweep is not available on venue " + name() + " yet; nothing was sent");
    }

    /**
     * Sends only the last leg of a two-leg sweep out of an isolated position that {@code unfinished}
     * says is missing: the reduce moved the margin out of the position, and the transfer back to
     * {@code instruction.fromWallet()} is provably not in the history (decision 0029). A venue whose
     * sweep is one request never answers {@link TransferLookup.Unfinished} for it; this default
     * refuses, moving nothing.
     */
    default TransferReceipt finishSweep(TransferInstruction instruction, TransferLookup.Unfinished unfinished) {
        throw new VenueException(VenueException.Kind.REJECTED, name(), "(finish sweep)", null, name()
                + " sweeps in one request and has no unfinished sweep to finish; nothing was sent");
    }

    /**
     * Looks a sweep up by its client id, as {@link #findTransfer} does a top-up. A venue without the
     * reverse operation cannot tell, which is never a reason to resend: this default says so.
     */
    default TransferLookup findSweep(TransferInstruction instruction) {
        return new TransferLookup.Unknown("sweep is not available on venue " + name() + " yet; its history of"
                + " transfers out of margin is not read");
    }

    /**
     * How long after sending a transfer may still be missing from the venue's history. A transfer
     * not found within this window is "cannot tell yet", never "safe to resend".
     */
    Duration reconcileGrace();

    /**
     * How the position behind {@code query} ended since {@code since}, asked only when it vanished
     * while the account was at risk or topping up: at most one request, in that rare case only.
     * A venue whose records cannot tell liquidation from closing in one request answers
     * {@link PositionEnd#unknown()}, which is this default.
     */
    default PositionEnd positionEnd(MarginQuery query, Instant since) {
        return PositionEnd.unknown();
    }
}
