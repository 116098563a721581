package dev.margintopup.venue;

import dev.margintopup.policy.Candle;
import java.util.List;

/**
 * Public market data of one venue: recent one-minute candles of a symbol. Read only near an
 * account's trigger, to size the move to survive by what the market is doing now; needs no key.
 *
 * <p>Throws {@link VenueException} like {@link MarginVenue}; a feed that cannot be read leaves the
 * configured move in force, it never blocks a top-up.
 */
public interface CandleFeed {

    /**
     * The most recent {@code count} one-minute candles of {@code symbol}, oldest first; the last
     * one may still be forming.
     */
    List<Candle> recentCandles(String symbol, int count);
}
