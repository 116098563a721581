package dev.margintopup.venue.hyperliquid;

import dev.margintopup.venue.TransferInstruction;

/**
 * The nonces of a top-up, derived from its persisted intent alone, so that every retry signs the
 * very same actions (the signer is deterministic) and the venue applies each at most once. Like
 * the client id elsewhere, they exist before the first call: the intent's creation time in
 * epoch ms, plus an even offset below one second taken from the intent id, so that two intents
 * of accounts sharing a signer at the same millisecond are unlikely to meet; the spot → perp
 * transfer signs with it and an isolated add with the next one. A sweep's first action (the
 * perp → spot transfer, or an isolated reduce) signs with it and the transfer after a reduce with
 * the next one. See docs/decisions/0025 and 0028.
 */
final class HyperliquidNonce {

    /** Offsets are even and below this, leaving the odd number after each for the isolated add. */
    static final int SPREAD_MS = 1_000;

    private HyperliquidNonce() {}

    static long transfer(TransferInstruction instruction) {
        int offset = Math.floorMod(instruction.clientId().hashCode(), SPREAD_MS / 2) * 2;
        return instruction.createdAt().toEpochMilli() + offset;
    }

    static long isolatedAdd(TransferInstruction instruction) {
        return transfer(instruction) + 1;
    }
}
