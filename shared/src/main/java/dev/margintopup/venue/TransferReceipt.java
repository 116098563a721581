package dev.margintopup.venue;

/** The venue accepted the transfer; {@code applied} is false while the venue still reports it pending. */
public record TransferReceipt(String venueTransferId, boolean applied) {}
