package dev.margintopup.venue.hyperliquid;

/** What came back over the wire, before anyone decides what it means. */
record HyperliquidReply(int status, String body) {}
