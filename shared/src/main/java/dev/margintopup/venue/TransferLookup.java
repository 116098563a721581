package dev.margintopup.venue;

import java.time.Instant;

/** What the venue's transfer history says about one client id. */
public sealed interface TransferLookup {

    /** The transfer happened. */
    record Found(String venueTransferId) implements TransferLookup {}

    /** The venue's history is readable and the transfer is not in it. */
    record NotFound() implements TransferLookup {}

    /** The venue could not say; never resend on this. */
    record Unknown(String reason) implements TransferLookup {}

    /**
     * A two-leg isolated top-up stopped between its legs: the wallet leg moved the money into the
     * margin wallet and the venue's history provably holds no add to the position yet. Resending
     * the whole instruction would move the wallet leg twice; {@link MarginVenue#finishTransfer}
     * sends the add alone. For a two-leg sweep out of an isolated position it is the other way
     * round: the reduce moved the money out of the position into the margin wallet, and
     * {@link MarginVenue#finishSweep} sends the transfer back to the owner's wallet alone.
     *
     * @param walletTransferId the venue's id of the first leg that is done
     * @param walletLegAt when the venue booked the first leg, or {@code null} where its history does not say
     */
    record Unfinished(String walletTransferId, Instant walletLegAt) implements TransferLookup {}
}
