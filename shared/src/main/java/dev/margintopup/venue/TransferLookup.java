package dev.margintopup.venue;

/** What the venue's transfer history says about one client id. */
public sealed interface TransferLookup {

    /** The transfer happened. */
    record Found(String venueTransferId) implements TransferLookup {}

    /** The venue's history is readable and the transfer is not in it. */
    record NotFound() implements TransferLookup {}

    /** The venue could not say; never resend on this. */
    record Unknown(String reason) implements TransferLookup {}
}
